package dev.swim.core.protocol;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.sim.ClusterAssertions;
import dev.swim.core.sim.EventLog;
import dev.swim.core.sim.Simulator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Calibrate2TmpTest {
  static void p(String s) { System.out.println("CAL " + s); }

  static Simulator joined(long seed, int n, SwimConfig cfg, Simulator.Network net) {
    Simulator sim = new Simulator(seed, cfg, net);
    sim.startJoining(Map.of());
    sim.useSeeds(0);
    sim.startJoining(Map.of());
    sim.useSeeds(0, 1);
    for (int i = 2; i < n; i++) sim.startJoining(Map.of());
    return sim;
  }

  @Test
  void partition() {
    for (long seed = 1; seed <= 5; seed++) {
      long w = System.nanoTime();
      Simulator sim = joined(seed, 40, SwimConfig.lan(), new Simulator.Network());
      EventLog log = EventLog.attach(sim);
      long t = ClusterAssertions.timeUntil(sim, 60_000, () -> ClusterAssertions.oneView(sim));
      int[] side = new int[40];
      for (int i = 0; i < 40; i++) side[i] = i % 2;
      sim.partition(side);
      sim.runFor(60_000);
      long deadCount = 0;
      for (var h : sim.hosts()) for (var o : sim.hosts()) if (h.node().stateOf(o.name()) == MemberState.DEAD) deadCount++;
      sim.heal();
      long th = ClusterAssertions.timeUntil(sim, 300_000, () -> ClusterAssertions.oneView(sim));
      p("partition seed " + seed + " join=" + t + " deadViews=" + deadCount + " heal=" + th + " wall=" + (System.nanoTime() - w) / 1_000_000);
      if (th < 0) p(ClusterAssertions.describeViews(sim));
    }
  }

  @Test
  void longPartition() {
    for (long seed = 1; seed <= 3; seed++) {
      Simulator sim = joined(seed, 40, SwimConfig.lan(), new Simulator.Network());
      ClusterAssertions.timeUntil(sim, 60_000, () -> ClusterAssertions.oneView(sim));
      int[] side = new int[40];
      for (int i = 0; i < 40; i++) side[i] = i % 2;
      sim.partition(side);
      sim.runFor(300_000);
      long known = 0;
      for (var h : sim.hosts()) known += h.node().knownCount();
      sim.heal();
      long th = ClusterAssertions.timeUntil(sim, 300_000, () -> ClusterAssertions.oneView(sim));
      p("longpartition seed " + seed + " known=" + known + " heal=" + th);
    }
  }

  @Test
  void slow() {
    for (boolean lg : new boolean[] {true, false}) {
      for (long seed = 1; seed <= 3; seed++) {
        long w = System.nanoTime();
        SwimConfig cfg = SwimConfig.builder(SwimConfig.Profile.LAN).lifeguard(lg).build();
        Simulator sim = new Simulator(seed, cfg, new Simulator.Network());
        EventLog log = EventLog.attach(sim);
        sim.startConverged(30);
        sim.slow(0, 1500);
        sim.runFor(300_000);
        long fs = log.aboutOthers(MembershipEventType.SUSPECTED, Set.of("node-0")).size();
        long fsByNode0 = 0;
        long fd = log.aboutOthers(MembershipEventType.FAILED, Set.of("node-0")).size();
        long s0 = log.count(MembershipEventType.SUSPECTED, "node-0");
        long d0 = log.count(MembershipEventType.FAILED, "node-0");
        p("slow lifeguard=" + lg + " seed " + seed + " falseSusp=" + fs + " falseDead=" + fd + " suspSlow=" + s0 + " deadSlow=" + d0 + " health0=" + sim.host(0).node().healthScore() + " susp0=" + sim.host(0).node().stats().suspicions() + " wall=" + (System.nanoTime() - w) / 1_000_000);
      }
    }
  }

  @Test
  void quiet200() {
    long w = System.nanoTime();
    Simulator sim = new Simulator(1, SwimConfig.lan(), new Simulator.Network());
    EventLog log = EventLog.attach(sim);
    sim.startConverged(200);
    sim.runFor(600_000);
    p("quiet200 susp=" + log.count(MembershipEventType.SUSPECTED) + " events=" + log.entries().size() + " wall=" + (System.nanoTime() - w) / 1_000_000);
  }

  @Test
  void lossy1000() {
    long w = System.nanoTime();
    Simulator.Network net = new Simulator.Network();
    net.loss = 0.10;
    Simulator sim = new Simulator(1, SwimConfig.lan(), net);
    EventLog log = EventLog.attach(sim);
    sim.startConverged(1000);
    sim.runFor(600_000);
    p("lossy1000 susp=" + log.count(MembershipEventType.SUSPECTED) + " failed=" + log.count(MembershipEventType.FAILED) + " events=" + log.entries().size() + " simEvents=" + sim.eventsProcessed() + " wall=" + (System.nanoTime() - w) / 1_000_000);
  }
}
