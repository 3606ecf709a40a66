package dev.swim.core.runtime;

import dev.swim.core.protocol.ProtocolStats;
import dev.swim.core.transport.TransportStats;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A point-in-time copy of a Gossiper's counters, ready to be bound to a metrics library.
 *
 * @param messagesSent messages sent, by message type (ping, ack, ping-req, nack, alive, suspect,
 *     dead, push-pull, user-event)
 * @param messagesReceived messages received, by message type
 * @param bytesSent datagram and stream bytes sent, by kind ("datagram", "stream")
 * @param bytesReceived datagram and stream bytes received, by kind
 * @param dropped inbound packets dropped, by reason
 * @param probes probe rounds, by outcome ("direct", "indirect", "tcp", "failed")
 * @param suspicions suspicions this node started
 * @param refutations times this node refuted an accusation about itself
 * @param probeRttCount direct probe round trips measured
 * @param probeRttTotalMicros their total in microseconds
 * @param probeRttMaxMicros the largest in microseconds
 * @param healthScore Lifeguard local health score (0 = healthy)
 * @param broadcastQueueDepth membership updates waiting to be gossiped
 * @param nameClashes times two live instances fought over this node's name
 * @param conflicts claims that moved a live member to another address while it still answered at
 *     its held address (or that moved one instance at all): the member kept its address
 * @param rejected well-formed messages (or parts of one) the protocol refused, by reason: every
 *     {@link ProtocolStats.Rejection} by its lower-case kebab name ("implausible-incarnation",
 *     "other-instance", ...), each present even when 0
 * @param claimChecks direct checks of a member at its held address (address claims, implausible
 *     incarnations)
 * @param stateRecordsCapped member records left out of a push-pull state sent, to keep it within
 *     the state limit
 * @param userEventOriginsEvicted user-event origins forgotten because the most origins were tracked
 *     already
 * @param listenerDeliveriesDropped membership and user-event deliveries dropped because the
 *     listeners fell 10,000 behind (the loop never waits for them)
 * @param loopErrors exceptions the node caught while handling a timer or a message (it carried on
 *     after each; the first of each minute is logged with its stack)
 * @param reconnects push-pulls to members that failed and were reaped, contacted again so that a
 *     partition longer than the tombstone heals (see swim.reconnect-interval)
 * @param resurrectionsRefused stale news of a reaped member (the same instance, not newer) refused
 *     instead of bringing it back
 * @param reapedRecordsEvicted records of reaped members dropped early because the most were held
 *     (swim.max-members)
 */
public record GossiperStats(
    Map<String, Long> messagesSent,
    Map<String, Long> messagesReceived,
    Map<String, Long> bytesSent,
    Map<String, Long> bytesReceived,
    Map<String, Long> dropped,
    Map<String, Long> probes,
    long suspicions,
    long refutations,
    long probeRttCount,
    long probeRttTotalMicros,
    long probeRttMaxMicros,
    int healthScore,
    int broadcastQueueDepth,
    long nameClashes,
    long conflicts,
    Map<String, Long> rejected,
    long claimChecks,
    long stateRecordsCapped,
    long userEventOriginsEvicted,
    long listenerDeliveriesDropped,
    long loopErrors,
    long reconnects,
    long resurrectionsRefused,
    long reapedRecordsEvicted) {

  /** Every counter at zero: the stats of a Gossiper that has not started. */
  public static GossiperStats empty() {
    return new GossiperStats(
        Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0,
        Map.of(), 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /**
   * The keys of {@link #rejected()}, in the order of {@link ProtocolStats.Rejection}:
   * "implausible-incarnation", "other-instance", "oversized", "invalid-name", "invalid-address",
   * "member-limit", "state-too-large", "relay-limit", "reply-budget", "check-limit".
   */
  public static final List<String> REJECTION_REASONS =
      Arrays.stream(ProtocolStats.Rejection.values()).map(StatsCopier::kebab).toList();

  /**
   * The keys of {@link #dropped()}: every transport drop reason ({@code TransportStats.Drop} by its
   * kebab name: "oversized", "wrong-key", ...), then "decode-error", "wrong-target" and
   * "loop-overflow", which the protocol and the runtime add.
   */
  public static final List<String> DROP_REASONS =
      Stream.concat(
              Arrays.stream(TransportStats.Drop.values()).map(StatsCopier::kebab),
              Stream.of("decode-error", "wrong-target", "loop-overflow"))
          .toList();

  /** The keys of {@link #bytesSent()} and {@link #bytesReceived()}: "datagram", "stream". */
  public static final List<String> BYTE_KINDS = List.of("datagram", "stream");

  /** Makes the maps immutable copies. */
  public GossiperStats {
    messagesSent = Map.copyOf(messagesSent);
    messagesReceived = Map.copyOf(messagesReceived);
    bytesSent = Map.copyOf(bytesSent);
    bytesReceived = Map.copyOf(bytesReceived);
    dropped = Map.copyOf(dropped);
    probes = Map.copyOf(probes);
    rejected = Map.copyOf(rejected);
  }
}
