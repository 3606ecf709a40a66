package dev.swim.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperState;
import dev.swim.spring.SwimGossiperLifecycle;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The port the Gossiper actually bound is published as {@code local.swim.port} once it has started,
 * in the context's environment and in its parent's, as Spring Boot does for {@code
 * local.server.port}.
 */
class SwimLocalPortTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SwimAutoConfiguration.class))
          .withPropertyValues(SwimTestSupport.LOOPBACK);

  @Test
  void theBoundPortIsPublishedOnceTheGossiperHasStarted() {
    runner.run(
        context -> {
          Gossiper gossiper = context.getBean(Gossiper.class);
          assertThat(gossiper.state()).isEqualTo(GossiperState.RUNNING);
          int bound = gossiper.boundAddress().port();
          assertThat(bound).isPositive();
          assertThat(
                  context
                      .getEnvironment()
                      .getProperty(SwimGossiperLifecycle.LOCAL_PORT_PROPERTY, Integer.class))
              .isEqualTo(bound);
          assertThat(
                  context
                      .getEnvironment()
                      .getPropertySources()
                      .contains(SwimGossiperLifecycle.LOCAL_PROPERTY_SOURCE))
              .isTrue();
        });
  }

  @Test
  void nothingIsPublishedBeforeTheGossiperStarts() {
    runner
        .withPropertyValues("swim.auto-startup=false")
        .run(
            context -> {
              assertThat(context.getEnvironment().getProperty("local.swim.port")).isNull();
              SwimGossiperLifecycle lifecycle = context.getBean(SwimGossiperLifecycle.class);
              lifecycle.start();
              int bound = context.getBean(Gossiper.class).boundAddress().port();
              assertThat(context.getEnvironment().getProperty("local.swim.port", Integer.class))
                  .isEqualTo(bound);
            });
  }

  @Test
  void theParentContextSeesThePortToo() {
    try (ConfigurableApplicationContext child =
        new SpringApplicationBuilder(ParentConfig.class)
            .web(WebApplicationType.NONE)
            .child(ChildApplication.class)
            .web(WebApplicationType.NONE)
            .properties(SwimTestSupport.LOOPBACK)
            .run()) {
      int bound = child.getBean(Gossiper.class).boundAddress().port();
      assertThat(child.getEnvironment().getProperty("local.swim.port", Integer.class))
          .isEqualTo(bound);
      ConfigurableApplicationContext parent = (ConfigurableApplicationContext) child.getParent();
      assertThat(parent).isNotNull();
      assertThat(parent.getBeanNamesForType(Gossiper.class)).isEmpty();
      assertThat(parent.getEnvironment().getProperty("local.swim.port", Integer.class))
          .isEqualTo(bound);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ParentConfig {}

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class ChildApplication {}
}
