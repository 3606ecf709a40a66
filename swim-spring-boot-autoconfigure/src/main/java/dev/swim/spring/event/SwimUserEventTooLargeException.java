package dev.swim.spring.event;

/**
 * A user event payload over {@code swim.max-user-event-size}. Nothing was sent.
 *
 * <p>The limit exists because user events ride in datagrams next to membership updates; send a
 * reference (a key, a version, a URL) rather than the data itself.
 */
public class SwimUserEventTooLargeException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String eventName;
  private final int size;
  private final int limit;

  /**
   * Creates the exception.
   *
   * @param eventName the event's name
   * @param size the payload's size in bytes
   * @param limit the largest payload allowed, in bytes
   */
  public SwimUserEventTooLargeException(String eventName, int size, int limit) {
    super(
        "User event '"
            + eventName
            + "' payload is "
            + size
            + " bytes, over the limit of "
            + limit
            + " bytes (swim.max-user-event-size)");
    this.eventName = eventName;
    this.size = size;
    this.limit = limit;
  }

  /** The name of the event that was not sent. */
  public String getEventName() {
    return eventName;
  }

  /** The payload's size in bytes. */
  public int getSize() {
    return size;
  }

  /** The largest payload allowed ({@code swim.max-user-event-size}), in bytes. */
  public int getLimit() {
    return limit;
  }
}
