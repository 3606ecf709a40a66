package dev.swim.core.protocol;

import dev.swim.core.sim.Simulator;
import org.junit.jupiter.api.Test;

class DiagLeaveTmpTest {
  @Test
  void leave() {
    Simulator sim = Sims.converged(6, SwimConfig.lan(), 0, 50);
    sim.runFor(3_000);
    SwimNode leaver = sim.host(7).node();
    leaver.leave(sim.now());
    for (int i = 0; i < 40; i++) {
      sim.runFor(250);
      System.out.println("CAL t=" + sim.now() + " next=" + leaver.nextDeadline() + " dissem=" + leaver.leaveDisseminated() + " depth=" + leaver.broadcastQueueDepth() + " sent=" + leaver.stats().datagramsSent() + " live=" + leaver.liveCount() + " msgsSent=" + java.util.Arrays.toString(leaver.stats().messagesSent()));
    }
  }
}
