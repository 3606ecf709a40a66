package dev.swim.spring.event;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEventType;

/** A member failed a probe round and is SUSPECT: dead unless it refutes in time. */
public final class SwimMemberSuspectedEvent extends SwimMembershipEvent {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the event.
   *
   * @param source the Gossiper that saw the change
   * @param member the member after the change
   * @param previousState the member's state before the change, or {@code null} if it was unknown
   */
  public SwimMemberSuspectedEvent(Object source, Member member, MemberState previousState) {
    super(source, member, previousState);
  }

  /** Always {@link MembershipEventType#SUSPECTED}. */
  @Override
  public MembershipEventType getType() {
    return MembershipEventType.SUSPECTED;
  }
}
