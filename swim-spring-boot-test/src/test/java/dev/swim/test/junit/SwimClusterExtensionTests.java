package dev.swim.test.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.runtime.GossiperState;
import dev.swim.core.settings.Profile;
import dev.swim.test.transport.InMemoryNetwork;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * {@link SwimClusterTest} in both time modes: three members converge, a crashed one is declared
 * DEAD by the others, a partition splits the views and healing joins them again; and the
 * extension's own behaviour (one cluster per test, closed afterwards, the nearest annotation wins,
 * clear errors), checked by running small test classes through the JUnit Platform.
 */
class SwimClusterExtensionTests {

  @Nested
  @SwimClusterTest(members = 3, time = SwimTime.VIRTUAL, seed = 7)
  class InVirtualTime {

    @Test
    void threeMembersConverge(SwimCluster cluster) {
      assertThat(cluster.time()).isEqualTo(SwimTime.VIRTUAL);
      assertThat(cluster.size()).isEqualTo(3);
      assertThat(cluster.converged()).as("members join through node-0: not yet").isFalse();
      cluster.awaitConverged();
      for (int i = 0; i < 3; i++) {
        assertThat(cluster.view(i))
            .extracting(Member::name, Member::state)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("node-0", MemberState.ALIVE),
                org.assertj.core.groups.Tuple.tuple("node-1", MemberState.ALIVE),
                org.assertj.core.groups.Tuple.tuple("node-2", MemberState.ALIVE));
      }
      assertThat(((VirtualSwimCluster) cluster).nowMillis()).isPositive();
    }

    @Test
    void aCrashedMemberIsDetectedDead(VirtualSwimCluster cluster) {
      cluster.awaitConverged();
      long crashedAt = cluster.nowMillis();
      cluster.crash(2);
      assertThat(cluster.isRunning(2)).isFalse();
      cluster.awaitStateEverywhere("node-2", MemberState.DEAD);
      assertThat(cluster.stateAt(0, "node-2")).isEqualTo(MemberState.DEAD);
      assertThat(cluster.stateAt(1, "node-2")).isEqualTo(MemberState.DEAD);
      assertThat(cluster.nowMillis() - crashedAt)
          .as("detection takes a probe round or more of virtual time")
          .isGreaterThanOrEqualTo(1_000);
      assertThat(cluster.simulated().events())
          .extracting(MembershipEvent::type)
          .contains(MembershipEventType.FAILED);
    }

    @Test
    void aPartitionSplitsTheViewsAndHealingJoinsThemAgain(SwimCluster cluster) {
      cluster.awaitConverged();
      cluster.partition(0, 0, 1);
      cluster.awaitState(0, "node-2", MemberState.DEAD);
      cluster.awaitState(2, "node-0", MemberState.DEAD);
      assertThat(cluster.stateAt(0, "node-1")).isEqualTo(MemberState.ALIVE);
      cluster.heal();
      cluster.awaitConverged(Duration.ofMinutes(2));
      assertThatThrownBy(() -> cluster.partition(0, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("one side per member");
    }

    @Test
    void anAwaitThatNeverHoldsFailsWithEveryView(SwimCluster cluster) {
      cluster.awaitConverged();
      assertThatThrownBy(
              () -> cluster.awaitState(0, "node-1", MemberState.DEAD, Duration.ofSeconds(5)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("node-0 holds node-1 DEAD")
          .hasMessageContaining("5000 ms of virtual time")
          .hasMessageContaining("node-2: node-0=ALIVE node-1=ALIVE node-2=ALIVE");
    }
  }

  @Nested
  @SwimClusterTest(members = 3, time = SwimTime.REAL)
  class InRealTime {

    private RealSwimCluster fromBeforeEach;

    @BeforeEach
    void keep(RealSwimCluster cluster) {
      fromBeforeEach = cluster;
    }

    @Test
    void threeMembersConvergeOverTheInMemoryNetwork(SwimCluster cluster) {
      assertThat(cluster).isSameAs(fromBeforeEach);
      assertThat(cluster.time()).isEqualTo(SwimTime.REAL);
      cluster.awaitConverged();
      RealSwimCluster real = (RealSwimCluster) cluster;
      for (int i = 0; i < 3; i++) {
        assertThat(real.gossiper(i).state()).isEqualTo(GossiperState.RUNNING);
        assertThat(real.gossiper(i).boundAddress().host()).isEqualTo("127.0.0.1");
        assertThat(real.network().members()).contains(real.gossiper(i).boundAddress());
      }
      assertThat(real.network().drops(InMemoryNetwork.Drop.NO_ROUTE)).isZero();
    }

    @Test
    void aCrashedMemberIsDetectedDeadAndALeftOneLeft(RealSwimCluster cluster) {
      cluster.awaitConverged();
      cluster.crash(2);
      assertThat(cluster.isRunning(2)).isFalse();
      cluster.awaitStateEverywhere("node-2", MemberState.DEAD);
      assertThat(cluster.leave(1)).isTrue();
      cluster.awaitState(0, "node-1", MemberState.LEFT);
      assertThat(cluster.stateAt(0, "node-2")).isEqualTo(MemberState.DEAD);
    }
  }

  // ---- the extension's behaviour, through the JUnit Platform
  // -------------------------------------

  @Test
  void theClusterIsClosedAfterTheTest() {
    TestExecutionSummary summary = run(KeepsItsCluster.class);
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    RealSwimCluster kept = KeepsItsCluster.kept.get();
    assertThat(kept).isNotNull();
    for (int i = 0; i < kept.size(); i++) {
      assertThat(kept.gossiper(i).state()).isEqualTo(GossiperState.STOPPED);
    }
    assertThat(kept.network().members()).as("every member unbound").isEmpty();
  }

  @Test
  void theMethodsAnnotationWinsOverTheClasss() {
    TestExecutionSummary summary = run(MethodOverridesClass.class);
    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    assertThat(summary.getTotalFailureCount()).isZero();
  }

  @Test
  void aParameterOfTheOtherModeIsRefusedWithTheReason() {
    TestExecutionSummary summary = run(WrongMode.class);
    assertThat(summary.getTotalFailureCount()).isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException())
        .hasMessageContaining("@SwimClusterTest(time = VIRTUAL) gives a VirtualSwimCluster")
        .hasMessageContaining("not a RealSwimCluster");
  }

  @Test
  void clusterSizesAreBounded() {
    assertThatThrownBy(() -> VirtualSwimCluster.start(0, Profile.LOCAL, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a test cluster has 1 to 64 members, not 0");
    assertThatThrownBy(() -> RealSwimCluster.start(65, Profile.LOCAL))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSameSeedGivesTheSameRun() {
    List<String> first = detectionTrace(11);
    List<String> second = detectionTrace(11);
    assertThat(first).isNotEmpty().isEqualTo(second);
  }

  private static List<String> detectionTrace(long seed) {
    try (VirtualSwimCluster cluster = VirtualSwimCluster.start(4, Profile.LAN, seed)) {
      cluster.awaitConverged();
      cluster.crash(3);
      cluster.awaitStateEverywhere("node-3", MemberState.DEAD);
      return cluster.simulated().events().stream()
          .map(e -> e.type() + " " + e.member().name())
          .toList();
    }
  }

  private static TestExecutionSummary run(Class<?> testClass) {
    Launcher launcher = LauncherFactory.create();
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(request, listener);
    return listener.getSummary();
  }

  /** Keeps its cluster for the outer test to check after it ran. */
  @SwimClusterTest(members = 2, time = SwimTime.REAL)
  static class KeepsItsCluster {
    static final AtomicReference<RealSwimCluster> kept = new AtomicReference<>();

    @Test
    void keep(RealSwimCluster cluster) {
      cluster.awaitConverged();
      kept.set(cluster);
    }
  }

  /** The class asks for 2 virtual members, one method for 4. */
  @SwimClusterTest(members = 2)
  static class MethodOverridesClass {
    @Test
    void fromTheClass(SwimCluster cluster) {
      assertThat(cluster.size()).isEqualTo(2);
      assertThat(cluster.time()).isEqualTo(SwimTime.VIRTUAL);
    }

    @Test
    @SwimClusterTest(members = 4, profile = Profile.LAN)
    void fromTheMethod(SwimCluster cluster) {
      assertThat(cluster.size()).isEqualTo(4);
      assertThat(cluster.profile()).isEqualTo(Profile.LAN);
    }
  }

  /** Asks for a real cluster in virtual time. */
  @SwimClusterTest(time = SwimTime.VIRTUAL)
  static class WrongMode {
    @Test
    void wrong(RealSwimCluster cluster) {
      cluster.awaitConverged();
    }
  }
}
