package dev.swim.spring.autoconfigure;

import dev.swim.core.settings.Profile;
import dev.swim.core.settings.Setting;
import dev.swim.core.settings.StarterSettings;
import dev.swim.core.settings.SwimSettings;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.util.unit.DataSize;

/**
 * The {@code swim.*} properties of the environment: every setting of {@link SwimSettings} and every
 * switch of {@link StarterSettings}, each bound by its own property name and type. Names, types,
 * defaults and bounds are declared there, once; nothing here repeats them.
 *
 * <p>A setting not set explicitly takes the default of {@code swim.profile}. Values are validated
 * when the Gossiper is built, and an invalid one fails startup naming its property. Keys never
 * appear in {@link #toString()}.
 */
public final class SwimProperties {

  private final IdentityHashMap<Setting<?>, Object> explicit;
  private final Profile profile;

  private SwimProperties(IdentityHashMap<Setting<?>, Object> explicit) {
    this.explicit = explicit;
    Object p = explicit.get(SwimSettings.PROFILE);
    this.profile = p == null ? SwimSettings.PROFILE.defaultFor(Profile.LAN) : (Profile) p;
  }

  /** Binds every setting and switch from {@code binder}. */
  public static SwimProperties bind(Binder binder) {
    IdentityHashMap<Setting<?>, Object> values = new IdentityHashMap<>();
    for (Setting<?> s : SwimSettings.ALL) {
      bindOne(binder, s).ifPresent(v -> values.put(s, v));
    }
    for (Setting<?> s : StarterSettings.ALL) {
      bindOne(binder, s).ifPresent(v -> values.put(s, v));
    }
    return new SwimProperties(values);
  }

  private static Optional<Object> bindOne(Binder binder, Setting<?> s) {
    Bindable<?> target =
        switch (s.type()) {
          case DURATION -> Bindable.of(Duration.class);
          case INTEGER -> Bindable.of(Integer.class);
          case BOOLEAN -> Bindable.of(Boolean.class);
          case BYTES -> Bindable.of(DataSize.class);
          case TEXT -> Bindable.of(String.class);
          case TEXT_LIST -> Bindable.listOf(String.class);
          case TEXT_MAP -> Bindable.mapOf(String.class, String.class);
          case PROFILE -> Bindable.of(Profile.class);
        };
    BindResult<?> bound = binder.bind(s.property(), target);
    return bound.isBound() ? Optional.ofNullable(normalize(s, bound.get())) : Optional.empty();
  }

  /** Sizes in bytes; text trimmed (blank: unset when the default is computed); lists trimmed. */
  private static @Nullable Object normalize(Setting<?> s, Object value) {
    return switch (s.type()) {
      case BYTES -> bytes((DataSize) value);
      case TEXT -> {
        String t = ((String) value).trim();
        yield t.isEmpty() && s.defaultFor(Profile.LAN) == null ? null : t;
      }
      case TEXT_LIST ->
          ((List<?>) value)
              .stream().map(v -> String.valueOf(v).trim()).filter(v -> !v.isEmpty()).toList();
      case TEXT_MAP -> Collections.unmodifiableMap(new LinkedHashMap<>((Map<?, ?>) value));
      default -> value;
    };
  }

  /** The size in bytes, saturated to the int range so that the setting's bounds report it. */
  static int bytes(DataSize size) {
    long v = size.toBytes();
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }

  /** The profile whose defaults apply. */
  public Profile profile() {
    return profile;
  }

  /** The value set explicitly, if any. */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> explicit(Setting<T> setting) {
    return Optional.ofNullable((T) explicit.get(setting));
  }

  /** The value set explicitly, else the profile's default (null when it is computed). */
  public <T> T get(Setting<T> setting) {
    return explicit(setting).orElseGet(() -> setting.defaultFor(profile));
  }

  /** {@code swim.enabled}. */
  public boolean enabled() {
    return get(StarterSettings.ENABLED);
  }

  /** {@code swim.auto-startup}. */
  public boolean autoStartup() {
    return get(StarterSettings.AUTO_STARTUP);
  }

  /** {@code swim.join.validate-seeds}. */
  public boolean validateSeeds() {
    return get(StarterSettings.JOIN_VALIDATE_SEEDS);
  }

  /** {@code swim.seeds}, trimmed, without empty entries. */
  public List<String> seeds() {
    return get(SwimSettings.SEEDS);
  }

  /** {@code swim.metadata}. */
  public Map<String, String> metadata() {
    return get(SwimSettings.METADATA);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("SwimProperties[profile=").append(profile.value());
    for (Setting<?> s : SwimSettings.ALL) {
      Object v = explicit.get(s);
      if (v != null && s != SwimSettings.PROFILE) {
        sb.append(", ").append(s.property()).append('=');
        sb.append(s.secret() ? ((List<?>) v).size() + " key(s)" : s.format(v));
      }
    }
    return sb.append(']').toString();
  }
}
