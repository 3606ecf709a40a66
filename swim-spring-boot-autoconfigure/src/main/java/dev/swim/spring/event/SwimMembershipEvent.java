package dev.swim.spring.event;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.MembershipEventType;
import org.springframework.context.ApplicationEvent;

/**
 * A membership change seen by this node, published as a Spring application event. Listen to this
 * type for every change, or to one subclass for one kind:
 *
 * <pre>{@code
 * @EventListener
 * void onFailed(SwimMemberFailedEvent event) {
 *   log.warn("{} is dead", event.getMember().name());
 * }
 * }</pre>
 *
 * <p>Events arrive in the order this node saw the changes, one at a time, on the Gossiper's
 * dedicated listener thread {@code swim-events-<node name>}, never on the protocol's event loop: a
 * slow listener delays later events but never probes or gossip. Hand long work to another executor
 * (for example with {@code @Async}) all the same, since shutdown waits at most 2 s for it.
 *
 * <p>The source is the {@code Gossiper}.
 */
public abstract sealed class SwimMembershipEvent extends ApplicationEvent
    permits SwimMemberJoinedEvent,
        SwimMemberUpdatedEvent,
        SwimMemberSuspectedEvent,
        SwimMemberRecoveredEvent,
        SwimMemberFailedEvent,
        SwimMemberLeftEvent,
        SwimMemberRemovedEvent {

  private static final long serialVersionUID = 1L;

  private final transient Member member;
  private final MemberState previousState;

  /**
   * Creates the event.
   *
   * @param source the Gossiper that saw the change
   * @param member the member after the change
   * @param previousState the member's state before the change, or {@code null} if it was unknown
   */
  protected SwimMembershipEvent(Object source, Member member, MemberState previousState) {
    super(source);
    this.member = member;
    this.previousState = previousState;
  }

  /** The event for {@code event}, a core membership event, with {@code source} as its source. */
  public static SwimMembershipEvent of(Object source, MembershipEvent event) {
    Member m = event.member();
    MemberState previous = event.previousState();
    return switch (event.type()) {
      case JOINED -> new SwimMemberJoinedEvent(source, m, previous);
      case UPDATED -> new SwimMemberUpdatedEvent(source, m, previous);
      case SUSPECTED -> new SwimMemberSuspectedEvent(source, m, previous);
      case RECOVERED -> new SwimMemberRecoveredEvent(source, m, previous);
      case FAILED -> new SwimMemberFailedEvent(source, m, previous);
      case LEFT -> new SwimMemberLeftEvent(source, m, previous);
      case REMOVED -> new SwimMemberRemovedEvent(source, m, previous);
    };
  }

  /** What happened. */
  public abstract MembershipEventType getType();

  /** A snapshot of the member after the change. */
  public Member getMember() {
    return member;
  }

  /** The member's state before the change, or {@code null} for a member not known before. */
  public MemberState getPreviousState() {
    return previousState;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "[member="
        + member.name()
        + ", state="
        + member.state()
        + ", previousState="
        + previousState
        + "]";
  }
}
