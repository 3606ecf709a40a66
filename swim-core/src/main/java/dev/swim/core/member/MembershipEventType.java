package dev.swim.core.member;

/** What happened to a member, in the order a member's life usually goes. */
public enum MembershipEventType {
  /** A member was seen for the first time, or came back after DEAD or LEFT. */
  JOINED,
  /** An ALIVE member changed its metadata or address. */
  UPDATED,
  /** A member became SUSPECT. */
  SUSPECTED,
  /** A SUSPECT member refuted and is ALIVE again. */
  RECOVERED,
  /** A member was declared DEAD. */
  FAILED,
  /** A member left gracefully (state LEFT). */
  LEFT,
  /** A DEAD or LEFT member's tombstone was reaped; the member is forgotten. */
  REMOVED
}
