package dev.swim.core.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Probe rounds by how they ended: acked directly within the probe timeout, acked through an
 * indirect probe (or a late direct ack), acked only over the TCP fallback, or not acked at all.
 */
public record ProbeOutcomes(long direct, long indirect, long tcp, long failed) {

  /** A round acked directly within the probe timeout. */
  public static final String DIRECT = "direct";

  /** A round acked through an indirect probe, or by a late direct ack. */
  public static final String INDIRECT = "indirect";

  /** A round acked only over the TCP fallback. */
  public static final String TCP = "tcp";

  /** A round not acked at all. */
  public static final String FAILED = "failed";

  /** The outcomes' stable external names (metrics, the actuator), in the record's order. */
  public static final List<String> NAMES = List.of(DIRECT, INDIRECT, TCP, FAILED);

  /** Every probe round counted. */
  public long total() {
    return direct + indirect + tcp + failed;
  }

  /** The counts by their {@link #NAMES}. */
  public Map<String, Long> byName() {
    long[] counts = {direct, indirect, tcp, failed};
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < counts.length; i++) {
      m.put(NAMES.get(i), counts[i]);
    }
    return m;
  }
}
