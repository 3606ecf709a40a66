package dev.swim.core.runtime;

import java.util.Map;

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
    long nameClashes) {

  /** Makes the maps immutable copies. */
  public GossiperStats {
    messagesSent = Map.copyOf(messagesSent);
    messagesReceived = Map.copyOf(messagesReceived);
    bytesSent = Map.copyOf(bytesSent);
    bytesReceived = Map.copyOf(bytesReceived);
    dropped = Map.copyOf(dropped);
    probes = Map.copyOf(probes);
  }
}
