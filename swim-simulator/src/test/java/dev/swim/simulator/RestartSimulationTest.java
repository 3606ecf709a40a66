package dev.swim.simulator;

import static dev.swim.core.member.MembershipEventType.FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.protocol.SwimConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A restarted member (same name, new start id, maybe a new address) is ALIVE everywhere again as
 * the new instance, with one entry per name. memberlist #311: after a mass restart, nodes held DEAD
 * at a higher incarnation must not stay dead.
 */
@DisplayName("Restart (simulation)")
class RestartSimulationTest {

  static final SwimConfig LAN = SwimConfig.lan();

  /**
   * The new instance joins (one stream round trip), is answered with what the seed holds about its
   * name, refutes with a higher incarnation, and the refutation spreads; the digest sync catches
   * stragglers: {@link SimulationBounds#joinConvergenceMs}.
   */
  static long restartBound(int n) {
    return SimulationBounds.joinConvergenceMs(LAN, n);
  }

  static void assertNoDuplicates(Simulator sim, int n) {
    for (Simulator.Host h : sim.hosts()) {
      assertThat(h.node().knownCount()).as("%s holds one entry per name", h.name()).isEqualTo(n);
    }
  }

  @ParameterizedTest(name = "new address: {0}, after being declared DEAD: {1}")
  @CsvSource({"false, false", "true, false", "false, true", "true, true"})
  @DisplayName(
      "a restarted member is ALIVE everywhere again, as the new instance, with no duplicate")
  void restartedMemberIsAliveEverywhere(boolean newAddress, boolean afterDeclaredDead) {
    long wall = System.nanoTime();
    int n = 20;
    int subject = 5;
    String name = Simulator.nameOf(subject);
    Simulator sim = Sims.converged(8, LAN, 0, n);
    sim.useSeeds(0);
    EventLog log = EventLog.attach(sim);
    sim.runFor(3_000);
    sim.host(subject).node().updateMetadata(sim.now(), Map.of("v", "1")); // incarnation 1
    sim.runFor(3_000);
    long oldStart = sim.host(subject).node().localInfo().startId();

    sim.crash(subject);
    if (afterDeclaredDead) {
      long detected =
          ClusterAssertions.timeUntil(
              sim,
              SimulationBounds.crashDetectionMs(LAN, n, 1, 0),
              () -> ClusterAssertions.everyoneElseHolds(sim, name, MemberState.DEAD));
      assertThat(detected).isNotNegative();
    } else {
      sim.runFor(500); // a quick restart, before anyone notices
    }
    sim.restart(subject, newAddress);
    long bound = restartBound(n);

    long took = ClusterAssertions.timeUntil(sim, bound, () -> ClusterAssertions.oneView(sim));

    assertThat(took)
        .as("one view within %d ms; still:%n%s", bound, ClusterAssertions.describeViews(sim))
        .isNotNegative();
    Simulator.Host restarted = sim.host(subject);
    assertThat(restarted.node().localInfo().startId()).isNotEqualTo(oldStart);
    for (Simulator.Host h : sim.hosts()) {
      Member m = h.node().member(name);
      assertThat(m.address()).as(h.name()).isEqualTo(restarted.address());
      assertThat(m.incarnation())
          .as("%s: the new instance refuted above the old one", h.name())
          .isGreaterThan(1);
    }
    assertNoDuplicates(sim, n);
    if (!afterDeclaredDead) {
      assertThat(log.count(FAILED, name)).as("a quick restart is never seen as a failure").isZero();
    }
    Sims.report(
        "restart (new address " + newAddress + ", after DEAD " + afterDeclaredDead + ")",
        wall,
        "one view " + took + " ms after the restart, bound " + bound);
  }

  /**
   * 30% of 60 members crash at once after raising their incarnations to 3, are declared DEAD
   * everywhere, then all restart at incarnation 0 (every second one at a new address). Restarted
   * while every node still holds their tombstones, each stale alive must be answered with the
   * accusation so the new instances refute. Restarted while the tombstones are being reaped, some
   * nodes have forgotten them and only hear the DEAD gossip: they must remember it and apply it
   * when the member reappears.
   */
  @ParameterizedTest(name = "restarted while tombstones are being reaped: {0}")
  @CsvSource({"false", "true"})
  @DisplayName(
      "a mass restart of 30% of members ends with everyone ALIVE everywhere (memberlist #311)")
  void massRestartEndsAliveEverywhere(boolean whileReaping) {
    long wall = System.nanoTime();
    int n = 60;
    int count = n * 30 / 100;
    Simulator sim = Sims.converged(9, LAN, 0, n);
    sim.useSeeds(0, 1, 2);
    sim.runFor(3_000);
    List<String> victims = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      victims.add(Simulator.nameOf(3 + i * 3));
    }
    for (int round = 1; round <= 3; round++) {
      for (String v : victims) {
        host(sim, v).node().updateMetadata(sim.now(), Map.of("round", "" + round));
      }
      sim.runFor(2_000);
    }
    for (String v : victims) {
      sim.crash(index(v));
    }
    long detected =
        ClusterAssertions.timeUntil(
            sim,
            SimulationBounds.crashDetectionMs(LAN, n, count, 0),
            () ->
                victims.stream()
                    .allMatch(v -> ClusterAssertions.everyoneElseHolds(sim, v, MemberState.DEAD)));
    assertThat(detected).as("all %d declared DEAD first", count).isNotNegative();
    if (whileReaping) {
      long reaping =
          ClusterAssertions.timeUntil(
              sim,
              LAN.tombstoneTimeout().toMillis() + 5_000,
              () -> anyoneHolds(sim, victims, null));
      assertThat(reaping).as("someone reaped a tombstone").isNotNegative();
      assertThat(anyoneHolds(sim, victims, MemberState.DEAD))
          .as("and others still hold one")
          .isTrue();
    }
    for (String v : victims) {
      sim.restart(index(v), index(v) % 2 == 0);
    }
    long bound = restartBound(n);

    long took = ClusterAssertions.timeUntil(sim, bound, () -> ClusterAssertions.oneView(sim));

    assertThat(took)
        .as("one view within %d ms; still:%n%s", bound, ClusterAssertions.describeViews(sim))
        .isNotNegative();
    assertNoDuplicates(sim, n);
    Sims.report(
        "mass restart of 18 of 60 (while reaping " + whileReaping + ")",
        wall,
        "one view " + took + " ms after the restart, bound " + bound);
  }

  static int index(String name) {
    return Integer.parseInt(name.substring("node-".length()));
  }

  static Simulator.Host host(Simulator sim, String name) {
    return sim.host(index(name));
  }

  /** Whether some running host holds some of {@code members} in {@code state} (null: unknown). */
  static boolean anyoneHolds(Simulator sim, List<String> members, MemberState state) {
    for (Simulator.Host h : ClusterAssertions.running(sim)) {
      for (String m : members) {
        if (h.node().stateOf(m) == state) {
          return true;
        }
      }
    }
    return false;
  }
}
