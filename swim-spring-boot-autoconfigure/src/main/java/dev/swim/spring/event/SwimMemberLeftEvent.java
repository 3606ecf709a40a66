package dev.swim.spring.event;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEventType;

/** A member left the cluster gracefully; its state is LEFT. */
public final class SwimMemberLeftEvent extends SwimMembershipEvent {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the event.
   *
   * @param source the Gossiper that saw the change
   * @param member the member after the change
   * @param previousState the member's state before the change, or {@code null} if it was unknown
   */
  public SwimMemberLeftEvent(Object source, Member member, MemberState previousState) {
    super(source, member, previousState);
  }

  /** Always {@link MembershipEventType#LEFT}. */
  @Override
  public MembershipEventType getType() {
    return MembershipEventType.LEFT;
  }
}
