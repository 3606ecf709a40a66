package dev.swim.spring.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.runtime.GossiperState;
import dev.swim.core.runtime.GossiperStats;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.WireCodec;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import dev.swim.spring.autoconfigure.SwimTestSupport;
import dev.swim.spring.metrics.SwimMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SwimMetricsAutoConfigurationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MetricsAutoConfiguration.class,
                  SimpleMetricsExportAutoConfiguration.class,
                  CompositeMeterRegistryAutoConfiguration.class,
                  SwimAutoConfiguration.class,
                  SwimMetricsAutoConfiguration.class))
          .withPropertyValues(SwimTestSupport.LOOPBACK);

  @Test
  void bindsEveryDocumentedMeter() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(SwimMetrics.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          for (MemberState state : MemberState.values()) {
            Gauge g =
                registry
                    .get("swim.members")
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .gauge();
            assertThat(g.value()).as(state.name()).isEqualTo(state == MemberState.ALIVE ? 1 : 0);
          }
          assertThat(registry.get("swim.health.score").gauge().value()).isZero();
          assertThat(registry.get("swim.broadcast.queue.depth").gauge()).isNotNull();
          assertThat(registry.get("swim.probe.rtt").timer()).isNotNull();
          assertThat(registry.find("swim.probe.rtt.max").meter()).isNull();
          for (GossiperState state : GossiperState.values()) {
            double value =
                registry
                    .get("swim.node.state")
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .gauge()
                    .value();
            assertThat(value).as(state.name()).isEqualTo(state == GossiperState.RUNNING ? 1 : 0);
          }
          for (Meter meter : registry.getMeters()) {
            if (meter.getId().getName().startsWith("swim.") && !(meter instanceof Timer)) {
              assertThat(meter.getId().getBaseUnit()).as(meter.getId().getName()).isNotBlank();
            }
          }
          assertThat(registry.get("swim.suspicions").functionCounter().count()).isZero();
          assertThat(registry.get("swim.refutations").functionCounter()).isNotNull();
          assertThat(registry.get("swim.name.clashes").functionCounter()).isNotNull();
          assertThat(registry.get("swim.conflicts").functionCounter().count()).isZero();
          assertThat(registry.get("swim.claim.checks").functionCounter().count()).isZero();
          assertThat(registry.get("swim.reconnects").functionCounter().count()).isZero();
          assertThat(registry.get("swim.resurrections.refused").functionCounter().count()).isZero();
          assertThat(registry.get("swim.reaped.records.evicted").functionCounter().count())
              .isZero();
          assertThat(registry.get("swim.state.records.capped").functionCounter().count()).isZero();
          assertThat(registry.get("swim.user.event.origins.evicted").functionCounter().count())
              .isZero();
          assertThat(registry.get("swim.listener.deliveries.dropped").functionCounter().count())
              .isZero();
          for (String reason : GossiperStats.REJECTION_REASONS) {
            assertThat(
                    registry
                        .get("swim.messages.rejected")
                        .tag("reason", reason)
                        .functionCounter()
                        .count())
                .as(reason)
                .isZero();
          }
          for (String direction : new String[] {"sent", "received"}) {
            assertThat(
                    registry
                        .get("swim.messages")
                        .tags("direction", direction, "type", "ping")
                        .functionCounter())
                .isNotNull();
            assertThat(
                    registry
                        .get("swim.bytes")
                        .tags("direction", direction, "type", "datagram")
                        .functionCounter())
                .isNotNull();
          }
          assertThat(registry.get("swim.probes").tag("outcome", "failed").functionCounter())
              .isNotNull();
          assertThat(
                  registry.get("swim.packets.dropped").tag("reason", "wrong-key").functionCounter())
              .isNotNull();
        });
  }

  @Test
  void everyKnownReasonIsRegisteredAtBindTimeBeforeAnyRead() {
    runner.run(
        context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          // nothing has read a swim meter yet: what exists now was registered by bindTo
          List<String> reasons =
              registry.find("swim.messages.rejected").functionCounters().stream()
                  .map(c -> c.getId().getTag("reason"))
                  .toList();
          assertThat(reasons).containsExactlyInAnyOrderElementsOf(GossiperStats.REJECTION_REASONS);
          // the drop reasons the protocol adds to the transport's are known in advance too
          for (String reason : List.of("decode-error", "wrong-target", "source-limit")) {
            assertThat(
                    registry.find("swim.packets.dropped").tag("reason", reason).functionCounter())
                .as(reason)
                .isNotNull();
          }
          Meter.Id conflicts = registry.get("swim.conflicts").functionCounter().getId();
          assertThat(conflicts.getDescription())
              .isEqualTo(
                  "Claims that moved a live member elsewhere while it still answered at its"
                      + " address; the member kept its address");
          assertThat(conflicts.getTags()).isEmpty();
        });
  }

  @Test
  void conflictsAndRejectionsCarryTheGossipersCounts() {
    runner.run(
        context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          Gossiper gossiper = context.getBean(Gossiper.class);
          WireCodec codec = new WireCodec("");
          NodeAddress here = new NodeAddress("127.0.0.1", 9);
          NodeAddress there = new NodeAddress("127.0.0.1", 10);
          // one instance (same start id) claimed at a new address: refused as a conflict
          byte[] join = codec.encodePacket(new Message.Alive("ghost", here, 1, 7, Map.of()));
          byte[] move = codec.encodePacket(new Message.Alive("ghost", there, 2, 7, Map.of()));
          // an incarnation above the ceiling (2^62): refused as implausible
          byte[] ceiling =
              codec.encodePacket(new Message.Alive("other", here, (1L << 62) + 1, 1, Map.of()));
          FunctionCounter conflicts = registry.get("swim.conflicts").functionCounter();
          FunctionCounter implausible =
              registry
                  .get("swim.messages.rejected")
                  .tag("reason", "implausible-incarnation")
                  .functionCounter();
          send(gossiper, join);
          awaitPositive(() -> gossiper.member("ghost").isPresent() ? 1 : 0);
          send(gossiper, move);
          send(gossiper, ceiling);
          awaitPositive(conflicts::count);
          awaitPositive(implausible::count);
          assertThat(gossiper.member("ghost").orElseThrow().address()).isEqualTo(here);
          assertThat(
                  registry
                      .get("swim.messages.rejected")
                      .tag("reason", "member-limit")
                      .functionCounter()
                      .count())
              .isZero();
        });
  }

  private static void send(Gossiper gossiper, byte[] packet) throws Exception {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.send(
          new DatagramPacket(
              packet,
              packet.length,
              InetAddress.getLoopbackAddress(),
              gossiper.localAddress().port()));
    }
  }

  private static void awaitPositive(DoubleSupplier value) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (value.getAsDouble() <= 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(value.getAsDouble()).isPositive();
  }

  @Test
  void noMeterIsRegisteredAtScrapeTime() {
    runner.run(
        context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          Gossiper gossiper = context.getBean(Gossiper.class);
          int bound = registry.getMeters().size();
          // traffic of several kinds, then a read of every meter, as a scrape does
          send(gossiper, new byte[] {1, 2, 3}); // undecodable: a drop reason
          send(
              gossiper,
              new WireCodec("")
                  .encodePacket(
                      new Message.Ping(1, "someone-else", "x", new NodeAddress("127.0.0.1", 9))));
          awaitPositive(
              () ->
                  gossiper.statsSnapshot().dropped().getOrDefault("decode-error", 0L)
                      + gossiper.statsSnapshot().dropped().getOrDefault("wrong-target", 0L));
          for (Meter meter : registry.getMeters()) {
            meter.measure().forEach(m -> assertThat(m.getValue()).isNotNaN());
          }
          assertThat(registry.getMeters()).hasSize(bound);
        });
  }

  @Test
  void theRoundTripTimerRecordsDirectProbesAndItsMaximumDecays() throws Exception {
    MockClock clock = new MockClock();
    SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    try (Gossiper b = gossiper("rtt-b", List.of())) {
      Gossiper a = gossiper("rtt-a", List.of("127.0.0.1:" + b.localAddress().port()));
      new SwimMetrics(a).bindTo(registry);
      Timer rtt = registry.get("swim.probe.rtt").timer();
      awaitPositive(() -> rtt.count() >= 3 ? 1 : 0);
      assertThat(rtt.max(TimeUnit.SECONDS)).isPositive();
      assertThat(rtt.totalTime(TimeUnit.SECONDS)).isPositive();
      a.close(); // no more rounds
      long count = rtt.count();
      clock.add(SimpleConfig.DEFAULT.step().multipliedBy(4)); // past the max's ring of windows
      assertThat(rtt.max(TimeUnit.SECONDS)).isZero();
      assertThat(rtt.count()).isEqualTo(count); // the count and total do not decay
    }
  }

  private static Gossiper gossiper(String name, List<String> seeds) throws Exception {
    Gossiper g =
        Gossiper.create(
            GossiperConfig.builder(name)
                .bindAddress("127.0.0.1")
                .bindPort(0)
                .seeds(seeds)
                .protocol(SwimConfig.local())
                .build());
    g.start();
    return g;
  }

  @Test
  void notBoundWhenDisabled() {
    runner
        .withPropertyValues("swim.metrics.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SwimMetrics.class));
    runner
        .withPropertyValues("swim.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SwimMetrics.class));
  }

  @Test
  void notBoundWithoutMicrometer() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(SwimAutoConfiguration.class, SwimMetricsAutoConfiguration.class))
        .withPropertyValues(SwimTestSupport.LOOPBACK)
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SwimMetrics.class);
            });
  }

  @Test
  void notBoundWithoutARegistry() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(SwimAutoConfiguration.class, SwimMetricsAutoConfiguration.class))
        .withPropertyValues(SwimTestSupport.LOOPBACK)
        .run(context -> assertThat(context).doesNotHaveBean(SwimMetrics.class));
  }
}
