package dev.swim.core.protocol;

import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.NodeAddress;

/**
 * What a {@link SwimNode} asks its driver to do. The node calls these synchronously from whichever
 * thread drives it; implementations must not call back into the node.
 */
public interface Outbox {

  /** Why the node opens a stream. */
  enum StreamPurpose {
    /** A full-state exchange to join through a seed. */
    JOIN,
    /** Periodic anti-entropy (or partition healing). */
    PUSH_PULL,
    /** A ping over the stream transport when UDP pings fail. */
    FALLBACK_PING,
    /**
     * A ping over the stream transport to a member's held address, before a claim about it that
     * would do lasting harm is believed (a move to another address, an implausible incarnation).
     */
    CHECK
  }

  /**
   * The bytes the transport adds to every datagram (33 with AES-GCM), which the node keeps free of
   * its datagram budget.
   */
  default int datagramOverhead() {
    return 0;
  }

  /**
   * The driver's clock in microseconds at the node's millisecond {@code now}, for round-trip times:
   * a LAN round trip is well under a millisecond, which the node's own clock would read as 0. By
   * default {@code now * 1000}, so a virtual-time driver measures whole milliseconds.
   */
  default long clockMicros(long now) {
    return now * 1000;
  }

  /** Sends one encoded packet as a datagram, best effort. */
  void sendDatagram(NodeAddress to, byte[] packet);

  /** The deadline of a stream request that has none but the transport's stream timeout. */
  long NO_DEADLINE = Long.MAX_VALUE;

  /**
   * Sends {@code request} over a stream and, later, reports the response with {@link
   * SwimNode#onStreamResponse} or the failure with {@link SwimNode#onStreamFailed}, passing back
   * {@code purpose} and {@code token}. The exchange fails at {@code deadline} (the node's clock, as
   * handed to it) or at the transport's stream timeout, whichever comes first: a fallback ping is
   * worth waiting for only until its probe round ends.
   */
  void streamRequest(
      NodeAddress to, byte[] request, StreamPurpose purpose, long token, long deadline);

  /** A membership event, in order. */
  void emit(MembershipEvent event);

  /** A user event delivered to this node (at most once per origin and sequence). */
  default void deliverUserEvent(String name, String origin, byte[] payload) {}

  /**
   * A probe round began: this node pinged {@code target}. Every round started ends with exactly one
   * {@link #probeEnded} of the same {@code seq}, unless the node stops first.
   */
  default void probeStarted(long seq, String target) {}

  /**
   * A probe round ended.
   *
   * @param seq the round's sequence number, as given to {@link #probeStarted}
   * @param target the member probed
   * @param outcome how it ended, one of {@link ProbeOutcomes#NAMES}
   * @param rttMicros the round trip of a direct ack, or -1 for any other outcome
   */
  default void probeEnded(long seq, String target, String outcome, long rttMicros) {}
}
