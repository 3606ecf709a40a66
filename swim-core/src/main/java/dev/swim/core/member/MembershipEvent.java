package dev.swim.core.member;

import java.util.Objects;

/**
 * One membership change seen by the local node.
 *
 * @param type what happened
 * @param member the member after the change
 * @param previousState the state before the change, or {@code null} for a member not known before
 */
public record MembershipEvent(MembershipEventType type, Member member, MemberState previousState) {

  /** Checks the required fields. */
  public MembershipEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(member, "member");
  }
}
