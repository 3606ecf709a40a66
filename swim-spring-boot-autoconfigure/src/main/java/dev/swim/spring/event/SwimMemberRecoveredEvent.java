package dev.swim.spring.event;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEventType;

/** A SUSPECT member refuted the suspicion and is ALIVE again. */
public final class SwimMemberRecoveredEvent extends SwimMembershipEvent {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the event.
   *
   * @param source the Gossiper that saw the change
   * @param member the member after the change
   * @param previousState the member's state before the change, or {@code null} if it was unknown
   */
  public SwimMemberRecoveredEvent(Object source, Member member, MemberState previousState) {
    super(source, member, previousState);
  }

  /** Always {@link MembershipEventType#RECOVERED}. */
  @Override
  public MembershipEventType getType() {
    return MembershipEventType.RECOVERED;
  }
}
