package dev.swim.core.member;

/**
 * The state of a member as one node sees it. FAILED and LEFT are event names; the states are these
 * four.
 */
public enum MemberState {
  /** Answers probes, or has refuted every accusation so far. */
  ALIVE,
  /** Failed a probe round; dead unless it refutes before the suspicion timeout. */
  SUSPECT,
  /** Declared dead after the suspicion timeout; kept as a tombstone until reaped. */
  DEAD,
  /** Left gracefully; kept as a tombstone until reaped. A LEFT member never becomes DEAD. */
  LEFT;

  /** True for ALIVE and SUSPECT: the member is believed to be running. */
  public boolean isLive() {
    return this == ALIVE || this == SUSPECT;
  }
}
