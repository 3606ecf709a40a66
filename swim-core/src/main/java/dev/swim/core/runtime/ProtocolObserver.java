package dev.swim.core.runtime;

import dev.swim.core.member.NodeAddress;

/**
 * Watches the protocol's units of work as they happen, for tracing and timing: each probe round and
 * each push-pull exchange this node opens. Called on the Gossiper's event loop, in order: an
 * implementation must return within microseconds, must not block and must not call back into the
 * Gossiper. An exception it throws is logged (once per observer) and ignored.
 *
 * <p>Each started unit ends exactly once, unless the Gossiper is closed first: an observer that
 * keeps state per unit ends what is still open when the Gossiper stops.
 */
public interface ProtocolObserver {

  /**
   * A probe round began.
   *
   * @param round the round's id, unique for this Gossiper
   * @param target the member probed
   */
  default void probeStarted(long round, String target) {}

  /**
   * A probe round ended.
   *
   * @param round the round's id, as given to {@link #probeStarted}
   * @param target the member probed
   * @param outcome how it ended: {@code direct}, {@code indirect}, {@code tcp} or {@code failed}
   *     (see {@code ProbeOutcomes})
   * @param rttMicros the round trip of a direct ack, in microseconds; -1 for any other outcome
   */
  default void probeEnded(long round, String target, String outcome, long rttMicros) {}

  /**
   * This node opened a push-pull exchange (a state sync, or a join through a seed).
   *
   * @param exchange the exchange's id, unique for this Gossiper
   * @param peer the address the exchange goes to
   * @param join whether it is a join through a seed
   */
  default void pushPullStarted(long exchange, NodeAddress peer, boolean join) {}

  /**
   * A push-pull exchange this node opened ended.
   *
   * @param exchange the exchange's id, as given to {@link #pushPullStarted}
   * @param peer the address it went to
   * @param answered whether the peer answered (false: refused, timed out or cut)
   */
  default void pushPullEnded(long exchange, NodeAddress peer, boolean answered) {}
}
