package dev.swim.spring.event;

import dev.swim.core.runtime.Gossiper;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Broadcasts cluster-wide user events: every member, this one included, receives each at most once
 * as a {@link SwimUserEvent}. Use it for small notifications such as cache invalidations or
 * feature-flag changes, with no message broker.
 *
 * <pre>{@code
 * publisher.broadcast("cache-invalidate", "customer:42");
 * }</pre>
 *
 * <p>Delivery is best effort: members that are down or partitioned while the event spreads miss it,
 * and events are not ordered across senders. The payload is limited to {@code
 * swim.max-user-event-size} (512 bytes by default).
 */
public class SwimUserEventPublisher {

  /** The longest event name, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 255;

  private final Gossiper gossiper;

  /**
   * Creates the publisher.
   *
   * @param gossiper the Gossiper that sends the events
   */
  public SwimUserEventPublisher(Gossiper gossiper) {
    this.gossiper = gossiper;
  }

  /**
   * Broadcasts a user event.
   *
   * @param name the event's name, 1 to {@value #MAX_NAME_BYTES} UTF-8 bytes
   * @param payload the event's bytes, at most {@link #maxPayloadSize()}
   * @throws SwimUserEventTooLargeException when the payload is over the limit
   * @throws IllegalArgumentException when the name is empty or too long
   * @throws IllegalStateException when the Gossiper is not started
   */
  public void broadcast(String name, byte[] payload) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(payload, "payload");
    int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (nameBytes == 0 || nameBytes > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          "User event name must be 1 to " + MAX_NAME_BYTES + " bytes in UTF-8, was " + nameBytes);
    }
    int limit = maxPayloadSize();
    if (payload.length > limit) {
      throw new SwimUserEventTooLargeException(name, payload.length, limit);
    }
    gossiper.broadcast(name, payload);
  }

  /**
   * Broadcasts a user event whose payload is {@code payload} in UTF-8.
   *
   * @param name the event's name
   * @param payload the event's text
   * @throws SwimUserEventTooLargeException when the encoded payload is over the limit
   */
  public void broadcast(String name, String payload) {
    broadcast(name, payload.getBytes(StandardCharsets.UTF_8));
  }

  /** The largest payload in bytes ({@code swim.max-user-event-size}). */
  public int maxPayloadSize() {
    return gossiper.config().protocol().userEventLimitBytes();
  }
}
