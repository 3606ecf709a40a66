package dev.swim.simulator;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.runtime.GossiperConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code simulate --scenario long-run}: six virtual hours of what shows only over hours, with the
 * invariants checked throughout. The timeline, after a converged start with seeds 0, 1 and 2 (found
 * wherever they are, as a re-resolved DNS name would):
 *
 * <ul>
 *   <li>0:00 to 1:00: the first hour, whose heap per member is sampled three times;
 *   <li>1:10: a 50/50 partition for 10 minutes, beyond the tombstone timeout;
 *   <li>1:40: a 50/50 partition for 2 hours;
 *   <li>4:00 to 5:00: a rolling restart of every member, each killed and started again at once at a
 *       new address (a new instance), joining through the 3 seeds;
 *   <li>5:00 to 6:00: the last hour, sampled as the first.
 * </ul>
 *
 * Throughout: {@code --loss} (5% by default) of the datagrams are lost, and 2% of the members are
 * replaced per hour (at least one): a member crashes or leaves, alternately, and a new one joins
 * through the seeds 30 s later.
 *
 * <p>Invariants: one view (every running member holds every running member live, as its current
 * instance and address) within two reconnect intervals of each heal; no member brought back after
 * its instance stopped and was reaped; no name clash; no member declared DEAD while running, other
 * than across a partition; heap per member in the last hour within 10% of the first. The last line
 * of standard output is one JSON object; the exit status is 1 when an invariant broke.
 */
final class LongRun {

  static final long MINUTE = 60_000;
  static final long HOUR = 60 * MINUTE;
  static final long DURATION = 6 * HOUR;
  static final double MAX_HEAP_GROWTH = 1.10;

  private final SimulateOptions o;
  private final Simulator sim;
  private final SplittableRandom pick;
  private final long healBound;
  private final long reapHorizon;
  private final double loss;

  /** Whether a partition is in force (sides by the parity of the host index). */
  private boolean partitioned;

  /** Set while a heal has not yet become one view: its start time. */
  private long healingSince = -1;

  private final List<Long> healMs = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private final Map<Long, Long> stoppedAt = new HashMap<>();
  private final Map<String, Integer> hostByName = new HashMap<>();
  private final List<Double> heapFirst = new ArrayList<>();
  private final List<Double> heapLast = new ArrayList<>();
  private long nameClashesOfStopped;
  private long resurrected;
  private long falseDead;
  private long failedAcrossPartition;
  private int churned;
  private int restarted;
  private boolean leaveNext;

  /**
   * A run of {@code config}; with {@code member} (the configuration of --config and --set, or null)
   * its cluster label, datagram overhead and TCP fallback too.
   */
  LongRun(SimulateOptions options, SwimConfig config, GossiperConfig member) {
    this.o = options;
    Simulator.Network net = new Simulator.Network();
    this.loss = options.lossGiven ? options.loss : 0.05;
    net.loss = loss;
    this.sim = new Simulator(options.seed, config, net);
    sim.threads(options.threads);
    if (member != null) {
      sim.transport(member.clusterLabel(), MemberSettings.datagramOverhead(member));
      sim.tcpFallback(member.tcpFallbackProbe() && !member.tcpOnly());
    }
    this.pick = new SplittableRandom(options.seed ^ 0x10F6L);
    this.healBound = 2 * config.reconnectInterval().toMillis();
    // a stopped instance is reaped everywhere by then: the slowest detection (the max suspicion
    // timeout) plus the tombstone timeout, with a minute of slack for gossip at this loss
    this.reapHorizon =
        config.suspicionMaxTimeoutMult() * 10L * config.probeInterval().toMillis()
            + config.tombstoneTimeout().toMillis()
            + MINUTE;
  }

  /** Runs the scenario; prints progress to standard error and returns the JSON result. */
  String run() {
    long wallStart = System.nanoTime();
    int n = o.nodes;
    sim.startConverged(n);
    sim.useSeedHosts(0, 1, 2);
    for (Simulator.Host h : sim.hosts()) {
      hostByName.put(h.name(), h.index());
      h.node().join(sim.now(), sim.seedProvider(), 1_000, 30_000); // seeds for healing
    }
    sim.addSink(this::onEvent);

    scheduleChurn(n);
    scheduleHeapSamples();
    schedulePartition(70 * MINUTE, 10 * MINUTE);
    schedulePartition(100 * MINUTE, 120 * MINUTE);
    scheduleRollingRestart(4 * HOUR, HOUR);
    for (long at = 10 * MINUTE; at <= DURATION; at += 10 * MINUTE) {
      long t = at;
      sim.at(
          t,
          () ->
              SimulateCommand.log(
                  String.format(
                      Locale.ROOT,
                      "virtual %d min, wall %.0f s, %d running, heal %s",
                      t / MINUTE,
                      (System.nanoTime() - wallStart) / 1e9,
                      ClusterViews.running(sim).size(),
                      healMs)));
    }
    sim.runUntil(DURATION);
    if (healingSince >= 0) {
      healMs.add(null);
      violations.add("a partition never healed to one view");
    }
    return result(wallStart);
  }

  /** 2% of the members per hour (at least one), evenly spread, replaced by new ones. */
  private void scheduleChurn(int n) {
    int perHour = Math.max(1, (int) Math.round(n * 0.02));
    long every = HOUR / perHour;
    for (long at = every / 2; at < DURATION; at += every) {
      sim.at(at, this::churnOne);
    }
  }

  private void churnOne() {
    List<Simulator.Host> running = ClusterViews.running(sim);
    List<Simulator.Host> candidates = new ArrayList<>();
    for (Simulator.Host h : running) {
      if (h.index() > 2) {
        candidates.add(h); // never a seed
      }
    }
    if (candidates.isEmpty()) {
      return;
    }
    Simulator.Host victim = candidates.get(pick.nextInt(candidates.size()));
    int idx = victim.index();
    churned++;
    leaveNext = !leaveNext;
    if (leaveNext) {
      victim.node().leave(sim.now());
      sim.at(sim.now() + 5_000, () -> stop(idx, true));
    } else {
      stop(idx, true);
    }
    sim.at(
        sim.now() + 30_000,
        () -> {
          Simulator.Host joined = sim.startJoining(Map.of());
          hostByName.put(joined.name(), joined.index());
          if (partitioned) {
            sim.partition(sides()); // the newcomer is on its side of the partition too
          }
        });
  }

  /** Stops host {@code i}'s instance, remembering when; {@code retire} frees it for good. */
  private void stop(int i, boolean retire) {
    Simulator.Host h = sim.host(i);
    if (h.crashed()) {
      return;
    }
    nameClashesOfStopped += h.node().stats().nameClashes();
    stoppedAt.put(h.node().localInfo().startId(), sim.now());
    if (retire) {
      sim.retire(i);
    } else {
      sim.crash(i);
    }
  }

  private void scheduleRollingRestart(long from, long over) {
    int n = o.nodes;
    for (int i = 0; i < n; i++) {
      int idx = i;
      sim.at(
          from + over * i / n,
          () -> {
            if (sim.host(idx).crashed()) {
              return; // churned away
            }
            stop(idx, false);
            sim.restart(idx, true);
            restarted++;
          });
    }
  }

  private int[] sides() {
    int[] side = new int[sim.hosts().size()];
    for (int i = 0; i < side.length; i++) {
      side[i] = i % 2;
    }
    return side;
  }

  private void schedulePartition(long at, long length) {
    sim.at(
        at,
        () -> {
          partitioned = true;
          sim.partition(sides());
          SimulateCommand.log("partitioned at " + sim.now() / MINUTE + " min");
        });
    sim.at(
        at + length,
        () -> {
          sim.heal();
          partitioned = false;
          healingSince = sim.now();
          SimulateCommand.log("healed at " + sim.now() / MINUTE + " min");
          checkHealed();
        });
  }

  private void checkHealed() {
    if (ClusterViews.oneLiveView(sim)) {
      long took = sim.now() - healingSince;
      healMs.add(took);
      healingSince = -1;
      SimulateCommand.log("one view " + took + " ms after the heal");
      if (took > healBound) {
        violations.add("one view " + took + " ms after a heal, bound " + healBound);
      }
      return;
    }
    if (sim.now() - healingSince > 10 * MINUTE) {
      healMs.add(null);
      violations.add("no one view within 10 minutes of a heal");
      healingSince = -1;
      return;
    }
    sim.at(sim.now() + 1_000, this::checkHealed);
  }

  private void scheduleHeapSamples() {
    for (long at : List.of(20 * MINUTE, 40 * MINUTE, 60 * MINUTE)) {
      sim.at(at, () -> heapFirst.add(heapPerMember()));
    }
    for (long at : List.of(DURATION - 40 * MINUTE, DURATION - 20 * MINUTE, DURATION)) {
      sim.at(at, () -> heapLast.add(heapPerMember()));
    }
  }

  private double heapPerMember() {
    sim.dropSharingCaches();
    return SimulateCommand.usedHeapAfterGc() / (double) ClusterViews.running(sim).size();
  }

  private void onEvent(int node, long at, MembershipEvent event) {
    Member m = event.member();
    MembershipEventType type = event.type();
    if (type == MembershipEventType.JOINED) {
      Long stopped = stoppedAt.get(m.startId());
      if (stopped != null && at - stopped > reapHorizon) {
        resurrected++;
        if (resurrected <= 5) {
          violations.add(
              String.format(
                  Locale.ROOT,
                  "%s came back at %s at %d s, %d s after its instance stopped",
                  m.name(),
                  Simulator.nameOf(node),
                  at / 1000,
                  (at - stopped) / 1000));
        }
      }
    } else if (type == MembershipEventType.FAILED) {
      Integer idx = hostByName.get(m.name());
      Simulator.Host h = idx == null ? null : sim.host(idx);
      boolean running = h != null && !h.crashed() && h.node().localInfo().startId() == m.startId();
      if (!running) {
        return;
      }
      boolean across = (partitioned || healingSince >= 0) && idx % 2 != node % 2;
      if (across) {
        failedAcrossPartition++;
      } else {
        falseDead++;
        if (falseDead <= 5) {
          violations.add(
              String.format(
                  Locale.ROOT,
                  "%s declared DEAD by %s at %d s while running",
                  m.name(),
                  Simulator.nameOf(node),
                  at / 1000));
        }
      }
    }
  }

  private String result(long wallStart) {
    long nameClashes = nameClashesOfStopped;
    for (Simulator.Host h : ClusterViews.running(sim)) {
      nameClashes += h.node().stats().nameClashes();
    }
    java.util.Set<Long> longGone = new java.util.HashSet<>();
    stoppedAt.forEach(
        (startId, at) -> {
          if (sim.now() - at > reapHorizon) {
            longGone.add(startId);
          }
        });
    int ghosts = ClusterViews.stoppedHeldLive(sim, longGone);
    if (ghosts > 0) {
      violations.add(ghosts + " views still hold an instance stopped long ago ALIVE");
    }
    if (nameClashes > 0) {
      violations.add(nameClashes + " name clashes");
    }
    if (resurrected > 5) {
      violations.add(resurrected + " resurrections in all");
    }
    if (falseDead > 5) {
      violations.add(falseDead + " false deaths in all");
    }
    double first = mean(heapFirst);
    double last = mean(heapLast);
    if (last > first * MAX_HEAP_GROWTH) {
      violations.add(
          String.format(
              Locale.ROOT,
              "heap per member grew from %.0f to %.0f bytes (over %.0f%%)",
              first,
              last,
              (MAX_HEAP_GROWTH - 1) * 100));
    }
    for (String v : violations) {
      SimulateCommand.log("invariant broken: " + v);
    }
    StringBuilder heal = new StringBuilder("[");
    for (int i = 0; i < healMs.size(); i++) {
      heal.append(i == 0 ? "" : ",").append(healMs.get(i));
    }
    heal.append(']');
    Json j = new Json();
    j.put("scenario", "long-run")
        .put("nodes", o.nodes)
        .put("seed", o.seed)
        .put("loss", loss)
        .put("duration_s", DURATION / 1000);
    j.putRaw("heal_ms", heal.toString())
        .put("heal_bound_ms", healBound)
        .put("resurrected", resurrected)
        .put("stopped_instances_held_live", ghosts)
        .put("name_clashes", nameClashes)
        .put("false_dead", falseDead)
        .put("failed_across_partition", failedAcrossPartition)
        .put("churned", churned)
        .put("restarted", restarted)
        .put("heap_per_member_first_hour", Math.round(first))
        .put("heap_per_member_last_hour", Math.round(last))
        .put("heap_ratio", SimulateCommand.round2(last / first))
        .put("events", sim.eventsProcessed())
        .put("violations", violations.size())
        .put("wall_s", SimulateCommand.round2((System.nanoTime() - wallStart) / 1e9));
    return j.toString();
  }

  /** Whether every invariant held (valid after {@link #run}). */
  boolean passed() {
    return violations.isEmpty();
  }

  private static double mean(List<Double> l) {
    double sum = 0;
    for (double d : l) {
      sum += d;
    }
    return l.isEmpty() ? Double.NaN : sum / l.size();
  }

  /** Views over the running hosts. */
  static final class ClusterViews {
    private ClusterViews() {}

    static List<Simulator.Host> running(Simulator sim) {
      List<Simulator.Host> out = new ArrayList<>();
      for (Simulator.Host h : sim.hosts()) {
        if (!h.crashed()) {
          out.add(h);
        }
      }
      return out;
    }

    /**
     * Every running host holds every running host live (ALIVE or SUSPECT: a suspicion at 5% loss is
     * routine), as its current instance and address.
     */
    static boolean oneLiveView(Simulator sim) {
      List<Simulator.Host> running = running(sim);
      for (Simulator.Host observer : running) {
        for (Simulator.Host h : running) {
          Member m = observer.node().member(h.name());
          if (m == null
              || !m.state().isLive()
              || m.startId() != h.node().localInfo().startId()
              || !m.address().equals(h.address())) {
            return false;
          }
        }
      }
      return true;
    }

    /** How many (observer, instance) pairs hold a stopped instance live. */
    static int stoppedHeldLive(Simulator sim, java.util.Set<Long> stopped) {
      int count = 0;
      for (Simulator.Host observer : running(sim)) {
        for (Member m : observer.node().members()) {
          if (m.state() == MemberState.ALIVE && stopped.contains(m.startId())) {
            count++;
          }
        }
      }
      return count;
    }
  }
}
