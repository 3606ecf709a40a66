package dev.swim.bench;

import dev.swim.simulator.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * {@code cluster}: runs the side-by-side membership scenario (docs/benchmarks.md, "The cluster
 * scenario") for one implementation and size in this process, and prints one JSON line on standard
 * output (progress goes to standard error).
 *
 * <p>Phases: join (node 0, then 1..N-1 each through node 0; convergence is timed from the moment
 * the last join call is issued until every node sees all N members alive, polled every 10 ms);
 * steady ({@code --settle}, 30 s, whose first 10 s are measured apart as JIT warm-up when it lasts
 * at least that long; then the {@code --measure} window, 60 s, for CPU, allocation, loopback
 * traffic and memory); status (node 1's {@code status} metadata entry set 10 times, {@code
 * OUT_OF_SERVICE} and {@code UP} in turn, each timed until every other node sees it: the median and
 * the slowest; implementations without metadata skip it); crash (the last {@code --crash} nodes,
 * default 1, stop abruptly together; the time until the first survivor considers one failed and
 * until every survivor considers every one failed). A phase gives up after {@code --phase-timeout}
 * (120 s) and reports null figures. The loopback counters are those of the network namespace the
 * process runs in: run it in a fresh one ({@code scripts/cluster-bench.sh} does). Members beyond
 * {@code --members-per-jvm} (250) run in worker JVMs ({@link SpreadHarness}); with {@code --soak}
 * the scenario is a churn soak instead ({@link SoakRun}).
 */
public final class ClusterCommand {
  private static final long POLL_MS = 10;
  private static final long FAILURE_SAMPLE_MS = 500;
  private static final long FIRST_WINDOW_MS = 10_000;
  private static final int STATUS_CHANGES = 10;

  private final ClusterOptions o;
  private final Properties versions = loadVersions();

  private ClusterCommand(ClusterOptions options) {
    this.o = options;
  }

  /** Entry point for {@code cluster [options]}; exits the JVM once the line is printed. */
  public static void run(String[] args) {
    ClusterOptions options = ClusterOptions.parse(args);
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    new ClusterCommand(options).execute();
    System.out.flush();
    System.exit(0); // scalecube's and our threads may linger; the run is over
  }

  private ClusterHarness harness() throws IOException {
    if (o.impl.equals("swim") && o.nodes > o.membersPerJvm) {
      Path logs = Files.createTempDirectory("cluster-workers");
      log("members beyond " + o.membersPerJvm + " run in worker JVMs, logs in " + logs);
      return new SpreadHarness(
          o.nodes,
          o.membersPerJvm,
          o.basePort,
          o.encrypt,
          versions.getProperty("swim.version"),
          logs);
    }
    return o.impl.equals("swim")
        ? new SwimHarness(o.nodes, o.basePort, o.encrypt, versions.getProperty("swim.version"))
        : new ScalecubeHarness(o.nodes, o.basePort, versions.getProperty("scalecube.version"));
  }

  private void execute() {
    int n = o.nodes;
    long heldBefore = ProcessProbe.heldBytes();
    ClusterHarness h;
    try {
      h = harness();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the worker JVMs", e);
    }
    Json out = new Json().put("impl", h.impl()).put("version", h.version()).put("n", n);
    out.putRaw("config", h.configJson());
    ClusterResult r = new ClusterResult();
    try {
      String unfit = fdShortfall(h);
      if (unfit != null) {
        r.error = unfit;
      } else if (o.soakMs > 0) {
        new SoakRun(h, n, o.soakMs, o.churnMs, POLL_MS).run(this::joinPhase, r);
      } else {
        scenario(h, r, heldBefore);
      }
    } catch (Exception | OutOfMemoryError e) {
      r.error = e.getClass().getSimpleName() + ": " + e.getMessage();
      log("run failed: " + r.error);
    }
    r.writeTo(out, h.extrasJson());
    out.put("settle_s", o.settleMs / 1000.0)
        .put("measure_s", o.windowMs / 1000.0)
        .put("jvms", h instanceof SpreadHarness sh ? sh.jvms() : 1)
        .put("jvm_flags", ProcessProbe.jvmFlags())
        .put("base_port", o.basePort);
    System.out.println(out);
    System.out.flush();
    try {
      h.close();
    } catch (RuntimeException e) {
      log("close failed: " + e);
    }
  }

  /** Why scalecube cannot run this size here (a TCP connection per ordered pair), or null. */
  private String fdShortfall(ClusterHarness h) {
    if (o.force || !(h instanceof ScalecubeHarness)) {
      return null;
    }
    long needed = 2L * o.nodes * (o.nodes - 1) + 64L * o.nodes;
    long limit = ProcessProbe.maxFileDescriptors();
    if (limit > 0 && needed > limit) {
      return "needs about "
          + needed
          + " file descriptors (2*N*(N-1) TCP connections plus its"
          + " per-node sockets), the limit is "
          + limit
          + " (use --force to try anyway)";
    }
    return null;
  }

  /** Starts every node, the last join issued last; the time until all see all alive, or null. */
  private Double joinPhase(ClusterHarness h) throws Exception {
    int n = o.nodes;
    long issued = 0;
    for (int i = 0; i < n; i++) {
      if (i == n - 1) {
        issued = System.nanoTime();
      }
      h.start(i);
    }
    Double ms = await(issued, () -> h.allSeeAllAlive(n));
    log("join: " + (ms == null ? "not converged within the timeout" : ms + " ms"));
    return ms;
  }

  private void scenario(ClusterHarness h, ClusterResult r, long heldBefore) throws Exception {
    int n = o.nodes;
    // 1. join
    r.joinMs = joinPhase(h);

    // 2. steady: the settle (its first 10 s reported apart: JIT warm-up), then the measure window
    Set<String> failed = new TreeSet<>();
    Set<Integer> none = Set.of();
    long firstMs = 0;
    if (o.settleMs >= FIRST_WINDOW_MS) { // a shorter settle leaves the first-10 s figure null
      firstMs = FIRST_WINDOW_MS;
      ProcessFigures f0 = h.figures();
      long t0 = System.nanoTime();
      sampleFailures(h, firstMs, failed, none);
      ProcessFigures f1 = h.figures();
      r.cpuMsPerNodeSFirst10s =
          (f1.cpuNanos() - f0.cpuNanos()) / 1e6 / n / ((System.nanoTime() - t0) / 1e9);
    }
    sampleFailures(h, o.settleMs - firstMs, failed, none);
    h.beginSteady();
    ProcessFigures f0 = h.figures();
    long[] lo0 = ProcessProbe.loopbackTx();
    long w0 = System.nanoTime();
    sampleFailures(h, o.windowMs, failed, none);
    ProcessFigures f1 = h.figures();
    long[] lo1 = ProcessProbe.loopbackTx();
    double secs = (System.nanoTime() - w0) / 1e9;
    h.endSteady();
    h.collectFailed(failed, none);
    r.cpuMsPerNodeS = (f1.cpuNanos() - f0.cpuNanos()) / 1e6 / n / secs;
    if (f0.allocatedBytes() >= 0 && f1.allocatedBytes() >= 0) {
      r.allocBytesPerNodeS = (f1.allocatedBytes() - f0.allocatedBytes()) / (double) n / secs;
    }
    if (lo0 != null && lo1 != null) {
      r.loPacketsPerNodeS = (lo1[0] - lo0[0]) / (double) n / secs;
      r.loBytesPerNodeS = (lo1[1] - lo0[1]) / (double) n / secs;
    }
    r.heapBytesPerNode = h.heldBytesAboveBaseline(heldBefore) / n;
    r.threads = f1.threads();
    r.failedDuringSteady = failed.size();
    if (!failed.isEmpty()) {
      r.failedNames = String.join(",", failed);
    }
    log(
        String.format(
            "steady: cpu %.3f ms/node/s (first 10 s %.3f), alloc %.0f B/node/s, lo %.1f pkt %.1f"
                + " B/node/s, held %d B/node, failed %d",
            r.cpuMsPerNodeS,
            r.cpuMsPerNodeSFirst10s == null ? Double.NaN : r.cpuMsPerNodeSFirst10s,
            r.allocBytesPerNodeS == null ? Double.NaN : r.allocBytesPerNodeS,
            r.loPacketsPerNodeS,
            r.loBytesPerNodeS,
            r.heapBytesPerNode,
            failed.size()));

    // 3. status: node 1's status entry set STATUS_CHANGES times (OUT_OF_SERVICE, UP, ...), each
    // timed until every other node sees it: how fast a readiness change reaches the cluster
    statusPhase(h, r);

    // 4. crash: the last o.crashes nodes at once; detection ends when every other node holds every
    // one of them DEAD (or forgotten)
    int k = o.crashes;
    int firstVictim = n - k;
    long crashAt = System.nanoTime();
    for (int v = firstVictim; v < n; v++) {
      h.crash(v);
    }
    long first = Long.MAX_VALUE;
    long all = 0;
    for (long s : detect(h, firstVictim, n, crashAt)) {
      if (s >= 0) {
        first = Math.min(first, s);
      }
      all = s < 0 || all < 0 ? -1 : Math.max(all, s);
    }
    r.crashes = k;
    r.detectFirstMs = first == Long.MAX_VALUE ? null : round1(first / 1e6);
    r.detectAllMs = all < 0 ? null : round1(all / 1e6);
    log("crash: first " + r.detectFirstMs + " ms, all " + r.detectAllMs + " ms");
  }

  /**
   * Sets node 1's status {@link #STATUS_CHANGES} times, 0.5 s apart, each timed until every other
   * node sees it. A change that is not seen within the phase timeout counts as infinitely slow and
   * ends the phase (the next one would start from a cluster that has not settled): the median is
   * then null if half the changes or more were not timed, and the slowest is null.
   */
  private void statusPhase(ClusterHarness h, ClusterResult r) throws InterruptedException {
    List<Double> times = new ArrayList<>();
    for (int k = 0; k < STATUS_CHANGES; k++) {
      String status = k % 2 == 0 ? "OUT_OF_SERVICE" : "UP";
      long t0 = System.nanoTime();
      if (!h.setStatus(1, status)) {
        return; // this implementation has no metadata to set
      }
      Double ms = await(t0, () -> h.allSeeStatus(1, status));
      if (ms == null) {
        times.add(Double.POSITIVE_INFINITY);
        break;
      }
      times.add(ms);
      Thread.sleep(500); // not back to back: each change is its own dissemination
    }
    r.statusMedianMs = median(times);
    double max = Collections.max(times);
    r.statusMaxMs = Double.isInfinite(max) ? null : max;
    log(
        "status: median "
            + r.statusMedianMs
            + " ms, max "
            + r.statusMaxMs
            + " ms ("
            + times.size()
            + " of "
            + STATUS_CHANGES
            + " changes timed)");
  }

  /**
   * The median of {@code values} (the mean of the two middle ones for an even count), rounded to
   * 0.1; null when there are none or when it is infinite (a value that timed out).
   */
  static Double median(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> v = new ArrayList<>(values);
    Collections.sort(v);
    int mid = v.size() / 2;
    double m = v.size() % 2 == 1 ? v.get(mid) : (v.get(mid - 1) + v.get(mid)) / 2;
    return Double.isInfinite(m) || Double.isNaN(m) ? null : round1(m);
  }

  /** Polls every 10 ms until {@code done} holds, from {@code t0}; ms or null at the timeout. */
  private Double await(long t0, BooleanSupplier done) {
    long deadline = t0 + o.phaseTimeoutMs * 1_000_000L;
    while (true) {
      long now = System.nanoTime();
      if (done.getAsBoolean()) {
        return round1((now - t0) / 1e6);
      }
      if (now - deadline > 0) {
        return null;
      }
      ProcessProbe.sleep(POLL_MS);
    }
  }

  /** Per survivor, nanoseconds from the crash until it considered the victim failed, or -1. */
  /**
   * Polls until each of the nodes {@code 0..firstVictim-1} considers every victim ({@code
   * firstVictim..n-1}) failed, or the phase timeout: for each (observer, victim) pair the time from
   * the crash until the observer did, or -1 when it never did.
   */
  private long[] detect(ClusterHarness h, int firstVictim, int n, long crashAt) {
    int victims = n - firstVictim;
    long[] seen = new long[firstVictim * victims];
    Arrays.fill(seen, -1);
    List<Set<Integer>> pending = new ArrayList<>();
    for (int v = 0; v < victims; v++) {
      Set<Integer> observers = new HashSet<>();
      for (int i = 0; i < firstVictim; i++) {
        observers.add(i);
      }
      pending.add(observers);
    }
    long deadline = crashAt + o.phaseTimeoutMs * 1_000_000L;
    while (pending.stream().anyMatch(p -> !p.isEmpty()) && System.nanoTime() - deadline < 0) {
      long now = System.nanoTime();
      for (int v = 0; v < victims; v++) {
        Set<Integer> p = pending.get(v);
        if (p.isEmpty()) {
          continue;
        }
        for (int i : h.consideringFailed(firstVictim + v, p)) {
          seen[v * firstVictim + i] = now - crashAt;
          p.remove(i);
        }
      }
      ProcessProbe.sleep(POLL_MS);
    }
    return seen;
  }

  private static void sampleFailures(
      ClusterHarness h, long durationMs, Set<String> into, Set<Integer> crashed) {
    long end = System.nanoTime() + durationMs * 1_000_000L;
    while (true) {
      h.collectFailed(into, crashed);
      long left = (end - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        return;
      }
      ProcessProbe.sleep(Math.min(FAILURE_SAMPLE_MS, left));
    }
  }

  private static Properties loadVersions() {
    Properties p = new Properties();
    try (InputStream in = ClusterCommand.class.getResourceAsStream("versions.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // versions stay unknown
    }
    return p;
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static void log(String s) {
    System.err.println("[cluster] " + s);
  }
}
