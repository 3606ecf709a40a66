package dev.swim.core.runtime;

import dev.swim.core.protocol.ProtocolStats;
import dev.swim.core.protocol.SwimNode;
import dev.swim.core.transport.TransportStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Copies protocol and transport counters into a {@link GossiperStats} (on the event loop). */
final class StatsCopier {
  private StatsCopier() {}

  /**
   * What the event loop publishes every second: a plain copy of the protocol counters and the few
   * figures beside them. The map-based {@link GossiperStats} is built from it on the first read.
   */
  record Sample(
      ProtocolStats protocol,
      int healthScore,
      int broadcastQueueDepth,
      long loopDropped,
      long listenerDropped) {

    /** Takes a sample of {@code node} (on its event loop). */
    static Sample of(SwimNode node, long loopDropped, long listenerDropped) {
      return new Sample(
          new ProtocolStats(node.stats()),
          node.healthScore(),
          node.broadcastQueueDepth(),
          loopDropped,
          listenerDropped);
    }
  }

  /**
   * The counters of {@code sample} and {@code transport} (thread-safe, read now), with what the
   * runtime itself dropped: network tasks (counted as dropped {@code loop-overflow}) and listener
   * deliveries.
   */
  static GossiperStats copy(Sample sample, TransportStats transport) {
    ProtocolStats p = sample.protocol();
    long loopDropped = sample.loopDropped();
    long listenerDropped = sample.listenerDropped();
    Map<String, Long> sent = byName(ProtocolStats.MESSAGE_TYPES, p.messagesSent());
    Map<String, Long> received = byName(ProtocolStats.MESSAGE_TYPES, p.messagesReceived());
    Map<String, Long> bytesSent = new LinkedHashMap<>();
    bytesSent.put("datagram", p.datagramBytesSent());
    bytesSent.put("stream", p.streamBytesSent());
    Map<String, Long> bytesReceived = new LinkedHashMap<>();
    bytesReceived.put("datagram", p.datagramBytesReceived());
    bytesReceived.put("stream", p.streamBytesReceived());
    Map<String, Long> dropped = new LinkedHashMap<>();
    transport.dropsByReason().forEach((k, v) -> dropped.put(kebab(k), v));
    dropped.put("decode-error", p.decodeErrors());
    dropped.merge("wrong-label", p.wrongLabel(), Long::sum);
    dropped.put("wrong-target", p.wrongTarget());
    dropped.put("loop-overflow", loopDropped);
    return new GossiperStats(
        sent,
        received,
        bytesSent,
        bytesReceived,
        dropped,
        p.probes().byName(),
        p.suspicions(),
        p.refutations(),
        p.probeRttCount(),
        p.probeRttTotalMicros(),
        p.probeRttMaxMicros(),
        sample.healthScore(),
        sample.broadcastQueueDepth(),
        p.nameClashes(),
        p.conflicts(),
        rejected(p),
        p.claimChecks(),
        p.stateRecordsCapped(),
        p.userEventOriginsEvicted(),
        listenerDropped,
        p.loopErrors(),
        p.reconnects(),
        p.resurrectionsRefused(),
        p.reapedRecordsEvicted());
  }

  /** Every rejection reason by its kebab name ("implausible-incarnation"), 0s included. */
  private static Map<String, Long> rejected(ProtocolStats p) {
    Map<String, Long> m = new LinkedHashMap<>();
    p.rejections().forEach((k, v) -> m.put(kebab(k), v));
    return m;
  }

  /** An enum constant's stable external name: lower case, '-' for '_'. */
  static String kebab(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static Map<String, Long> byName(List<String> names, long[] values) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      m.put(names.get(i), values[i]);
    }
    return m;
  }
}
