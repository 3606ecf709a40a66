package dev.swim.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.protocol.SwimConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test kit a user's own test starts simulated members with. */
class SimulatedClusterTest {

  @Test
  void aCrashIsSeenDeadByEveryOtherMember() {
    SimulatedCluster cluster = SimulatedCluster.converged(5, SwimConfig.lan(), 42);
    assertThat(cluster.converged()).isTrue();
    cluster.crash(4);
    cluster.runFor(Duration.ofSeconds(30));
    for (int i = 0; i < 4; i++) {
      assertThat(cluster.stateAt(i, cluster.name(4))).as("at " + i).isEqualTo(MemberState.DEAD);
      assertThat(cluster.view(i)).hasSize(5);
    }
    assertThat(cluster.nowMillis()).isEqualTo(30_000);
  }

  @Test
  void membersJoinThroughTheFirstAndConverge() {
    SimulatedCluster cluster = SimulatedCluster.empty(SwimConfig.local(), 7);
    for (int i = 0; i < 6; i++) {
      cluster.join();
    }
    cluster.runFor(Duration.ofSeconds(10));
    assertThat(cluster.size()).isEqualTo(6);
    assertThat(cluster.converged()).isTrue();
  }

  @Test
  void theSameSeedGivesTheSameRun() {
    assertThat(run(9)).isEqualTo(run(9)).isNotEqualTo(run(10));
  }

  private static List<String> run(long seed) {
    SimulatedCluster cluster = SimulatedCluster.converged(8, SwimConfig.lan(), seed, 0.2);
    cluster.crash(3);
    cluster.runFor(Duration.ofSeconds(40));
    return cluster.events().stream().map(MembershipEvent::toString).toList();
  }
}
