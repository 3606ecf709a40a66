package dev.swim.spring.autoconfigure.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.runtime.Gossiper;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import dev.swim.spring.autoconfigure.SwimTestSupport;
import dev.swim.spring.event.SwimMemberFailedEvent;
import dev.swim.spring.event.SwimMemberLeftEvent;
import dev.swim.spring.event.SwimMemberRemovedEvent;
import dev.swim.spring.event.SwimMemberSuspectedEvent;
import dev.swim.spring.event.SwimMemberUpdatedEvent;
import dev.swim.spring.event.SwimMembershipEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Three application contexts in one JVM form a cluster; closing one makes the others receive LEFT,
 * and a crash (the Gossiper closed without a leave) makes them receive SUSPECTED then FAILED.
 */
class SwimClusterApplicationContextTests {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

  @AfterEach
  void closeAll() {
    contexts.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void membersJoinAndSeeAGracefulLeave() throws Exception {
    ConfigurableApplicationContext n1 = start("node-1", null);
    String seed = "127.0.0.1:" + n1.getBean(Gossiper.class).localAddress().port();
    ConfigurableApplicationContext n2 = start("node-2", seed);
    ConfigurableApplicationContext n3 = start("node-3", seed);

    for (ConfigurableApplicationContext c : List.of(n1, n2, n3)) {
      await(() -> aliveCount(c) == 3, c.getId() + " sees 3 alive members");
    }
    await(
        () ->
            recorder(n1).names(MembershipEventType.JOINED).containsAll(List.of("node-2", "node-3")),
        "node-1 received JOINED for node-2 and node-3");

    n3.close();

    for (ConfigurableApplicationContext c : List.of(n1, n2)) {
      await(() -> recorder(c).has(MembershipEventType.LEFT, "node-3"), "LEFT at " + c.getId());
      SwimMembershipEvent left = recorder(c).first(MembershipEventType.LEFT, "node-3");
      assertThat(left).isInstanceOf(SwimMemberLeftEvent.class);
      assertThat(left.getMember().state()).isEqualTo(MemberState.LEFT);
      assertThat(left.getPreviousState()).isEqualTo(MemberState.ALIVE);
      assertThat(left.getSource()).isSameAs(c.getBean(Gossiper.class));
      // in order: joined before left, and never declared failed
      List<MembershipEventType> ofNode3 = recorder(c).typesOf("node-3");
      assertThat(ofNode3).startsWith(MembershipEventType.JOINED);
      assertThat(ofNode3.indexOf(MembershipEventType.LEFT))
          .isGreaterThan(ofNode3.indexOf(MembershipEventType.JOINED));
      assertThat(ofNode3).doesNotContain(MembershipEventType.FAILED);
    }
  }

  @Test
  void crashedMemberIsSuspectedThenFailed() throws Exception {
    // dead members are kept 3 s, so the REMOVED event follows soon after FAILED
    String[] tombstone = {"swim.tombstone-timeout=3s"};
    ConfigurableApplicationContext n1 = start("node-1", null, tombstone);
    String seed = "127.0.0.1:" + n1.getBean(Gossiper.class).localAddress().port();
    ConfigurableApplicationContext n2 = start("node-2", seed, tombstone);
    ConfigurableApplicationContext n3 = start("node-3", seed, tombstone);
    for (ConfigurableApplicationContext c : List.of(n1, n2, n3)) {
      await(() -> aliveCount(c) == 3, c.getId() + " sees 3 alive members");
    }

    n3.getBean(Gossiper.class).close(); // no leave: a crash as the others see it

    for (ConfigurableApplicationContext c : List.of(n1, n2)) {
      await(() -> recorder(c).has(MembershipEventType.FAILED, "node-3"), "FAILED at " + c.getId());
      SwimMembershipEvent failed = recorder(c).first(MembershipEventType.FAILED, "node-3");
      assertThat(failed).isInstanceOf(SwimMemberFailedEvent.class);
      assertThat(failed.getMember().state()).isEqualTo(MemberState.DEAD);
      List<MembershipEventType> ofNode3 = recorder(c).typesOf("node-3");
      assertThat(ofNode3.indexOf(MembershipEventType.FAILED))
          .isGreaterThan(ofNode3.indexOf(MembershipEventType.JOINED));
      // the suspicion came first (at this node, or gossiped by the other survivor)
      assertThat(ofNode3.indexOf(MembershipEventType.SUSPECTED))
          .isBetween(
              ofNode3.indexOf(MembershipEventType.JOINED) + 1,
              ofNode3.indexOf(MembershipEventType.FAILED) - 1);
      SwimMembershipEvent suspected = recorder(c).first(MembershipEventType.SUSPECTED, "node-3");
      assertThat(suspected).isInstanceOf(SwimMemberSuspectedEvent.class);
      assertThat(suspected.getMember().state()).isEqualTo(MemberState.SUSPECT);
      assertThat(suspected.getPreviousState()).isEqualTo(MemberState.ALIVE);
      assertThat(failed.getPreviousState()).isEqualTo(MemberState.SUSPECT);

      await(
          () -> recorder(c).has(MembershipEventType.REMOVED, "node-3"), "REMOVED at " + c.getId());
      SwimMembershipEvent removed = recorder(c).first(MembershipEventType.REMOVED, "node-3");
      assertThat(removed).isInstanceOf(SwimMemberRemovedEvent.class);
      assertThat(removed.getPreviousState()).isEqualTo(MemberState.DEAD);
      assertThat(c.getBean(Gossiper.class).member("node-3")).isEmpty();
    }
  }

  @Test
  void aMetadataChangeArrivesAsUpdated() throws Exception {
    ConfigurableApplicationContext n1 = start("node-1", null, "swim.metadata.version=1");
    String seed = "127.0.0.1:" + n1.getBean(Gossiper.class).localAddress().port();
    ConfigurableApplicationContext n2 = start("node-2", seed);
    await(() -> aliveCount(n2) == 2, "node-2 sees node-1");

    n1.getBean(Gossiper.class).updateMetadata(Map.of("version", "2"));

    await(() -> recorder(n2).has(MembershipEventType.UPDATED, "node-1"), "UPDATED at node-2");
    SwimMembershipEvent updated = recorder(n2).first(MembershipEventType.UPDATED, "node-1");
    assertThat(updated).isInstanceOf(SwimMemberUpdatedEvent.class);
    assertThat(updated.getMember().metadata()).containsEntry("version", "2");
    assertThat(updated.getMember().state()).isEqualTo(MemberState.ALIVE);
    assertThat(updated.getPreviousState()).isEqualTo(MemberState.ALIVE);
  }

  @Test
  void aSlowListenerDelaysEventsButNotTheProtocol() throws Exception {
    ConfigurableApplicationContext n1 = start("slow-1", null, "test.slow-listener=true");
    String seed = "127.0.0.1:" + n1.getBean(Gossiper.class).localAddress().port();
    ConfigurableApplicationContext n2 = start("fast-2", seed);
    // slow-1's listener blocks 3 s on every event; the protocol keeps running meanwhile
    await(() -> aliveCount(n2) == 2, "fast-2 sees slow-1");
    Thread.sleep(3_000);
    assertThat(recorder(n2).typesOf("slow-1")).doesNotContain(MembershipEventType.SUSPECTED);
    assertThat(n1.getBean(Gossiper.class).stats().probes().get("direct")).isPositive();
    await(() -> recorder(n1).has(MembershipEventType.JOINED, "fast-2"), "slow-1 got its event");
  }

  private ConfigurableApplicationContext start(String name, String seed, String... extra) {
    List<String> props = new ArrayList<>(List.of(SwimTestSupport.LOOPBACK));
    props.add("swim.node-name=" + name);
    props.add("spring.application.name=" + name);
    if (seed != null) {
      props.add("swim.seeds=" + seed);
    }
    props.addAll(List.of(extra));
    ConfigurableApplicationContext c =
        new SpringApplicationBuilder(ClusterNode.class)
            .web(WebApplicationType.NONE)
            .properties(props.toArray(String[]::new))
            .run();
    contexts.add(c);
    return c;
  }

  private static long aliveCount(ConfigurableApplicationContext c) {
    return c.getBean(Gossiper.class).members().stream()
        .filter(m -> m.state() == MemberState.ALIVE)
        .count();
  }

  private static EventRecorder recorder(ConfigurableApplicationContext c) {
    return c.getBean(EventRecorder.class);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT + " waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  /** Records the membership events of one context, in arrival order. */
  static final class EventRecorder {
    final List<SwimMembershipEvent> events = new CopyOnWriteArrayList<>();
    final boolean slow;

    EventRecorder(boolean slow) {
      this.slow = slow;
    }

    @EventListener
    void on(SwimMembershipEvent event) throws InterruptedException {
      events.add(event);
      if (slow) {
        Thread.sleep(3_000);
      }
    }

    Stream<SwimMembershipEvent> of(String member) {
      return events.stream().filter(e -> e.getMember().name().equals(member));
    }

    List<MembershipEventType> typesOf(String member) {
      return of(member).map(SwimMembershipEvent::getType).toList();
    }

    List<String> names(MembershipEventType type) {
      return events.stream()
          .filter(e -> e.getType() == type)
          .map(e -> e.getMember().name())
          .toList();
    }

    boolean has(MembershipEventType type, String member) {
      return of(member).anyMatch(e -> e.getType() == type);
    }

    SwimMembershipEvent first(MembershipEventType type, String member) {
      return of(member).filter(e -> e.getType() == type).findFirst().orElseThrow();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({SwimAutoConfiguration.class, SwimEventAutoConfiguration.class})
  static class ClusterNode {
    @Bean
    EventRecorder eventRecorder(org.springframework.core.env.Environment env) {
      return new EventRecorder(env.getProperty("test.slow-listener", Boolean.class, false));
    }
  }
}
