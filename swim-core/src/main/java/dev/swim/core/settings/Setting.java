package dev.swim.core.settings;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One setting, declared once: its {@code swim.*} property name, its type, its default in each
 * {@link Profile}, its bounds and a one-line description. Validation, error messages, the Spring
 * binding, the configuration metadata and the configuration reference all derive from it.
 *
 * @param <T> the value's Java type in the core (sizes are {@link Integer} bytes)
 */
public final class Setting<T> {

  /** The kinds of value a setting takes, and how a property value is written for each. */
  public enum Type {
    /** A duration: {@code 500ms}, {@code 1s}. */
    DURATION,
    /** A whole number. */
    INTEGER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A size in bytes, written as a data size: {@code 1400B}, {@code 16MB}. */
    BYTES,
    /** Text. */
    TEXT,
    /** A comma-separated list of text values. */
    TEXT_LIST,
    /** A map of text keys to text values. */
    TEXT_MAP,
    /** A {@link Profile}: {@code lan}, {@code wan} or {@code local}. */
    PROFILE
  }

  private final String property;
  private final Type type;
  private final Map<Profile, T> defaults;
  private final String computedDefault;
  private final T min;
  private final T max;
  private final String description;
  private final boolean secret;

  private Setting(Builder<T> b) {
    this.property = b.property;
    this.type = b.type;
    this.defaults = b.defaults;
    this.computedDefault = b.computedDefault;
    this.min = b.min;
    this.max = b.max;
    this.description = b.description;
    this.secret = b.secret;
  }

  /** The full property name, for example {@code swim.probe-interval}. */
  public String property() {
    return property;
  }

  /** The kind of value. */
  public Type type() {
    return type;
  }

  /** The default under {@code profile}, or null when there is none (or it is computed). */
  public T defaultFor(Profile profile) {
    return defaults.get(profile);
  }

  /** Whether the default differs between profiles. */
  public boolean profileDependent() {
    return defaults.get(Profile.LAN) != null
        && (!defaults.get(Profile.LAN).equals(defaults.get(Profile.WAN))
            || !defaults.get(Profile.LAN).equals(defaults.get(Profile.LOCAL)));
  }

  /** How the default is found when it is computed at start-up (null when it is a value). */
  public String computedDefault() {
    return computedDefault;
  }

  /** The smallest value allowed, or null. */
  public T min() {
    return min;
  }

  /** The largest value allowed, or null. */
  public T max() {
    return max;
  }

  /** One line saying what the setting does. */
  public String description() {
    return description;
  }

  /** Whether the value is key material: never logged or reported, only its size. */
  public boolean secret() {
    return secret;
  }

  /**
   * Checks {@code value} against the bounds and returns it.
   *
   * @throws IllegalArgumentException naming the property, the bound and the value
   */
  public T check(T value) {
    if (value == null) {
      if (defaults.get(Profile.LAN) != null) {
        throw invalid("must be set");
      }
      return null;
    }
    if ((min != null && compare(value, min) < 0) || (max != null && compare(value, max) > 0)) {
      throw invalid(bounds() + ", was " + format(value));
    }
    return value;
  }

  private String bounds() {
    if (min != null && max != null) {
      return "must be between " + format(min) + " and " + format(max);
    }
    return min != null ? "must be at least " + format(min) : "must be at most " + format(max);
  }

  /**
   * An exception for this setting's {@code value} against another setting's: {@code swim.a (x) must
   * be <relation> swim.b (y)}.
   */
  public <U> InvalidSettingException invalidAgainst(
      T value, String relation, Setting<U> other, U otherValue) {
    return invalid(
        "("
            + format(value)
            + ") must be "
            + relation
            + " "
            + other.property()
            + " ("
            + other.format(otherValue)
            + ")");
  }

  /** An exception whose message is this property followed by {@code problem}. */
  public InvalidSettingException invalid(String problem) {
    return new InvalidSettingException(this, property + " " + problem);
  }

  /** {@code value} written as a property value: {@code 500ms}, {@code 1400B}, {@code lan}. */
  public String format(Object value) {
    if (value == null) {
      return "";
    }
    return switch (type) {
      case DURATION -> Durations.format((Duration) value);
      case BYTES -> value + "B";
      case PROFILE -> ((Profile) value).value();
      case TEXT_LIST ->
          String.join(",", ((java.util.List<?>) value).stream().map(String::valueOf).toList());
      default -> String.valueOf(value);
    };
  }

  @SuppressWarnings("unchecked")
  private static <T> int compare(T a, T b) {
    return ((Comparable<T>) a).compareTo(b);
  }

  @Override
  public String toString() {
    return property;
  }

  /** Starts the declaration of {@code property} of {@code type}. */
  public static <T> Builder<T> declare(String property, Type type, String description) {
    return new Builder<>(property, type, description);
  }

  /** Declares one setting. */
  public static final class Builder<T> {
    private final String property;
    private final Type type;
    private final String description;
    private final Map<Profile, T> defaults = new EnumMap<>(Profile.class);
    private String computedDefault;
    private T min;
    private T max;
    private boolean secret;

    private Builder(String property, Type type, String description) {
      this.property = Objects.requireNonNull(property);
      this.type = Objects.requireNonNull(type);
      this.description = Objects.requireNonNull(description);
    }

    /** The same default in every profile. */
    public Builder<T> byDefault(T value) {
      return byProfile(value, value, value);
    }

    /** One default per profile. */
    public Builder<T> byProfile(T lan, T wan, T local) {
      defaults.put(Profile.LAN, Objects.requireNonNull(lan));
      defaults.put(Profile.WAN, Objects.requireNonNull(wan));
      defaults.put(Profile.LOCAL, Objects.requireNonNull(local));
      return this;
    }

    /** No fixed default: {@code how} says how it is found at start-up. */
    public Builder<T> computed(String how) {
      computedDefault = how;
      return this;
    }

    public Builder<T> min(T v) {
      min = v;
      return this;
    }

    public Builder<T> max(T v) {
      max = v;
      return this;
    }

    public Builder<T> range(T lo, T hi) {
      return min(lo).max(hi);
    }

    /** Marks the value as key material. */
    public Builder<T> secret() {
      secret = true;
      return this;
    }

    public Setting<T> build() {
      return new Setting<>(this);
    }
  }
}
