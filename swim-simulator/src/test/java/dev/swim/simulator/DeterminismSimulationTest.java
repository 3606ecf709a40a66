package dev.swim.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MembershipEvent;
import dev.swim.core.protocol.SwimConfig;
import java.util.ArrayList;
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

  /** Everything a run produced that its seed decides and its thread count must not disturb. */
  record Outcome(
      List<EventLog.Entry> trace,
      List<String> userEvents,
      List<String> views,
      long datagrams,
      long bytes,
      long streams,
      long events) {

    static Outcome of(Simulator sim, EventLog log, List<String> userEvents) {
      List<String> views = new ArrayList<>();
      for (Simulator.Host h : sim.hosts()) {
        if (h.node() != null && !h.crashed()) {
          views.add(h.index() + ":" + h.node().members());
        }
      }
      return new Outcome(
          List.copyOf(log.entries()),
          List.copyOf(userEvents),
          views,
          sim.datagramsSent(),
          sim.datagramBytesSent(),
          sim.streamMessages(),
          sim.eventsProcessed());
    }
  }

  /** Each component alike, so that a failure names the first that differs. */
  static void assertSameRun(Outcome actual, Outcome expected) {
    assertThat(actual.trace()).as("membership events").isEqualTo(expected.trace());
    assertThat(actual.userEvents()).as("user events").isEqualTo(expected.userEvents());
    assertThat(actual.views()).as("final views").isEqualTo(expected.views());
    assertThat(actual.datagrams()).as("datagrams").isEqualTo(expected.datagrams());
    assertThat(actual.bytes()).as("datagram bytes").isEqualTo(expected.bytes());
    assertThat(actual.streams()).as("stream messages").isEqualTo(expected.streams());
    assertThat(actual.events()).as("events processed").isEqualTo(expected.events());
  }

  /** Joins, loss, a crash, a metadata change, a restart at a new address, a leave. */
  static Outcome scenario(long seed) {
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
    return Outcome.of(sim, log, List.of());
  }

  @Test
  @DisplayName("the same seed gives the identical event trace; another seed gives another")
  void sameSeedSameTrace() {
    long wall = System.nanoTime();

    Outcome first = scenario(11);
    Outcome again = scenario(11);
    Outcome other = scenario(12);

    assertThat(first.trace()).as("a real history, not an empty one").hasSizeGreaterThan(900);
    assertSameRun(again, first);
    assertThat(other.trace()).isNotEqualTo(first.trace());
    Sims.report(
        "determinism, 30 members x 3 runs",
        wall,
        first.trace().size() + " events per trace, identical for seed 11");
  }

  /**
   * 150 members joining at 10 % loss with the TCP fallback (streams), then a crash, a pause, a slow
   * member, a one-way block, a partition and its heal, a restart at a new address, user events, a
   * metadata change and a leave.
   */
  static Outcome busyScenario(int threads, long[] parallelRounds) {
    Simulator sim = new Simulator(5, SwimConfig.lan(), Sims.network(0.1));
    sim.threads(threads);
    sim.minParallelRound(2); // share out even this small cluster's rounds
    sim.tcpFallback(true);
    EventLog log = EventLog.attach(sim);
    List<String> userEvents = new ArrayList<>();
    sim.addSink(
        new Simulator.UserEventSink() {
          @Override
          public void onEvent(int node, long at, MembershipEvent e) {}

          @Override
          public void onUserEvent(int node, long at, String name, String origin, byte[] p) {
            userEvents.add(node + "@" + at + ":" + origin + "/" + name);
          }
        });
    int n = 150;
    sim.startJoining(Map.of());
    sim.useSeeds(0);
    for (int i = 1; i < n; i++) {
      sim.startJoining(Map.of());
    }
    int[] side = new int[n];
    for (int i = n / 2; i < n; i++) {
      side[i] = 1;
    }
    sim.at(8_000, () -> sim.crash(17));
    sim.at(9_000, () -> sim.pause(23, 14_000));
    sim.at(9_500, () -> sim.slow(31, 700));
    sim.at(10_000, () -> sim.blockOneWay(new int[] {40, 41}, new int[] {42, 43, 44}));
    sim.at(12_000, () -> sim.host(5).node().broadcastUserEvent(sim.now(), "deploy", new byte[8]));
    sim.at(13_000, () -> sim.host(6).node().updateMetadata(sim.now(), Map.of("v", "2")));
    sim.at(15_000, () -> sim.partition(side));
    sim.at(22_000, sim::heal);
    sim.at(24_000, () -> sim.restart(17, true));
    sim.at(26_000, () -> sim.host(60).node().leave(sim.now()));
    sim.runUntil(40_000);
    parallelRounds[0] = sim.parallelRounds();
    return Outcome.of(sim, log, userEvents);
  }

  @Test
  @DisplayName("a run on two or three threads is, event for event, the run on one")
  void threadsDoNotChangeTheRun() {
    long wall = System.nanoTime();
    long[] rounds = new long[1];

    Outcome one = busyScenario(1, rounds);
    long sequentialRounds = rounds[0];
    Outcome two = busyScenario(2, rounds);
    long twoRounds = rounds[0];
    Outcome three = busyScenario(3, rounds);

    assertThat(sequentialRounds).isZero();
    assertThat(twoRounds).as("milliseconds shared out among threads").isGreaterThan(10_000);
    assertThat(one.trace()).as("a real history").hasSizeGreaterThan(5_000);
    assertThat(one.userEvents()).as("the user event reached members").hasSizeGreaterThan(100);
    assertThat(one.streams()).as("the TCP fallback and joins used streams").isPositive();
    assertSameRun(two, one);
    assertSameRun(three, one);
    Sims.report(
        "determinism across threads, 150 members x 3 runs",
        wall,
        one.trace().size() + " events, " + twoRounds + " milliseconds shared out, identical");
  }
}
