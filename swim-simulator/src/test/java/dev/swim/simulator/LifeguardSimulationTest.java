package dev.swim.simulator;

import static dev.swim.core.member.MembershipEventType.SUSPECTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.settings.Profile;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lifeguard's point: a slow member should not make the cluster doubt healthy ones. A member that
 * handles every datagram 1.5 s late (longer than the probe interval) fails all its own probes; with
 * Lifeguard its missing nacks raise its local health score, which stretches its probe interval and
 * timeout until acks arrive in time, so it stops accusing the others.
 */
@DisplayName("Lifeguard (simulation)")
class LifeguardSimulationTest {

  static final int N = 30;
  static final int SLOW = 0;
  static final long SLOW_DELAY_MS = 1_500;
  static final long DURATION_MS = 300_000;

  /** SUSPECTED events, raised anywhere, about members other than the slow one. */
  static long falseSuspicions(boolean lifeguard) {
    SwimConfig config = SwimConfig.builder(Profile.LAN).lifeguard(lifeguard).build();
    Simulator sim = Sims.converged(10, config, 0, N);
    EventLog log = EventLog.attach(sim);
    sim.slow(SLOW, SLOW_DELAY_MS);
    sim.runFor(DURATION_MS);
    return log.aboutOthers(SUSPECTED, Set.of(Simulator.nameOf(SLOW))).size();
  }

  @Test
  @DisplayName(
      "with a slow member, Lifeguard on gives at least 10x fewer false suspicions than off")
  void lifeguardCutsFalseSuspicionsTenfold() {
    long wall = System.nanoTime();

    long with = falseSuspicions(true);
    long without = falseSuspicions(false);

    assertThat(without).as("plain SWIM: the slow member accuses healthy ones").isPositive();
    assertThat(with * 10)
        .as("Lifeguard on: %d, off: %d", with, without)
        .isLessThanOrEqualTo(without);
    Sims.report(
        "slow member (1.5 s) among 30, 5 min",
        wall,
        "false suspicions of healthy members: Lifeguard on " + with + ", off " + without);
  }
}
