package dev.swim.spring.event;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEventType;

/** A member was declared DEAD after its suspicion timed out. */
public final class SwimMemberFailedEvent extends SwimMembershipEvent {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the event.
   *
   * @param source the Gossiper that saw the change
   * @param member the member after the change
   * @param previousState the member's state before the change, or {@code null} if it was unknown
   */
  public SwimMemberFailedEvent(Object source, Member member, MemberState previousState) {
    super(source, member, previousState);
  }

  /** Always {@link MembershipEventType#FAILED}. */
  @Override
  public MembershipEventType getType() {
    return MembershipEventType.FAILED;
  }
}
