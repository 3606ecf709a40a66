package dev.swim.spring.event;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEventType;

/** A DEAD or LEFT member's tombstone was reaped; the member is forgotten. */
public final class SwimMemberRemovedEvent extends SwimMembershipEvent {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the event.
   *
   * @param source the Gossiper that saw the change
   * @param member the member after the change
   * @param previousState the member's state before the change, or {@code null} if it was unknown
   */
  public SwimMemberRemovedEvent(Object source, Member member, MemberState previousState) {
    super(source, member, previousState);
  }

  /** Always {@link MembershipEventType#REMOVED}. */
  @Override
  public MembershipEventType getType() {
    return MembershipEventType.REMOVED;
  }
}
