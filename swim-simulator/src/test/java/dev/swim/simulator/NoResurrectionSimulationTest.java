package dev.swim.simulator;

import static dev.swim.core.member.MembershipEventType.JOINED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.MemberRecord;
import dev.swim.core.wire.Message.PushPull;
import dev.swim.core.wire.WireCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue #14 item 2, no resurrection after reaping: once every member has reaped a DEAD or LEFT
 * member's tombstone, stale news of that very instance (a datagram delayed in the network, or the
 * state of a member that was partitioned away and still holds it ALIVE or SUSPECT) must not bring
 * it back. Each member keeps a bounded record of the members it reaped and refuses anything not
 * newer than it; a newer instance still comes back at once.
 */
@DisplayName("No resurrection after reaping (simulation)")
class NoResurrectionSimulationTest {

  static final SwimConfig LAN = SwimConfig.lan();
  static final int N = 20;
  static final int SUBJECT = 7;

  /** How the stale news arrives. */
  enum Stale {
    /** A datagram with its last alive, delayed in the network. */
    DATAGRAM,
    /** A push-pull whose state holds it ALIVE, from a member that was partitioned away. */
    PUSH_PULL_ALIVE,
    /** The same, holding it SUSPECT (merged as an alive plus a suspicion). */
    PUSH_PULL_SUSPECT
  }

  @ParameterizedTest(name = "{0}, after it {1}")
  @CsvSource({
    "DATAGRAM, failed, 31",
    "DATAGRAM, left, 32",
    "PUSH_PULL_ALIVE, failed, 33",
    "PUSH_PULL_ALIVE, left, 34",
    "PUSH_PULL_SUSPECT, failed, 35"
  })
  @DisplayName("stale news of a reaped member does not bring it back")
  void staleNewsOfAReapedMemberDoesNotResurrectIt(Stale stale, String end, long seed) {
    long wall = System.nanoTime();
    Simulator sim = Sims.converged(seed, LAN, 0.0, N);
    sim.useSeeds(0);
    EventLog log = EventLog.attach(sim);
    String name = Simulator.nameOf(SUBJECT);
    sim.runFor(2_000);
    sim.host(SUBJECT).node().updateMetadata(sim.now(), Map.of("v", "2")); // incarnation 1
    sim.runFor(3_000);
    Member last = sim.host(1).node().member(name);
    assertThat(last.incarnation()).isEqualTo(1);

    if (end.equals("left")) {
      sim.host(SUBJECT).node().leave(sim.now());
      sim.runFor(2_000);
      sim.crash(SUBJECT);
    } else {
      sim.crash(SUBJECT);
    }
    long reapedWithin =
        SimulationBounds.crashDetectionMs(LAN, N, 1, 0)
            + LAN.tombstoneTimeout().toMillis()
            + Duration.ofSeconds(5).toMillis();
    long reaped =
        ClusterAssertions.timeUntil(
            sim, reapedWithin, () -> ClusterAssertions.everyoneElseHolds(sim, name, null));
    assertThat(reaped).as("every member reaped %s", name).isNotNegative();
    long since = sim.now();

    WireCodec codec = new WireCodec("sim");
    Alive alive =
        new Alive(name, last.address(), last.incarnation(), last.startId(), last.metadata());
    NodeAddress stranger = new NodeAddress("10.9.9.9", 7946);
    for (Simulator.Host h : ClusterAssertions.running(sim)) {
      switch (stale) {
        case DATAGRAM -> sim.inject(h.index(), last.address(), codec.encodePacket(alive));
        case PUSH_PULL_ALIVE, PUSH_PULL_SUSPECT -> {
          MemberState held =
              stale == Stale.PUSH_PULL_ALIVE ? MemberState.ALIVE : MemberState.SUSPECT;
          MemberRecord record =
              new MemberRecord(
                  name, last.address(), last.incarnation(), last.startId(), held, last.metadata());
          PushPull state = new PushPull(false, false, 1, "returning", List.of(record));
          sim.injectStream(h.index(), stranger, codec.encodeFrame(state));
        }
        default -> throw new IllegalStateException(stale.toString());
      }
    }
    long resurrected =
        ClusterAssertions.timeUntil(sim, 30_000, () -> !nobodyHoldsItLive(sim, name));

    assertThat(resurrected).as("%s was brought back by stale news", name).isNegative();
    assertThat(log.nodesWith(JOINED, name, since)).as("JOINED events about %s", name).isEmpty();
    long refused = 0;
    for (Simulator.Host h : ClusterAssertions.running(sim)) {
      refused += h.node().stats().resurrectionsRefused();
    }
    assertThat(refused).as("refusals counted").isGreaterThanOrEqualTo(N - 1);

    // a newer instance of the name is no resurrection: it comes back at once
    sim.restart(SUBJECT, false);
    long back =
        ClusterAssertions.timeUntil(
            sim, SimulationBounds.joinConvergenceMs(LAN, N), () -> ClusterAssertions.oneView(sim));
    assertThat(back)
        .as("the restarted member is back; still:%n%s", ClusterAssertions.describeViews(sim))
        .isNotNegative();
    Sims.report(
        "no resurrection (" + stale + ", " + end + ")",
        wall,
        refused + " stale updates refused; restarted instance back in " + back + " ms");
  }

  private static boolean nobodyHoldsItLive(Simulator sim, String name) {
    for (Simulator.Host h : ClusterAssertions.running(sim)) {
      MemberState s = h.node().stateOf(name);
      if (s != null && s.isLive()) {
        return false;
      }
    }
    return true;
  }
}
