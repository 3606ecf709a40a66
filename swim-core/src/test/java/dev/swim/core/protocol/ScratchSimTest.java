package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.sim.Simulator;
import org.junit.jupiter.api.Test;

class ScratchSimTest {
  @Test
  void joinAndCrash() {
    Simulator sim = new Simulator(1, SwimConfig.lan(), new Simulator.Network());
    sim.addSink((n, at, ev) -> { if (n == 1) System.out.println(at + " n" + n + " " + ev.type() + " " + ev.member().name() + " " + ev.member().state()); });
    sim.startJoining(java.util.Map.of());
    sim.useSeeds(0);
    for (int i = 1; i < 20; i++) {
      sim.startJoining(java.util.Map.of());
    }
    sim.runFor(10_000);
    for (Simulator.Host h : sim.hosts()) {
      assertThat(h.node().liveCount()).as(h.name()).isEqualTo(20);
    }
    sim.crash(5);
    long t0 = sim.now();
    sim.runFor(40_000);
    for (Simulator.Host h : sim.hosts()) {
      if (!h.crashed()) {
        assertThat(h.node().stateOf("node-5")).as(h.name()).isEqualTo(MemberState.DEAD);
      }
    }
    System.out.println("datagrams " + sim.datagramsSent() + " bytes " + sim.datagramBytesSent() + " max " + sim.maxDatagramBytes());
  }
}
