package dev.swim.spring.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import dev.swim.spring.autoconfigure.SwimTestSupport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
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
          assertThat(registry.get("swim.probe.rtt.max").gauge()).isNotNull();
          assertThat(registry.get("swim.probe.rtt").functionTimer()).isNotNull();
          assertThat(registry.get("swim.suspicions").functionCounter().count()).isZero();
          assertThat(registry.get("swim.refutations").functionCounter()).isNotNull();
          assertThat(registry.get("swim.name.clashes").functionCounter()).isNotNull();
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
  void tagValuesThatAppearLaterAreRegisteredOnRead() {
    runner.run(
        context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          context.getBean(SwimMetrics.class).stats(); // the Gossiper runs now: real keys
          assertThat(
                  registry
                      .find("swim.packets.dropped")
                      .tag("reason", "decode-error")
                      .functionCounter())
              .isNotNull();
          FunctionCounter sent =
              registry
                  .get("swim.messages")
                  .tags("direction", "sent", "type", "ping")
                  .functionCounter();
          assertThat(sent.count()).isGreaterThanOrEqualTo(0);
          FunctionTimer rtt = registry.get("swim.probe.rtt").functionTimer();
          assertThat(rtt.count()).isGreaterThanOrEqualTo(0);
        });
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
