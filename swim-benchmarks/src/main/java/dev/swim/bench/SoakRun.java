package dev.swim.bench;

import dev.swim.simulator.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * The churn soak ({@code cluster --soak 1800s --churn 10s}): after the join, one member (1, 2, ...,
 * N-1 in turn) is crashed and started again every {@code churn}, for {@code soak}; every minute one
 * JSON line on standard output gives the heap after GC, threads, open file descriptors, CPU,
 * allocation and loopback bytes per member of that minute. A member held DEAD anywhere that was not
 * restarted in the last two minutes is a false death ({@link #falseDeaths}); each member must
 * therefore go more than two minutes between its restarts, or none could ever be seen. The result's
 * {@code soak} object compares the last 5 minutes with minutes 5 to 10: nothing may grow with time.
 */
final class SoakRun {
  private static final long MINUTE_NS = 60_000_000_000L;
  private static final long RESTART_GRACE_NS = 2 * MINUTE_NS;
  private static final double ALLOWED_GROWTH = 0.05;

  private final ClusterHarness h;
  private final int n;
  private final long soakMs;
  private final long churnMs;
  private final long pollMs;

  /** Starts the nodes and returns the join time in ms (or null), as the scenario's join phase. */
  interface JoinPhase {
    Double join(ClusterHarness h) throws Exception;
  }

  /** One minute's figures. */
  record Minute(
      int minute,
      long heapAfterGcBytes,
      long threads,
      long openFiles,
      double cpuMsPerNodeS,
      double allocBytesPerNodeS,
      Double loBytesPerNodeS,
      int restarts,
      int falseDeaths) {

    String toJson() {
      return new Json()
          .put("soak_minute", minute)
          .put("heap_after_gc_bytes", heapAfterGcBytes)
          .put("threads", threads)
          .put("open_fds", openFiles)
          .put("cpu_ms_per_node_s", ClusterResult.round(cpuMsPerNodeS, 10_000))
          .put("alloc_bytes_per_node_s", ClusterResult.round(allocBytesPerNodeS, 1))
          .put("lo_bytes_per_node_s", ClusterResult.round(loBytesPerNodeS, 10))
          .put("restarts", restarts)
          .put("false_deaths", falseDeaths)
          .toString();
    }
  }

  SoakRun(ClusterHarness h, int n, long soakMs, long churnMs, long pollMs) {
    if (n < 3) {
      throw new IllegalArgumentException("--soak needs at least 3 nodes (node 0 is never churned)");
    }
    if ((n - 1) * churnMs * 1_000_000L <= RESTART_GRACE_NS) {
      throw new IllegalArgumentException(
          "--churn "
              + churnMs / 1000.0
              + " s with --nodes "
              + n
              + " restarts each member every "
              + (n - 1) * churnMs / 1000.0
              + " s, within the "
              + RESTART_GRACE_NS / 1_000_000_000L
              + " s after a restart in which a DEAD member is not a false death: no false death"
              + " could be seen. (--nodes - 1) x --churn must exceed "
              + RESTART_GRACE_NS / 1_000_000_000L
              + " s: use more --nodes or a longer --churn");
    }
    this.h = h;
    this.n = n;
    this.soakMs = soakMs;
    this.churnMs = churnMs;
    this.pollMs = pollMs;
  }

  void run(JoinPhase joinPhase, ClusterResult r) throws Exception {
    r.joinMs = joinPhase.join(h);
    long start = System.nanoTime();
    long end = start + soakMs * 1_000_000L;
    long nextChurn = start + churnMs * 1_000_000L;
    long nextSample = start;
    long minuteStart = start;
    ProcessFigures prev = h.figures();
    long[] loPrev = ProcessProbe.loopbackTx();
    Map<String, Long> restartedAt = new HashMap<>();
    Set<String> falselyDead = new TreeSet<>();
    List<Minute> minutes = new ArrayList<>();
    int victim = 1;
    int restarts = 0;
    while (true) {
      long now = System.nanoTime();
      if (now - end >= 0) {
        break;
      }
      if (now - nextChurn >= 0) {
        h.restart(victim);
        restartedAt.put(SwimHarness.name(victim), System.nanoTime());
        restarts++;
        victim = victim % (n - 1) + 1;
        nextChurn += churnMs * 1_000_000L;
      }
      if (now - nextSample >= 0) {
        Set<String> dead = new TreeSet<>();
        h.collectFailed(dead, Set.of());
        falselyDead.addAll(falseDeaths(dead, restartedAt, now, RESTART_GRACE_NS));
        nextSample = now + 500_000_000L;
      }
      if (now - minuteStart >= MINUTE_NS) {
        ProcessFigures f = h.figures();
        long[] lo = ProcessProbe.loopbackTx();
        double secs = (now - minuteStart) / 1e9;
        Minute m =
            new Minute(
                minutes.size() + 1,
                h.heldBytesAboveBaseline(0),
                f.threads(),
                f.openFiles(),
                (f.cpuNanos() - prev.cpuNanos()) / 1e6 / n / secs,
                (f.allocatedBytes() - prev.allocatedBytes()) / (double) n / secs,
                lo == null || loPrev == null ? null : (lo[1] - loPrev[1]) / (double) n / secs,
                restarts,
                falselyDead.size());
        minutes.add(m);
        System.out.println(m.toJson());
        System.out.flush();
        System.err.println("[soak] minute " + m.minute() + ": " + m.toJson());
        prev = h.figures(); // after the collections heldBytes ran, so they count in no minute
        loPrev = ProcessProbe.loopbackTx();
        minuteStart = System.nanoTime();
      }
      ProcessProbe.sleep(pollMs);
    }
    r.failedDuringSteady = falselyDead.size();
    if (!falselyDead.isEmpty()) {
      r.failedNames = String.join(",", falselyDead);
    }
    r.soakJson = summary(minutes, restarts);
  }

  /**
   * Those of the members held {@code dead} at {@code now} (nanoTime) that are false deaths: never
   * restarted ({@code restartedAt}, by name, in nanoTime) or restarted more than {@code graceNs}
   * before.
   */
  static Set<String> falseDeaths(
      Set<String> dead, Map<String, Long> restartedAt, long now, long graceNs) {
    Set<String> out = new TreeSet<>();
    for (String name : dead) {
      Long at = restartedAt.get(name);
      if (at == null || now - at > graceNs) {
        out.add(name);
      }
    }
    return out;
  }

  /** The last 5 minutes against minutes 5 to 10, for the figures that must not grow. */
  static String summary(List<Minute> minutes, int restarts) {
    Json j = new Json().put("minutes", minutes.size()).put("restarts", restarts);
    if (minutes.size() < 15) {
      return j.put("verdict", "too short to compare (needs 15 minutes)").toString();
    }
    List<Minute> early = minutes.subList(4, 10);
    List<Minute> late = minutes.subList(minutes.size() - 5, minutes.size());
    boolean steady = true;
    steady &= compare(j, "heap_after_gc", Minute::heapAfterGcBytes, early, late);
    steady &= compare(j, "threads", Minute::threads, early, late);
    steady &= compare(j, "open_fds", Minute::openFiles, early, late);
    return j.put("verdict", steady ? "steady" : "grows").toString();
  }

  /** Records last/early for one figure; whether it grew by at most 5%. */
  private static boolean compare(
      Json j, String name, ToLongFunction<Minute> f, List<Minute> early, List<Minute> late) {
    double before = mean(early, f);
    double last = mean(late, f);
    double ratio = before == 0 ? (last == 0 ? 1 : Double.POSITIVE_INFINITY) : last / before;
    j.put(name + "_last5_over_min5_10", ClusterResult.round(ratio, 1000));
    return ratio <= 1 + ALLOWED_GROWTH;
  }

  private static double mean(List<Minute> ms, ToLongFunction<Minute> f) {
    double s = 0;
    for (Minute m : ms) {
      s += f.applyAsLong(m);
    }
    return ms.isEmpty() ? 0 : s / ms.size();
  }
}
