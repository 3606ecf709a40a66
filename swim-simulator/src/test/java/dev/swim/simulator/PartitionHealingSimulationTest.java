package dev.swim.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.protocol.SwimConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * memberlist #222: a split cluster must merge again by itself. SwimNode retries recently dead
 * members and the seeds every {@code healInterval} with a push-pull; the merge answers each stale
 * view with the accusation, and the accused refute.
 */
@DisplayName("Partition healing (simulation)")
class PartitionHealingSimulationTest {

  static final SwimConfig LAN = SwimConfig.lan();
  static final int N = 40;

  /**
   * Bound after the heal: every member runs a healing push-pull within one {@code healInterval};
   * the stale views it finds are answered with accusations, the accused refute, and the refutations
   * spread: {@code healInterval + 2 x dissemination + digest sync} (16.4 s on LAN).
   */
  static long healBound() {
    return LAN.healInterval().toMillis()
        + 2 * SimulationBounds.disseminationMs(LAN, N, 0)
        + SimulationBounds.digestSyncMs(LAN, N);
  }

  /**
   * 60 s: both halves have declared the other DEAD, tombstones are still held, so the dead are
   * retried. 300 s: the tombstones (60 s) are reaped, each half has forgotten the other, and only
   * the seeds (one on each side) can bring them together.
   */
  @ParameterizedTest(name = "split for {0} s")
  @CsvSource({"60", "300"})
  @DisplayName("a 50/50 partition, once healed, becomes one view again within the bound")
  void fiftyFiftyPartitionHeals(int seconds) {
    long wall = System.nanoTime();
    Simulator sim = Sims.joiningThroughSeeds(7, LAN, N, 0, 1);
    long joined =
        ClusterAssertions.timeUntil(
            sim, SimulationBounds.joinConvergenceMs(LAN, N), () -> ClusterAssertions.oneView(sim));
    assertThat(joined).as("converged before the split").isNotNegative();
    int[] side = new int[N];
    for (int i = 0; i < N; i++) {
      side[i] = i % 2; // seeds 0 and 1 on different sides
    }

    sim.partition(side);
    sim.runFor(seconds * 1000L);

    for (Simulator.Host h : sim.hosts()) {
      assertThat(h.node().liveCount()).as("%s sees only its own half", h.name()).isEqualTo(N / 2);
    }
    MemberState across = sim.host(0).node().stateOf(Simulator.nameOf(1));
    if (seconds * 1000L > LAN.tombstoneTimeout().toMillis() + 30_000) {
      assertThat(across).as("the other half is forgotten").isNull();
    } else {
      assertThat(across).as("the other half is held DEAD").isEqualTo(MemberState.DEAD);
    }

    sim.heal();
    long bound = healBound();
    long took = ClusterAssertions.timeUntil(sim, bound, () -> ClusterAssertions.oneView(sim));

    assertThat(took)
        .as(
            "one view within %d ms of the heal; still:%n%s",
            bound, ClusterAssertions.describeViews(sim))
        .isNotNegative();
    Sims.report(
        "50/50 partition of 40 for " + seconds + " s",
        wall,
        "one view " + took + " ms after the heal, bound " + bound);
  }
}
