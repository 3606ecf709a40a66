package dev.swim.spring.actuate.endpoint;

import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.settings.Setting;
import dev.swim.core.settings.SwimSettings;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The settings in effect, one entry per setting of {@link SwimSettings}: named after its property
 * without {@code swim.}, in camel case ({@code probeInterval}, {@code joinRetryInterval}, {@code
 * encryptionVerifyIncoming}), valued as a property is written ({@code 1s}, {@code 1400B}, {@code
 * lan}). No key material: {@code swim.encryption.keys} is reported as {@code encryption} (whether
 * packets are encrypted) and {@code keyCount} (how many keys the keyring holds).
 */
public final class SettingsDescriptor {
  private SettingsDescriptor() {}

  /**
   * The settings of {@code config}.
   *
   * @param config the configuration
   * @param keyCount how many keys the keyring holds now (keys can be rotated at runtime)
   * @return the settings by name, in the order of {@link SwimSettings#ALL}
   */
  public static Map<String, Object> of(GossiperConfig config, int keyCount) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Setting<?> s : SwimSettings.ALL) {
      if (s.secret()) {
        out.put("encryption", config.encryptionEnabled());
        out.put("keyCount", keyCount);
      } else {
        out.put(name(s), value(s, config.get(s)));
      }
    }
    return out;
  }

  /** {@code swim.join.retry-interval} is {@code joinRetryInterval}. */
  static String name(Setting<?> s) {
    String[] parts = s.property().substring("swim.".length()).split("[.-]");
    StringBuilder sb = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      sb.append(parts[i].substring(0, 1).toUpperCase(Locale.ROOT)).append(parts[i].substring(1));
    }
    return sb.toString();
  }

  private static @Nullable Object value(Setting<?> s, @Nullable Object v) {
    if (v == null) {
      return null;
    }
    return switch (s.type()) {
      case DURATION, BYTES, PROFILE -> s.format(v);
      default -> v;
    };
  }
}
