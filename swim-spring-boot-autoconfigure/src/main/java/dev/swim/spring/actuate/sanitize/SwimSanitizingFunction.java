package dev.swim.spring.actuate.sanitize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

/**
 * Masks SWIM key material in {@code /actuator/env} and {@code /actuator/configprops}, even with
 * {@code show-values=always}:
 *
 * <ul>
 *   <li>every property under {@code swim.encryption.} and every environment variable starting with
 *       {@code SWIM_ENCRYPTION_};
 *   <li>every other property whose value contains one of the configured keys: a key passed on the
 *       command line also shows in {@code sun.java.command}, and a key set in {@code
 *       JAVA_TOOL_OPTIONS} or {@code JDK_JAVA_OPTIONS} shows there.
 * </ul>
 *
 * <p>The configured keys are read once, on first use, from {@code swim.encryption.keys}. Values
 * shorter than {@value #MIN_KEY_LENGTH} characters are not treated as keys (a real AES key in
 * base64 has at least 24), so a mistyped short value cannot mask unrelated properties.
 */
public final class SwimSanitizingFunction implements SanitizingFunction {

  /** The shortest configured value searched for in other properties. */
  static final int MIN_KEY_LENGTH = 16;

  private final Supplier<List<String>> keys;

  /**
   * Creates the function.
   *
   * @param environment where to read {@code swim.encryption.keys} from
   */
  public SwimSanitizingFunction(Environment environment) {
    this.keys = SingletonSupplier.of(() -> configuredKeys(environment));
  }

  @Override
  public SanitizableData apply(SanitizableData data) {
    if (isEncryptionKey(data.getKey()) || containsKey(data.getValue())) {
      return data.withSanitizedValue();
    }
    return data;
  }

  private static boolean isEncryptionKey(String key) {
    if (key == null) {
      return false;
    }
    String k = key.toLowerCase(Locale.ROOT);
    return k.startsWith("swim.encryption.") || k.startsWith("swim_encryption_");
  }

  private boolean containsKey(@Nullable Object value) {
    if (value == null) {
      return false;
    }
    String text = value.toString();
    for (String key : keys.get()) {
      if (text.contains(key)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> configuredKeys(Environment environment) {
    List<String> configured =
        Binder.get(environment)
            .bind("swim.encryption.keys", Bindable.listOf(String.class))
            .orElse(List.of());
    List<String> keys = new ArrayList<>();
    for (String entry : configured) {
      for (String key : entry.split(",")) {
        String k = key.trim();
        if (k.length() >= MIN_KEY_LENGTH) {
          keys.add(k);
        }
      }
    }
    return List.copyOf(keys);
  }
}
