package dev.swim.simulator;

import static dev.swim.core.member.MembershipEventType.FAILED;
import static dev.swim.core.member.MembershipEventType.LEFT;
import static dev.swim.core.member.MembershipEventType.UPDATED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.protocol.SwimNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Dissemination (simulation)")
class DisseminationSimulationTest {

  static final SwimConfig LAN = SwimConfig.lan();
  static final int N = 50;
  static final int SUBJECT = 7;
  static final String NAME = Simulator.nameOf(SUBJECT);

  static Set<Integer> everyoneBut(int index) {
    Set<Integer> out = new TreeSet<>();
    IntStream.range(0, N).filter(i -> i != index).forEach(out::add);
    return out;
  }

  /** Within {@link SimulationBounds#disseminationMs}: 2 x ceil(logistic rounds) gossip rounds. */
  @Test
  @DisplayName("a metadata change reaches every member (UPDATED everywhere, exactly once)")
  void metadataChangeReachesEveryone() {
    long wall = System.nanoTime();
    Simulator sim = Sims.converged(5, LAN, 0, N);
    EventLog log = EventLog.attach(sim);
    sim.runFor(3_000);
    long at = sim.now();
    Map<String, String> metadata = Map.of("zone", "eu-west-1b", "version", "2");
    sim.host(SUBJECT).node().updateMetadata(at, metadata);
    long bound = SimulationBounds.disseminationMs(LAN, N, 0);

    long took =
        ClusterAssertions.timeUntil(
            sim, bound, () -> log.nodesWith(UPDATED, NAME, at).size() == N - 1);

    assertThat(took)
        .as(
            "UPDATED at all %d others within %d ms; missing %s",
            N - 1,
            bound,
            everyoneBut(SUBJECT).stream()
                .filter(i -> !log.nodesWith(UPDATED, NAME, at).contains(i))
                .toList())
        .isNotNegative();
    assertThat(log.count(UPDATED, NAME)).as("exactly once per member").isEqualTo(N - 1);
    for (Simulator.Host h : sim.hosts()) {
      assertThat(h.node().member(NAME).metadata()).as(h.name()).isEqualTo(metadata);
    }
    Sims.report(
        "metadata change, 50 members", wall, "everywhere after " + took + " ms, bound " + bound);
  }

  /**
   * The leave reaches everyone in less than the minimum suspicion timeout, which is less than any
   * crash detection could take (a crash is DEAD no sooner than one probe period plus that minimum),
   * and the member, gone afterwards, is never declared DEAD.
   */
  @Test
  @DisplayName(
      "a leave reaches every member, faster than crash detection would, and never as FAILED")
  void leaveReachesEveryoneFasterThanCrashDetection() {
    long wall = System.nanoTime();
    Simulator sim = Sims.converged(6, LAN, 0, N);
    EventLog log = EventLog.attach(sim);
    sim.runFor(3_000);
    long at = sim.now();
    SwimNode leaver = sim.host(SUBJECT).node();
    leaver.leave(at);
    long crashDetectionFloor = SimulationBounds.suspicionMinMs(LAN, N);

    long sent = ClusterAssertions.timeUntil(sim, crashDetectionFloor, leaver::leaveDisseminated);
    assertThat(sent).as("leave disseminated (retransmit limit reached)").isNotNegative();
    sim.crash(SUBJECT); // the process exits after its leave went out
    sim.runFor(SimulationBounds.crashDetectionMs(LAN, N, 1, 0)); // long enough to detect a crash

    assertThat(log.nodesWith(LEFT, NAME, at)).isEqualTo(everyoneBut(SUBJECT));
    assertThat(log.count(LEFT, NAME)).as("exactly once per member").isEqualTo(N - 1);
    long everywhere = log.lastAt(LEFT, NAME, at).orElseThrow() - at;
    assertThat(everywhere)
        .as("LEFT everywhere before a crash could be detected")
        .isLessThan(crashDetectionFloor);
    assertThat(log.count(FAILED, NAME)).as("a graceful leave is never a failure").isZero();
    assertThat(ClusterAssertions.everyoneElseHolds(sim, NAME, MemberState.LEFT)).isTrue();
    Sims.report(
        "leave, 50 members",
        wall,
        "LEFT everywhere after "
            + everywhere
            + " ms; crash detection takes at least "
            + crashDetectionFloor
            + " ms");
  }
}
