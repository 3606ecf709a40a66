package dev.swim.spring;

import dev.swim.core.settings.InvalidSettingException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@code swim.*} setting that keeps the Gossiper from being built or started. The message names
 * the property (never a key); {@link #getProperty()} names it for failure analysis.
 */
public class SwimConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String property;

  /**
   * Creates the exception.
   *
   * @param property the {@code swim.*} property at fault, without an index (for example {@code
   *     swim.encryption.keys})
   * @param message what is wrong, naming the property
   * @param cause the underlying exception, or {@code null}
   */
  public SwimConfigurationException(String property, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.property = property;
  }

  /**
   * The core's validation failure as a configuration failure: a setting's exception already names
   * its {@code swim.*} property; anything else is reported against {@code swim}.
   */
  public static SwimConfigurationException of(IllegalArgumentException e) {
    if (e instanceof InvalidSettingException invalid) {
      return new SwimConfigurationException(
          invalid.property(),
          Objects.requireNonNullElse(invalid.getMessage(), invalid.property()),
          invalid);
    }
    return new SwimConfigurationException("swim", "swim: " + e.getMessage(), e);
  }

  /** The {@code swim.*} property at fault, without an index. */
  public String getProperty() {
    return property;
  }
}
