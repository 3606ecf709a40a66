package dev.swim.core.protocol;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.sim.ClusterAssertions;
import dev.swim.core.sim.EventLog;
import dev.swim.core.sim.Simulator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CalibrateTmpTest {
  static void p(String s) { System.out.println("CAL " + s); }

  @Test
  void join100() {
    for (long seed = 1; seed <= 5; seed++) {
      long w = System.nanoTime();
      Simulator sim = new Simulator(seed, SwimConfig.lan(), new Simulator.Network());
      sim.startJoining(Map.of());
      sim.useSeeds(0);
      for (int i = 1; i < 100; i++) sim.startJoining(Map.of());
      long t = ClusterAssertions.timeUntil(sim, 120_000, () -> ClusterAssertions.oneView(sim));
      p("join100 seed " + seed + " t=" + t + " wall=" + (System.nanoTime() - w) / 1_000_000);
    }
  }

  @Test
  void crash() {
    for (int crashes : new int[] {1, 10}) {
      for (long seed = 1; seed <= 5; seed++) {
        long w = System.nanoTime();
        Simulator sim = new Simulator(seed, SwimConfig.lan(), new Simulator.Network());
        EventLog log = EventLog.attach(sim);
        sim.startConverged(100);
        sim.runFor(5_000);
        long t0 = sim.now();
        for (int c = 0; c < crashes; c++) sim.crash(c * 7 + 3);
        long t = ClusterAssertions.timeUntil(sim, 120_000, () -> {
          for (int c = 0; c < crashes; c++) if (!ClusterAssertions.everyoneElseHolds(sim, Simulator.nameOf(c * 7 + 3), MemberState.DEAD)) return false;
          return true;
        });
        long firstSusp = Long.MAX_VALUE, maxFirst = 0;
        for (int c = 0; c < crashes; c++) {
          long f = log.firstAt(MembershipEventType.SUSPECTED, Simulator.nameOf(c * 7 + 3), t0).orElse(-1) - t0;
          maxFirst = Math.max(maxFirst, f);
        }
        p("crash " + crashes + " seed " + seed + " allDead=" + t + " maxFirstSuspect=" + maxFirst + " falseSusp=" + log.where(e -> e.type() == MembershipEventType.SUSPECTED).size() + " wall=" + (System.nanoTime() - w) / 1_000_000);
      }
    }
  }
}
