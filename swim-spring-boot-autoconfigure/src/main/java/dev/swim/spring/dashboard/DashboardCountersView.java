package dev.swim.spring.dashboard;

import dev.swim.core.runtime.GossiperStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The counters an operator checks first, from the Gossiper's latest published statistics (at most
 * about a second old).
 *
 * @param probes probe rounds by outcome: direct, indirect, tcp, failed
 * @param suspicions suspicions this node started
 * @param refutations times this node refuted an accusation about itself
 * @param rejected well-formed messages the protocol refused, all reasons together
 * @param rejectedByReason the same by reason
 * @param dropped inbound packets dropped (wrong key, malformed, over a limit), all reasons together
 * @param droppedByReason the same by reason
 * @param conflicts claims that tried to move a live member to another address
 * @param rttMeanMs the mean direct probe round trip in milliseconds, or null before any
 * @param rttMaxMs the largest direct probe round trip in milliseconds, or null before any
 */
public record DashboardCountersView(
    Map<String, Long> probes,
    long suspicions,
    long refutations,
    long rejected,
    Map<String, Long> rejectedByReason,
    long dropped,
    Map<String, Long> droppedByReason,
    long conflicts,
    @Nullable Double rttMeanMs,
    @Nullable Double rttMaxMs) {

  /** Copies the maps. */
  public DashboardCountersView {
    probes = new LinkedHashMap<>(probes);
    rejectedByReason = new LinkedHashMap<>(rejectedByReason);
    droppedByReason = new LinkedHashMap<>(droppedByReason);
  }

  /**
   * The counters of {@code stats}.
   *
   * @param stats the Gossiper's published statistics
   * @return the view
   */
  public static DashboardCountersView of(GossiperStats stats) {
    Map<String, Long> probes = new LinkedHashMap<>();
    for (String outcome : new String[] {"direct", "indirect", "tcp", "failed"}) {
      probes.put(outcome, stats.probes().getOrDefault(outcome, 0L));
    }
    Map<String, Long> rejected = new LinkedHashMap<>();
    for (String reason : GossiperStats.REJECTION_REASONS) {
      rejected.put(reason, stats.rejected().getOrDefault(reason, 0L));
    }
    long count = stats.probeRttCount();
    return new DashboardCountersView(
        probes,
        stats.suspicions(),
        stats.refutations(),
        sum(rejected),
        rejected,
        sum(stats.dropped()),
        new TreeMap<>(stats.dropped()),
        stats.conflicts(),
        count > 0 ? stats.probeRttTotalMicros() / 1000.0 / count : null,
        count > 0 ? stats.probeRttMaxMicros() / 1000.0 : null);
  }

  private static long sum(Map<String, Long> m) {
    long s = 0;
    for (long v : m.values()) {
      s += v;
    }
    return s;
  }

  /** This view as a JSON object. */
  public String toJson() {
    Json json = new Json();
    write(json);
    return json.toString();
  }

  void write(Json json) {
    json.beginObject()
        .longMap("probes", probes)
        .field("suspicions", suspicions)
        .field("refutations", refutations)
        .field("rejected", rejected)
        .longMap("rejectedByReason", rejectedByReason)
        .field("dropped", dropped)
        .longMap("droppedByReason", droppedByReason)
        .field("conflicts", conflicts)
        .field("rttMeanMs", rttMeanMs)
        .field("rttMaxMs", rttMaxMs)
        .endObject();
  }
}
