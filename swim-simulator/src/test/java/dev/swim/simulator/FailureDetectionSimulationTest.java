package dev.swim.simulator;

import static dev.swim.core.member.MembershipEventType.FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.protocol.SwimConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Failure detection (simulation)")
class FailureDetectionSimulationTest {

  static final SwimConfig LAN = SwimConfig.lan();
  static final int N = 100;

  /**
   * Every survivor holds each crashed member DEAD within {@link SimulationBounds#crashDetectionMs}:
   * {@code T x (ceil(ln(N x M)) + 2) + suspicionMin(N) + 2 x ceil(logisticRounds(N, f, 0, 1 -
   * 1/2N)) x G}, that is 7 + 8 + 2.8 = 17.8 s for one crash and 9 + 8 + 2.8 = 19.8 s for ten,
   * against a 48 s maximum suspicion without confirmations. And none sooner than the minimum
   * suspicion timeout after the crash.
   */
  @ParameterizedTest(name = "{0} of 100 crash")
  @CsvSource({"1", "10"})
  @DisplayName("a crash is detected by every survivor within the bound computed from the config")
  void crashIsDetectedByEverySurvivorWithinTheBound(int crashes) {
    long wall = System.nanoTime();
    Simulator sim = Sims.converged(2, LAN, 0, N);
    EventLog log = EventLog.attach(sim);
    sim.runFor(5_000);
    Set<String> crashed = new TreeSet<>();
    for (int c = 0; c < crashes; c++) {
      int victim = 3 + c * (N / crashes);
      sim.crash(victim);
      crashed.add(Simulator.nameOf(victim));
    }
    long crashAt = sim.now();
    long bound = SimulationBounds.crashDetectionMs(LAN, N, crashes, 0);
    long min = SimulationBounds.suspicionMinMs(LAN, N);

    sim.runFor(bound + 1_000);

    Set<Integer> survivors = new HashSet<>();
    for (int i = 0; i < N; i++) {
      if (!sim.host(i).crashed()) {
        survivors.add(i);
      }
    }
    List<Long> detectedAfter = new ArrayList<>();
    for (String victim : crashed) {
      assertThat(log.nodesWith(FAILED, victim, crashAt))
          .as("survivors that saw %s FAILED", victim)
          .containsAll(survivors);
      long last = log.lastAt(FAILED, victim, crashAt).orElseThrow() - crashAt;
      long first = log.firstAt(FAILED, victim, crashAt).orElseThrow() - crashAt;
      assertThat(last)
          .as("%s DEAD everywhere within %d ms", victim, bound)
          .isLessThanOrEqualTo(bound);
      assertThat(first)
          .as("%s declared DEAD no sooner than the minimum suspicion", victim)
          .isGreaterThanOrEqualTo(min);
      assertThat(ClusterAssertions.everyoneElseHolds(sim, victim, MemberState.DEAD)).isTrue();
      detectedAfter.add(last);
    }
    assertThat(log.aboutOthers(FAILED, crashed)).as("FAILED events about live members").isEmpty();
    Sims.report(
        crashes + " of 100 crash",
        wall,
        "DEAD everywhere after max "
            + detectedAfter.stream().mapToLong(x -> x).max().orElseThrow()
            + " ms (per member "
            + detectedAfter
            + "), bound "
            + bound
            + ", min "
            + min);
  }
}
