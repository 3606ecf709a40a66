package dev.swim.spring.event;

import java.nio.charset.StandardCharsets;
import org.springframework.context.ApplicationEvent;

/**
 * A cluster-wide user event this node received, published as a Spring application event: one member
 * called {@code gossiper.broadcast(name, payload)} (or {@link SwimUserEventPublisher}) and every
 * member, the sender included, receives it at most once.
 *
 * <pre>{@code
 * @EventListener
 * void onUserEvent(SwimUserEvent event) {
 *   if (event.getName().equals("cache-invalidate")) {
 *     cache.evict(event.getPayloadAsString());
 *   }
 * }
 * }</pre>
 *
 * <p>Events arrive one at a time on the Gossiper's listener thread {@code swim-events-<node name>},
 * the same thread as {@link SwimMembershipEvent}s, never on the protocol's event loop. Delivery is
 * best effort, like all gossip: a member that is down or partitioned while the event spreads does
 * not get it later. Events from different members may arrive in any order.
 *
 * <p>The source is the {@code Gossiper}.
 */
public final class SwimUserEvent extends ApplicationEvent {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final String origin;
  private final byte[] payload;

  /**
   * Creates the event.
   *
   * @param source the Gossiper that received the event
   * @param name the event's name
   * @param origin the name of the member that broadcast it
   * @param payload the event's bytes (copied)
   */
  public SwimUserEvent(Object source, String name, String origin, byte[] payload) {
    super(source);
    this.name = name;
    this.origin = origin;
    this.payload = payload.clone();
  }

  /** The event's name, as given to {@code broadcast}. */
  public String getName() {
    return name;
  }

  /** The name of the member that broadcast the event (this node's own name for its own events). */
  public String getOrigin() {
    return origin;
  }

  /** A copy of the event's payload. */
  public byte[] getPayload() {
    return payload.clone();
  }

  /** The payload decoded as UTF-8 (malformed bytes become U+FFFD). */
  public String getPayloadAsString() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "SwimUserEvent[name="
        + name
        + ", origin="
        + origin
        + ", payload="
        + payload.length
        + " bytes]";
  }
}
