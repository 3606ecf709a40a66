package dev.swim.spring.autoconfigure;

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
  public SwimConfigurationException(String property, String message, Throwable cause) {
    super(message, cause);
    this.property = property;
  }

  /** The {@code swim.*} property at fault, without an index. */
  public String getProperty() {
    return property;
  }
}
