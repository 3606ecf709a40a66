package dev.swim.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.protocol.SwimConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The protocol takes its time and randomness from the driver only, so one seed gives one history:
 * any failure found in simulation can be replayed exactly.
 */
@DisplayName("Determinism (simulation)")
class DeterminismSimulationTest {

  record Run(List<EventLog.Entry> trace, long datagrams, long bytes) {}

  /** Joins, loss, a crash, a metadata change, a restart at a new address, a leave. */
  static Run scenario(long seed) {
    Simulator sim = new Simulator(seed, SwimConfig.lan(), Sims.network(0.05));
    EventLog log = EventLog.attach(sim);
    sim.startJoining(Map.of());
    sim.useSeeds(0);
    for (int i = 1; i < 30; i++) {
      sim.startJoining(Map.of("i", "" + i));
    }
    sim.at(10_000, () -> sim.crash(11));
    sim.at(15_000, () -> sim.host(4).node().updateMetadata(sim.now(), Map.of("v", "2")));
    sim.at(35_000, () -> sim.restart(11, true));
    sim.at(45_000, () -> sim.host(20).node().leave(sim.now()));
    sim.runUntil(60_000);
    return new Run(List.copyOf(log.entries()), sim.datagramsSent(), sim.datagramBytesSent());
  }

  @Test
  @DisplayName("the same seed gives the identical event trace; another seed gives another")
  void sameSeedSameTrace() {
    long wall = System.nanoTime();

    Run first = scenario(11);
    Run again = scenario(11);
    Run other = scenario(12);

    assertThat(first.trace()).as("a real history, not an empty one").hasSizeGreaterThan(900);
    assertThat(again.trace()).isEqualTo(first.trace());
    assertThat(again.datagrams()).isEqualTo(first.datagrams());
    assertThat(again.bytes()).isEqualTo(first.bytes());
    assertThat(other.trace()).isNotEqualTo(first.trace());
    Sims.report(
        "determinism, 30 members x 3 runs",
        wall,
        first.trace().size() + " events per trace, identical for seed 11");
  }
}
