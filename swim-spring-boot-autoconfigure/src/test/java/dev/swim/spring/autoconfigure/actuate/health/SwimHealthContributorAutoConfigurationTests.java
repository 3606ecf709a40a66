package dev.swim.spring.autoconfigure.actuate.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.runtime.Gossiper;
import dev.swim.spring.actuate.health.SwimHealthIndicator;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import dev.swim.spring.autoconfigure.SwimTestSupport;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SwimHealthContributorAutoConfigurationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SwimAutoConfiguration.class, SwimHealthContributorAutoConfiguration.class))
          .withPropertyValues(SwimTestSupport.LOOPBACK);

  @Test
  void runningNodeIsUpWithDetails() {
    runner.run(
        context -> {
          assertThat(context).hasBean("swimHealthIndicator");
          Health health = context.getBean(SwimHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails())
              .containsEntry("state", "RUNNING")
              .containsEntry("membersAlive", 1L)
              .containsEntry("healthScore", 0);
        });
  }

  @Test
  void unstartedNodeIsUnknown() {
    runner
        .withPropertyValues("swim.auto-startup=false")
        .run(
            context ->
                assertThat(context.getBean(SwimHealthIndicator.class).health().getStatus())
                    .isEqualTo(Status.UNKNOWN));
  }

  @Test
  void closedNodeIsDown() {
    runner.run(
        context -> {
          context.getBean(Gossiper.class).close();
          Health health = context.getBean(SwimHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat(health.getDetails()).containsEntry("state", "STOPPED");
        });
  }

  @Test
  void aNodeThatLeftIsOutOfService() {
    runner.run(
        context -> {
          context.getBean(Gossiper.class).leave(Duration.ofSeconds(1));
          Health health = context.getBean(SwimHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
          assertThat(health.getDetails()).containsEntry("state", "LEFT");
        });
  }

  @Test
  void joiningNodeIsOutOfService() {
    // a seed nobody listens on: the node keeps trying to join
    runner
        .withPropertyValues("swim.seeds=127.0.0.1:9")
        .run(
            context -> {
              Health health = context.getBean(SwimHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
              assertThat(health.getDetails()).containsEntry("state", "JOINING");
            });
  }

  @Test
  void canBeDisabled() {
    runner
        .withPropertyValues("management.health.swim.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SwimHealthIndicator.class));
  }

  @Test
  void backsOffToAUserIndicatorOfTheSameName() {
    runner
        .withBean("swimHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
        .run(context -> assertThat(context).doesNotHaveBean(SwimHealthIndicator.class));
  }

  @Test
  void notCreatedWithoutTheHealthModule() {
    runner
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> assertThat(context).doesNotHaveBean(SwimHealthIndicator.class));
  }

  @Test
  void notCreatedWhenSwimIsDisabled() {
    runner
        .withPropertyValues("swim.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SwimHealthIndicator.class));
  }
}
