package dev.swim.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.protocol.SwimConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue #14 item 1, partitions that outlast the tombstone: after a split of 10 minutes or 2 hours
 * each half has declared the other DEAD and reaped it long ago, and the seed that formed the
 * cluster is gone, so neither the healing of recently dead members nor the seeds can bring the
 * halves together. Each member contacts a member that failed again every reconnect interval (Serf's
 * reconnect), and the halves become one view within two reconnect intervals of the heal.
 */
@DisplayName("Reconnect after a partition longer than the tombstone (simulation)")
class ReconnectSimulationTest {

  static final SwimConfig LAN = SwimConfig.lan();
  static final int N = 41;

  @ParameterizedTest(name = "split for {0} s")
  @CsvSource({"600, 41", "7200, 42"})
  @DisplayName("a partition that outlasts the tombstones heals within two reconnect intervals")
  void partitionLongerThanTheTombstoneHeals(int seconds, long seed) {
    long wall = System.nanoTime();
    Simulator sim = Sims.joiningThroughSeeds(seed, LAN, N, 0);
    long joined =
        ClusterAssertions.timeUntil(
            sim, SimulationBounds.joinConvergenceMs(LAN, N), () -> ClusterAssertions.oneView(sim));
    assertThat(joined).as("converged before the split").isNotNegative();
    sim.crash(0); // the seed is gone: only the members themselves can heal the split
    sim.runFor(SimulationBounds.crashDetectionMs(LAN, N, 1, 0));
    int[] side = new int[N];
    for (int i = 0; i < N; i++) {
      side[i] = i % 2;
    }

    sim.partition(side);
    sim.runFor(seconds * 1000L);
    for (Simulator.Host h : ClusterAssertions.running(sim)) {
      assertThat(h.node().liveCount()).as("%s sees only its own half", h.name()).isEqualTo(N / 2);
      assertThat(h.node().stateOf(Simulator.nameOf(h.index() % 2 == 0 ? 1 : 2)))
          .as("%s has reaped the other half", h.name())
          .isNull();
    }

    sim.heal();
    long bound = 2 * LAN.reconnectInterval().toMillis();
    long took = ClusterAssertions.timeUntil(sim, bound, () -> ClusterAssertions.oneView(sim));

    assertThat(took)
        .as(
            "one view within %d ms of the heal; still:%n%s",
            bound, ClusterAssertions.describeViews(sim))
        .isNotNegative();
    long reconnects = 0;
    for (Simulator.Host h : ClusterAssertions.running(sim)) {
      reconnects += h.node().stats().reconnects();
    }
    Sims.report(
        "partition of 40 for " + seconds + " s, seed gone",
        wall,
        "one view "
            + took
            + " ms after the heal, bound "
            + bound
            + ", "
            + reconnects
            + " reconnect attempts in all");
  }
}
