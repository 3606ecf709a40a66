package dev.swim.core.settings;

/** A setting's value is out of its bounds or inconsistent with another's; names the property. */
public final class InvalidSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient Setting<?> setting;

  /**
   * Creates the exception.
   *
   * @param setting the setting at fault (the first one named, when several are involved)
   * @param message the full message, starting with the property name
   */
  public InvalidSettingException(Setting<?> setting, String message) {
    super(message);
    this.setting = setting;
  }

  /** The setting at fault. */
  public Setting<?> setting() {
    return setting;
  }

  /** The property at fault, for example {@code swim.probe-timeout}. */
  public String property() {
    return setting.property();
  }
}
