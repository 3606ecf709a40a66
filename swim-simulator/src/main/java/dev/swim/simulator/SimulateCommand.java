package dev.swim.simulator;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.protocol.Formulas;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.runtime.GossiperConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code simulate}: runs one large deterministic simulation and prints one JSON object as the last
 * line of standard output (progress goes to standard error).
 *
 * <p>Timeline: the cluster starts converged (or joins over the first 60 s through 3 seeds); once
 * ready, a 60 s quiet window measures per-member load; then one member changes its metadata
 * (dissemination is measured in gossip rounds); crashes start 10 s later, 15 s apart; the run lasts
 * {@code --duration} and extends by at most 60 s until every crash is detected.
 */
public final class SimulateCommand {

  private final SimulateOptions o;
  private final SwimConfig config;
  private final long gossipMs;
  private final GossiperConfig member; // the member configuration of --config and --set, or null
  private final List<String> notSimulated;

  private SimulateCommand(SimulateOptions options) {
    this.o = options;
    if (options.configFiles.isEmpty() && options.overrides.isEmpty()) {
      this.member = null;
      this.notSimulated = List.of();
      this.config = SwimConfig.of(options.profile);
    } else {
      MemberSettings settings = MemberSettings.fromEnvironment();
      try {
        for (String f : options.configFiles) {
          settings.read(Path.of(f));
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + e.getMessage(), e);
      }
      options.overrides.forEach(settings::set);
      this.member = settings.config();
      this.notSimulated = settings.notSimulated();
      this.config = member.protocol();
    }
    this.gossipMs = config.gossipInterval().toMillis();
  }

  /**
   * Entry point for {@code simulate [options]}; returns the exit status: 0, or 1 when an
   * adversarial run ({@code --adversaries}) found an invariant broken (each violation is printed to
   * standard error).
   */
  public static int run(String[] args) {
    SimulateOptions options = SimulateOptions.parse(args);
    if (options.adversaries > 0) {
      return adversarial(options);
    }
    if (options.scenario.equals("long-run")) {
      SimulateCommand command = new SimulateCommand(options);
      LongRun run = new LongRun(options, command.config, command.member);
      System.out.println(run.run());
      return run.passed() ? 0 : 1;
    }
    String json = new SimulateCommand(options).execute();
    System.out.println(json);
    return 0;
  }

  /**
   * {@code --nodes} honest members and {@code --adversaries} adversaries of {@code
   * --adversary-kind} (see {@link AdversarialRun}).
   */
  private static int adversarial(SimulateOptions o) {
    long wallStart = System.nanoTime();
    AdversarialRun.Result r =
        new AdversarialRun(o.nodes, o.adversaries, o.adversaryKind, o.seed, o.durationMs, o.loss)
            .threads(o.threads)
            .run();
    for (String v : r.violations()) {
      log("invariant broken: " + v);
    }
    String json = r.toJson();
    double wall = (System.nanoTime() - wallStart) / 1e9;
    System.out.println(json.substring(0, json.length() - 1) + ",\"wall_s\":" + round2(wall) + "}");
    return r.violations().isEmpty() ? 0 : 1;
  }

  private String execute() {
    long wallStart = System.nanoTime();
    resetPeaks();
    long heapBefore = usedHeapAfterGc();
    Simulator.Network net = new Simulator.Network();
    net.loss = o.loss;
    Simulator sim = new Simulator(o.seed, config, net);
    sim.threads(o.threads);
    boolean tcpFallback = o.tcpFallback;
    if (member != null) {
      sim.transport(member.clusterLabel(), MemberSettings.datagramOverhead(member));
      tcpFallback = member.tcpFallbackProbe() && !member.tcpOnly();
    }
    sim.tcpFallback(tcpFallback);
    Map<String, String> metadata = member != null ? member.metadata() : Map.of();
    int n = o.nodes;
    SplittableRandom pick = new SplittableRandom(o.seed ^ 0x5DEECE66DL);

    // who crashes, who changes metadata, who is slow: never the seeds
    List<Integer> candidates = new ArrayList<>();
    for (int i = 3; i < n; i++) {
      candidates.add(i);
    }
    shuffle(candidates, pick);
    int metadataNode = candidates.isEmpty() ? 0 : candidates.remove(candidates.size() - 1);
    List<Integer> crashes =
        new ArrayList<>(candidates.subList(0, Math.min(o.crash, candidates.size())));
    List<Integer> slow =
        new ArrayList<>(
            candidates.subList(
                crashes.size(), Math.min(candidates.size(), crashes.size() + o.slow)));

    Tracker t = new Tracker(crashes, metadataNode);
    sim.addSink(t);

    reportProgress(sim, wallStart);

    Double joinConverge = null;
    long ready;
    double bytesPerEntry;
    if (o.startJoin) {
      sim.startJoining(metadata);
      sim.useSeeds(0);
      sim.startJoining(metadata);
      sim.startJoining(metadata);
      sim.useSeeds(0, 1, 2);
      long joinWindow = 60_000;
      long lastJoin = 0;
      for (int i = 3; i < n; i++) {
        long at = (joinWindow * (i - 2)) / Math.max(1, n - 2);
        lastJoin = at;
        sim.at(at, () -> sim.startJoining(metadata));
      }
      long limit = lastJoin + 120_000;
      long converged = -1;
      sim.runUntil(lastJoin);
      while (sim.now() < limit) {
        sim.runFor(100);
        if (allSeeAll(sim, n)) {
          converged = sim.now();
          break;
        }
      }
      joinConverge = converged < 0 ? null : (converged - lastJoin) / 1000.0;
      log("join converged: " + joinConverge + " s after the last join");
      ready = sim.now();
      bytesPerEntry = (usedHeapAfterGc() - heapBefore) / ((double) n * n);
    } else {
      sim.startConverged(n, metadata);
      bytesPerEntry = (usedHeapAfterGc() - heapBefore) / ((double) n * n);
      sim.runFor(5_000);
      ready = sim.now();
    }
    for (int s : slow) {
      sim.slow(s, 1_000);
    }
    if (o.partitionAt >= 0) {
      int[] side = new int[n];
      for (int i = n / 2; i < n; i++) {
        side[i] = 1;
      }
      t.side = side;
      sim.at(
          o.partitionAt,
          () -> {
            t.partitioned = true;
            sim.partition(side);
            log("partitioned at " + sim.now());
          });
      if (o.healAt >= 0) {
        sim.at(
            o.healAt,
            () -> {
              sim.heal();
              t.partitioned = false;
              t.healedAt = sim.now();
              log("healed at " + sim.now());
              checkHealed(sim, t);
            });
      }
    }

    // quiet window
    sim.runUntil(ready);
    long msgs0 = sim.datagramsSent() + sim.streamMessages();
    long bytes0 = sim.datagramBytesSent() + sim.streamBytes();
    sim.runUntil(ready + 60_000);
    double msgsPerNodeS = (sim.datagramsSent() + sim.streamMessages() - msgs0) / (double) n / 60.0;
    double bytesPerNodeS =
        (sim.datagramBytesSent() + sim.streamBytes() - bytes0) / (double) n / 60.0;
    log(
        String.format(
            Locale.ROOT,
            "quiet window: %.2f msgs/node/s, %.1f bytes/node/s",
            msgsPerNodeS,
            bytesPerNodeS));

    // dissemination of one metadata change
    long changeAt = sim.now();
    t.metadataChangedAt = changeAt;
    sim.host(metadataNode).node().updateMetadata(changeAt, Map.of("version", "2"));

    // crashes 10 s later, 15 s apart
    for (int c = 0; c < crashes.size(); c++) {
      int idx = crashes.get(c);
      long at = changeAt + 10_000 + 15_000L * c;
      sim.at(
          at,
          () -> {
            sim.crash(idx);
            t.crashedAt.put(idx, sim.now());
          });
    }
    long end = Math.max(o.durationMs, changeAt + 10_000 + 15_000L * crashes.size() + 1);
    sim.runUntil(end);
    long hardEnd = end + 60_000;
    while (sim.now() < hardEnd && !allDetected(sim, t)) {
      sim.runFor(1_000);
    }
    log(
        "simulated to "
            + sim.now()
            + " ms; events "
            + sim.eventsProcessed()
            + (o.threads > 1
                ? "; busy milliseconds shared out among "
                    + o.threads
                    + " threads: "
                    + sim.parallelRounds()
                : ""));

    long suspicions = 0;
    for (Simulator.Host h : sim.hosts()) {
      suspicions += h.node().stats().suspicions();
    }
    int undetected = 0;
    for (int c : crashes) {
      String name = Simulator.nameOf(c);
      for (Simulator.Host h : sim.hosts()) {
        if (!h.crashed() && h.node().stateOf(name) != null && h.node().stateOf(name).isLive()) {
          undetected++;
          break;
        }
      }
    }

    double wall = (System.nanoTime() - wallStart) / 1e9;
    long probeMs = config.probeInterval().toMillis();
    long minSusp = Formulas.suspicionMinMillis(config.suspicionMult(), n, probeMs);
    double modelRounds999 = Formulas.logisticRounds(n, config.gossipNodes(), o.loss, 0.999);
    double modelFirst = Formulas.expectedFirstDetectionMillis(probeMs) / 1000.0;

    Json j = new Json();
    j.put("nodes", n)
        .put("loss", o.loss)
        .put("seed", o.seed)
        .put("profile", o.profile.name().toLowerCase(Locale.ROOT));
    j.put("start", o.startJoin ? "join" : "converged")
        .put("crash", crashes.size())
        .put("slow", slow.size());
    j.put("duration_s", o.durationMs / 1000.0).put("tcp_fallback", tcpFallback);
    j.put("lifeguard", config.lifeguard());
    if (member != null) {
      j.put("config", String.join(",", o.configFiles))
          .put("overrides", o.overrides.size())
          .put("datagram_overhead_bytes", MemberSettings.datagramOverhead(member))
          .put("cluster_label", member.clusterLabel())
          .put("not_simulated", String.join(",", notSimulated));
    }
    j.put("join_converge_s", joinConverge);
    int[] rounds = t.disseminationRounds(gossipMs);
    j.put("dissemination_rounds_p999", rounds == null ? null : (Object) percentile(rounds, 0.999));
    j.put("dissemination_rounds_p100", rounds == null ? null : (Object) rounds[rounds.length - 1]);
    j.put("dissemination_reached", t.updatedAt.size()).put("dissemination_expected", n - 1);
    j.put("gossip_nodes", config.gossipNodes()).put("gossip_interval_ms", gossipMs);
    j.putRaw("dissemination_holders", ints(holdersPerRound(rounds)));
    j.put("false_dead", t.falseDead.size());
    j.put("undetected", undetected);
    j.put("suspicions", suspicions);
    j.put("msgs_per_node_s", round2(msgsPerNodeS));
    j.put("bytes_per_node_s", round2(bytesPerNodeS));
    j.put("max_datagram_bytes", sim.maxDatagramBytes());
    j.put("wall_s", round2(wall));
    j.put("peak_heap_mb", round2(peakHeapBytes() / (1024.0 * 1024.0)));
    j.put("bytes_per_member_entry", round2(bytesPerEntry));
    double[] detectFirst = t.detectFirst();
    double[] detectAll = t.detectAll(sim);
    j.putRaw("detect_first_s", stats(detectFirst));
    j.putRaw("detect_all_s", stats(detectAll));
    j.putRaw("detect_first_each_s", doubles(detectFirst));
    j.putRaw("detect_all_each_s", doubles(detectAll));
    if (t.healedAt >= 0) {
      j.put(
          "heal_converge_s",
          t.healConverged < 0 ? null : (Object) round2((t.healConverged - t.healedAt) / 1000.0));
    }
    j.put("model_first_detect_s", round2(modelFirst));
    j.put("model_suspicion_min_s", round2(minSusp / 1000.0));
    j.put("model_dissemination_rounds_p999", round2(modelRounds999));
    j.put(
        "model_push_lower_bound_rounds",
        round2(Formulas.pushLowerBoundRounds(n, config.gossipNodes())));
    j.put(
        "model_detect_all_s",
        round2(modelFirst + minSusp / 1000.0 + modelRounds999 * gossipMs / 1000.0));
    return j.toString();
  }

  private void checkHealed(Simulator sim, Tracker t) {
    if (t.healConverged >= 0) {
      return;
    }
    for (Simulator.Host h : sim.hosts()) {
      if (h.crashed()) {
        continue;
      }
      for (Simulator.Host other : sim.hosts()) {
        if (other.crashed()) {
          continue;
        }
        MemberState s = h.node().stateOf(other.name());
        if (s != MemberState.ALIVE) {
          sim.at(sim.now() + 1_000, () -> checkHealed(sim, t));
          return;
        }
      }
    }
    t.healConverged = sim.now();
    log("one view again at " + sim.now());
  }

  private boolean allSeeAll(Simulator sim, int n) {
    for (Simulator.Host h : sim.hosts()) {
      if (!h.crashed() && h.node().liveCount() != n) {
        return false;
      }
    }
    return sim.hosts().size() == n;
  }

  private boolean allDetected(Simulator sim, Tracker t) {
    for (int c : t.crashedAt.keySet()) {
      String name = Simulator.nameOf(c);
      for (Simulator.Host h : sim.hosts()) {
        MemberState s = h.crashed() ? null : h.node().stateOf(name);
        if (s != null && s.isLive()) {
          return false;
        }
      }
    }
    return t.crashedAt.size() == t.crashes.size();
  }

  /** Collects the figures from the nodes' events. */
  private static final class Tracker implements Simulator.EventSink {
    final List<Integer> crashes;
    final Set<String> crashNames = new HashSet<>();
    final String metadataName;
    final Map<Integer, Long> crashedAt = new HashMap<>();
    final Map<String, Long> firstFailed = new HashMap<>();
    final Map<String, Map<Integer, Long>> failedAtNode = new HashMap<>();
    final Map<Integer, Long> updatedAt = new HashMap<>();
    final Set<String> falseDead = new HashSet<>();
    long metadataChangedAt = -1;
    int[] side;
    boolean partitioned;
    long healedAt = -1;
    long healConverged = -1;

    Tracker(List<Integer> crashes, int metadataNode) {
      this.crashes = crashes;
      for (int c : crashes) {
        crashNames.add(Simulator.nameOf(c));
      }
      this.metadataName = Simulator.nameOf(metadataNode);
    }

    @Override
    public void onEvent(int node, long at, dev.swim.core.member.MembershipEvent e) {
      MembershipEventType type = e.type();
      String name = e.member().name();
      if (type == MembershipEventType.FAILED) {
        int idx = Integer.parseInt(name.substring(5));
        boolean crashed = crashedAt.containsKey(idx);
        boolean acrossPartition =
            side != null && (partitioned || healedAt >= 0) && side[idx] != side[node];
        if (!crashed && !acrossPartition) {
          falseDead.add(name);
        }
        if (crashed) {
          firstFailed.putIfAbsent(name, at);
          failedAtNode.computeIfAbsent(name, k -> new HashMap<>()).putIfAbsent(node, at);
        }
      } else if (type == MembershipEventType.UPDATED
          && metadataChangedAt >= 0
          && name.equals(metadataName)) {
        updatedAt.putIfAbsent(node, at);
      }
    }

    int[] disseminationRounds(long gossipMs) {
      if (updatedAt.isEmpty()) {
        return null;
      }
      int[] r = new int[updatedAt.size()];
      int i = 0;
      for (long at : updatedAt.values()) {
        r[i++] = (int) Math.ceil((at - metadataChangedAt) / (double) gossipMs);
      }
      Arrays.sort(r);
      return r;
    }

    double[] detectFirst() {
      List<Double> out = new ArrayList<>();
      for (Map.Entry<Integer, Long> c : crashedAt.entrySet()) {
        Long f = firstFailed.get(Simulator.nameOf(c.getKey()));
        if (f != null) {
          out.add((f - c.getValue()) / 1000.0);
        }
      }
      return toArray(out);
    }

    double[] detectAll(Simulator sim) {
      List<Double> out = new ArrayList<>();
      for (Map.Entry<Integer, Long> c : crashedAt.entrySet()) {
        String name = Simulator.nameOf(c.getKey());
        Map<Integer, Long> byNode = failedAtNode.getOrDefault(name, Map.of());
        long last = -1;
        boolean all = true;
        for (Simulator.Host h : sim.hosts()) {
          if (h.crashed() || h.name().equals(name)) {
            continue;
          }
          Long at = byNode.get(h.index());
          if (at == null) {
            MemberState s = h.node().stateOf(name);
            if (s == null || !s.isLive()) {
              continue; // learned it after it was reaped or never knew it
            }
            all = false;
            break;
          }
          last = Math.max(last, at);
        }
        if (all && last >= 0) {
          out.add((last - c.getValue()) / 1000.0);
        }
      }
      return toArray(out);
    }
  }

  private static double[] toArray(List<Double> l) {
    double[] a = new double[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = l.get(i);
    }
    Arrays.sort(a);
    return a;
  }

  /**
   * How many members hold the update at the end of each gossip round after the change, its origin
   * included: element {@code r} counts the origin and every member that had it within {@code r}
   * rounds; the array ends at the round the last member got it (empty when none did).
   *
   * @param sortedRounds each receiving member's round, sorted (null when none received it)
   */
  static int[] holdersPerRound(int[] sortedRounds) {
    if (sortedRounds == null || sortedRounds.length == 0) {
      return new int[0];
    }
    int[] holders = new int[sortedRounds[sortedRounds.length - 1] + 1];
    int i = 0;
    for (int r = 0; r < holders.length; r++) {
      while (i < sortedRounds.length && sortedRounds[i] <= r) {
        i++;
      }
      holders[r] = 1 + i;
    }
    return holders;
  }

  private static String ints(int[] values) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ",").append(values[i]);
    }
    return sb.append(']').toString();
  }

  private static String doubles(double[] values) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ",").append(round2(values[i]));
    }
    return sb.append(']').toString();
  }

  private static String stats(double[] sorted) {
    if (sorted.length == 0) {
      return "{\"p50\":null,\"p99\":null,\"max\":null}";
    }
    return String.format(
        Locale.ROOT,
        "{\"p50\":%s,\"p99\":%s,\"max\":%s}",
        round2(percentile(sorted, 0.5)),
        round2(percentile(sorted, 0.99)),
        round2(sorted[sorted.length - 1]));
  }

  /**
   * The {@code q} quantile ({@code 0 < q <= 1}) of {@code sorted} (ascending), nearest rank: the
   * smallest value with at least {@code q} of the values at or below it. What simulate reports as
   * p50 and p99; the charts of docs/benchmarks.md quote the same.
   *
   * @throws IllegalArgumentException when {@code sorted} is empty
   */
  public static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values to take a percentile of");
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static int percentile(int[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static double round2(double v) {
    return Math.round(v * 100.0) / 100.0;
  }

  private static void shuffle(List<Integer> l, SplittableRandom r) {
    for (int i = l.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      Integer tmp = l.get(i);
      l.set(i, l.get(j));
      l.set(j, tmp);
    }
  }

  /** Heap in use after a full collection, the simulation (and its members) still reachable. */
  static long usedHeapAfterGc() {
    // two: a single collection left up to a megabyte behind now and then (a 20-member run read a
    // negative size per entry)
    for (int i = 0; i < 2; i++) {
      System.gc();
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
  }

  private static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** Logs the virtual time reached every 30 virtual seconds (no effect on the simulation). */
  private static void reportProgress(Simulator sim, long wallStart) {
    sim.at(
        sim.now() + 30_000,
        () -> {
          log(
              String.format(
                  Locale.ROOT,
                  "virtual %d s, wall %.0f s",
                  sim.now() / 1000,
                  (System.nanoTime() - wallStart) / 1e9));
          reportProgress(sim, wallStart);
        });
  }

  static void log(String s) {
    System.err.println("[simulate] " + s);
  }
}
