package dev.swim.simulator;

import static dev.swim.core.member.MembershipEventType.FAILED;
import static dev.swim.core.member.MembershipEventType.SUSPECTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.protocol.SwimConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A healthy cluster stays quiet; a lossy one may suspect, but never kills a live member. */
@DisplayName("Stability (simulation)")
class StabilitySimulationTest {

  static final SwimConfig LAN = SwimConfig.lan();
  static final long TEN_MINUTES = 600_000;

  /** Counts events by type and keeps the FAILED ones; cheap enough for millions of events. */
  static final class Tally implements Simulator.EventSink {
    final java.util.EnumMap<MembershipEventType, Long> byType =
        new java.util.EnumMap<>(MembershipEventType.class);
    final List<String> failed = new ArrayList<>();

    @Override
    public void onEvent(int node, long at, MembershipEvent event) {
      byType.merge(event.type(), 1L, Long::sum);
      if (event.type() == FAILED) {
        failed.add(
            event.member().name()
                + " at node-"
                + node
                + " t="
                + at
                + " ms, incarnation "
                + event.member().incarnation());
      }
    }

    long count(MembershipEventType type) {
      return byType.getOrDefault(type, 0L);
    }
  }

  static long probeRounds(Simulator sim) {
    long rounds = 0;
    for (Simulator.Host h : sim.hosts()) {
      rounds += h.node().stats().probes().total();
    }
    return rounds;
  }

  @Test
  @DisplayName("200 members for 10 virtual minutes at 0% loss: not a single suspicion")
  void noSuspicionWithoutLoss() {
    long wall = System.nanoTime();
    int n = 200;
    Simulator sim = Sims.converged(3, LAN, 0, n);
    Tally tally = new Tally();
    sim.addSink(tally);

    sim.runFor(TEN_MINUTES);

    long expectedRounds = n * (TEN_MINUTES / LAN.probeInterval().toMillis());
    assertThat(probeRounds(sim))
        .as("the members did probe all along")
        .isGreaterThanOrEqualTo(expectedRounds * 99 / 100);
    assertThat(tally.count(SUSPECTED)).isZero();
    assertThat(tally.failed).isEmpty();
    Sims.report(
        "200 members, 10 min, 0% loss",
        wall, probeRounds(sim) + " probe rounds, " + tally.count(SUSPECTED) + " suspicions");
  }

  /**
   * UDP only (no TCP fallback probe), so about 0.8% of probe rounds fail (ping or ack lost, then
   * all three indirect routes lost): several false suspicions a second. Each must be refuted before
   * any node's suspicion expires.
   */
  @Test
  @DisplayName(
      "1,000 members for 10 virtual minutes at 10% loss: no live member is ever marked DEAD")
  void noLiveMemberMarkedDeadAtTenPercentLoss() {
    long wall = System.nanoTime();
    int n = 1000;
    Simulator sim = Sims.converged(4, LAN, 0.10, n);
    Tally tally = new Tally();
    sim.addSink(tally);

    sim.runFor(TEN_MINUTES);

    long expectedRounds = n * (TEN_MINUTES / LAN.probeInterval().toMillis());
    assertThat(probeRounds(sim)).isGreaterThanOrEqualTo(expectedRounds * 95 / 100);
    assertThat(tally.count(SUSPECTED))
        .as("the loss did bite: false suspicions were raised")
        .isPositive();
    assertThat(tally.failed).as("FAILED events (nobody crashed)").isEmpty();
    Sims.report(
        "1,000 members, 10 min, 10% loss",
        wall,
        tally.count(SUSPECTED)
            + " SUSPECTED events, "
            + tally.count(MembershipEventType.RECOVERED)
            + " RECOVERED, "
            + tally.failed.size()
            + " FAILED; "
            + sim.eventsProcessed()
            + " simulator events");
  }
}
