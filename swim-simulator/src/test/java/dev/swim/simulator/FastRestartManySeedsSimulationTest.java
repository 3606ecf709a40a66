package dev.swim.simulator;

import static dev.swim.core.member.MembershipEventType.FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.protocol.SwimConfig;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue #14 item 3, a fast restart with several seeds: a member that restarts within the suspicion
 * timeout joins through each of its seeds, and each answers with the record of its previous
 * instance. Those are old claims the new instance refutes once, not a second live member using its
 * name: no name clash may be counted (or logged, which goes with the count).
 */
@DisplayName("Fast restart with many seeds (simulation)")
class FastRestartManySeedsSimulationTest {

  static final SwimConfig LAN = SwimConfig.lan();

  @ParameterizedTest(name = "{0} seeds, new address {1}, seed {2}")
  @CsvSource({"3, false, 21", "3, true, 22", "5, false, 23", "1, false, 24"})
  @DisplayName("a restart within the suspicion timeout is no name clash, however many seeds")
  void fastRestartWithManySeedsIsNoNameClash(int seeds, boolean newAddress, long seed) {
    long wall = System.nanoTime();
    int n = 24;
    int subject = 12;
    String name = Simulator.nameOf(subject);
    Simulator sim = Sims.converged(seed, LAN, 0.0, n);
    int[] seedHosts = new int[seeds];
    for (int i = 0; i < seeds; i++) {
      seedHosts[i] = i;
    }
    sim.useSeeds(seedHosts);
    EventLog log = EventLog.attach(sim);
    sim.runFor(3_000);
    // the previous instance raised its incarnation a few times, as a long-running member has
    for (int round = 0; round < 3; round++) {
      sim.host(subject).node().updateMetadata(sim.now(), Map.of("round", "" + round));
      sim.runFor(1_000);
    }

    sim.crash(subject);
    sim.runFor(300); // back before anyone suspects it
    sim.restart(subject, newAddress);
    // the join's bound, plus a digest sync for a member the refutation's gossip happened to miss
    // (the digest its probes' acks carry hashes each live member's start id, so it differs)
    long bound = SimulationBounds.joinConvergenceMs(LAN, n) + SimulationBounds.digestSyncMs(LAN, n);
    long took = ClusterAssertions.timeUntil(sim, bound, () -> ClusterAssertions.oneView(sim));
    sim.runFor(30_000); // every late answer from the seeds and the gossip has arrived

    assertThat(took)
        .as("one view within %d ms; still:%n%s", bound, ClusterAssertions.describeViews(sim))
        .isNotNegative();
    assertThat(sim.host(subject).node().stats().nameClashes())
        .as("name clashes counted by the restarted member")
        .isZero();
    for (Simulator.Host h : sim.hosts()) {
      assertThat(h.node().stats().nameClashes()).as("name clashes at %s", h.name()).isZero();
    }
    assertThat(log.count(FAILED, name)).as("a quick restart is never seen as a failure").isZero();
    Sims.report(
        "fast restart with " + seeds + " seeds (new address " + newAddress + ")",
        wall,
        "one view " + took + " ms after the restart, bound " + bound);
  }
}
