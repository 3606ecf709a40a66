package dev.swim.simulator;

import static dev.swim.core.member.MembershipEventType.JOINED;
import static dev.swim.core.member.MembershipEventType.SUSPECTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.protocol.SwimConfig;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Join (simulation)")
class JoinSimulationTest {

  @Test
  @DisplayName("100 members joining at once through one seed converge to one view")
  void hundredMembersConvergeThroughOneSeed() {
    long wall = System.nanoTime();
    SwimConfig lan = SwimConfig.lan();
    int n = 100;
    Simulator sim = new Simulator(1, lan, Sims.network(0));
    EventLog log = EventLog.attach(sim);
    sim.startJoining(Map.of());
    sim.useSeeds(0);
    for (int i = 1; i < n; i++) {
      sim.startJoining(Map.of());
    }
    // join push-pull + gossip of every alive + digest sync: 5.2 s at N = 100 on LAN
    long bound = SimulationBounds.joinConvergenceMs(lan, n);

    long took = ClusterAssertions.timeUntil(sim, bound, () -> ClusterAssertions.oneView(sim));

    assertThat(took)
        .as("one view within %d ms; still:%n%s", bound, ClusterAssertions.describeViews(sim))
        .isNotNegative();
    for (Simulator.Host h : sim.hosts()) {
      assertThat(h.node().isJoined()).as(h.name()).isTrue();
    }
    assertThat(log.count(JOINED))
        .as("each member learns each other member exactly once")
        .isEqualTo((long) n * (n - 1));
    assertThat(log.count(SUSPECTED)).as("no suspicion while joining").isZero();
    Sims.report(
        "join 100 through one seed", wall, "one view after " + took + " ms, bound " + bound);
  }
}
