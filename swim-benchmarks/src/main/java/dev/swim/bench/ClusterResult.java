package dev.swim.bench;

import dev.swim.simulator.Json;

/** The figures of one cluster scenario run; null where a phase gave up or did not run. */
final class ClusterResult {
  Double joinMs;
  Double cpuMsPerNodeS;
  Double cpuMsPerNodeSFirst10s;
  Double allocBytesPerNodeS;
  Long threads;
  Double statusMedianMs;
  Double statusMaxMs;
  String soakJson;
  Double loPacketsPerNodeS;
  Double loBytesPerNodeS;
  Long heapBytesPerNode;
  Integer crashes;
  Double detectFirstMs;
  Double detectAllMs;
  Integer failedDuringSteady;
  String failedNames;
  String error;

  /** Appends the scenario's fields (and the error, the extras) to {@code out}. */
  void writeTo(Json out, String extrasJson) {
    out.put("join_converge_ms", joinMs)
        .put("cpu_ms_per_node_s", round(cpuMsPerNodeS, 10_000))
        .put("cpu_ms_per_node_s_first_10s", round(cpuMsPerNodeSFirst10s, 10_000))
        .put("alloc_bytes_per_node_s", round(allocBytesPerNodeS, 1))
        .put("threads", threads)
        .put("lo_packets_per_node_s", round(loPacketsPerNodeS, 100))
        .put("lo_bytes_per_node_s", round(loBytesPerNodeS, 10))
        .put("heap_bytes_per_node", heapBytesPerNode)
        .put("crashes", crashes)
        .put("detect_first_ms", detectFirstMs)
        .put("detect_all_ms", detectAllMs)
        .put("failed_during_steady", failedDuringSteady)
        .put("status_propagation_ms", statusMedianMs)
        .put("status_propagation_ms_max", statusMaxMs);
    if (failedNames != null) {
      out.put("failed_names", failedNames);
    }
    if (soakJson != null) {
      out.putRaw("soak", soakJson);
    }
    if (extrasJson != null) {
      out.putRaw("steady_counters", extrasJson);
    }
    if (error != null) {
      out.put("error", error);
    }
  }

  /** {@code v} rounded to {@code 1/scale} (scale 10: one decimal), or null when it is null. */
  static Double round(Double v, int scale) {
    return v == null ? null : Math.round(v * scale) / (double) scale;
  }
}
