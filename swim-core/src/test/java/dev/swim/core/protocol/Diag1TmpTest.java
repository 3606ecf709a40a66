package dev.swim.core.protocol;

import dev.swim.core.member.MembershipEventType;
import dev.swim.core.sim.Simulator;
import org.junit.jupiter.api.Test;

class Diag1TmpTest {
  @Test
  void lossy1000() {
    Simulator sim = Sims.converged(4, SwimConfig.lan(), 0.10, 1000);
    int[] counts = new int[8];
    sim.addSink((n, at, ev) -> {
      if (ev.member().name().equals("node-916") && at > 170_000) {
        counts[ev.type().ordinal()]++;
        if (n == 729 || n == 916 || (ev.type() != MembershipEventType.SUSPECTED && ev.type() != MembershipEventType.RECOVERED))
          System.out.println("CAL t=" + at + " node " + n + " " + ev.type() + " inc " + ev.member().incarnation());
      }
    });
    for (long t = 170_000; t <= 250_000; t += 2000) {
      long tt = t;
      sim.at(t, () -> System.out.println("CAL t=" + tt + " 916.inc=" + sim.host(916).node().localMember().incarnation() + " 729 sees " + sim.host(729).node().member("node-916").state() + "/" + sim.host(729).node().member("node-916").incarnation() + " 729health=" + sim.host(729).node().healthScore() + " counts=" + java.util.Arrays.toString(counts)));
    }
    sim.runFor(250_000);
  }
}
