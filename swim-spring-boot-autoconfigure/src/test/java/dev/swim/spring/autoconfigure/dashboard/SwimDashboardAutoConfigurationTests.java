package dev.swim.spring.autoconfigure.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.spring.SwimConfigurationException;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import dev.swim.spring.autoconfigure.SwimTestSupport;
import dev.swim.spring.dashboard.SwimDashboardAccess;
import dev.swim.spring.dashboard.SwimDashboardFeed;
import dev.swim.spring.dashboard.SwimDashboardWebFlux;
import dev.swim.spring.dashboard.SwimDashboardWebMvc;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

/**
 * Which beans the dashboard's auto-configuration contributes: none unless {@code
 * swim.dashboard.enabled}; then the feed and the Spring MVC routes in a servlet application, the
 * WebFlux routes in a reactive one, nothing in a non-web one; a bad {@code swim.dashboard.path}
 * fails startup naming the property.
 */
class SwimDashboardAutoConfigurationTests {

  private static final AutoConfigurations CONFIGS =
      AutoConfigurations.of(SwimAutoConfiguration.class, SwimDashboardAutoConfiguration.class);

  private final WebApplicationContextRunner servlet =
      new WebApplicationContextRunner()
          .withConfiguration(CONFIGS)
          .withPropertyValues(SwimTestSupport.LOOPBACK)
          .withPropertyValues("swim.auto-startup=false");

  private final ReactiveWebApplicationContextRunner reactive =
      new ReactiveWebApplicationContextRunner()
          .withConfiguration(CONFIGS)
          .withPropertyValues(SwimTestSupport.LOOPBACK)
          .withPropertyValues("swim.auto-startup=false");

  @Test
  void offByDefault() {
    servlet.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(SwimDashboardFeed.class);
          assertThat(context).doesNotHaveBean(SwimDashboardWebMvc.class);
          assertThat(context).doesNotHaveBean("swimDashboardWebMvcRoutes");
        });
    reactive.run(context -> assertThat(context).doesNotHaveBean(SwimDashboardWebFlux.class));
  }

  @Test
  void servletApplicationsGetTheSpringMvcRoutes() {
    servlet
        .withPropertyValues("swim.dashboard.enabled=true")
        .run(
            context -> {
              assertThat(context).hasSingleBean(SwimDashboardFeed.class);
              assertThat(context).hasSingleBean(SwimDashboardWebMvc.class);
              assertThat(context).hasBean("swimDashboardWebMvcRoutes");
              assertThat(context).doesNotHaveBean(SwimDashboardWebFlux.class);
              assertThat(context.getBean(SwimDashboardProperties.class).path()).isEqualTo("/swim");
              // no Spring Security on this classpath: everyone
              assertThat(context.getBean(SwimDashboardAccess.class).permits(null)).isTrue();
            });
  }

  @Test
  void reactiveApplicationsGetTheWebFluxRoutes() {
    reactive
        .withPropertyValues("swim.dashboard.enabled=true", "swim.dashboard.path=/ops/cluster")
        .run(
            context -> {
              assertThat(context).hasSingleBean(SwimDashboardFeed.class);
              assertThat(context).hasSingleBean(SwimDashboardWebFlux.class);
              assertThat(context).hasBean("swimDashboardWebFluxRoutes");
              assertThat(context).doesNotHaveBean(SwimDashboardWebMvc.class);
              assertThat(context.getBean(SwimDashboardProperties.class).validatedPath())
                  .isEqualTo("/ops/cluster");
            });
  }

  @Test
  void nonWebApplicationsGetNothing() {
    new ApplicationContextRunner()
        .withConfiguration(CONFIGS)
        .withPropertyValues(SwimTestSupport.LOOPBACK)
        .withPropertyValues("swim.auto-startup=false", "swim.dashboard.enabled=true")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SwimDashboardFeed.class);
            });
  }

  @Test
  void offWithTheStarter() {
    servlet
        .withPropertyValues("swim.enabled=false", "swim.dashboard.enabled=true")
        .run(context -> assertThat(context).doesNotHaveBean(SwimDashboardFeed.class));
  }

  @Test
  void noRoutesWithoutTheWebFramework() {
    servlet
        .withPropertyValues("swim.dashboard.enabled=true")
        .withClassLoader(new FilteredClassLoader("org.springframework.web.servlet.function"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SwimDashboardWebMvc.class);
            });
  }

  @Test
  void yourOwnBeansReplaceOurs() {
    servlet
        .withPropertyValues("swim.dashboard.enabled=true")
        .withUserConfiguration(OwnBeans.class)
        .run(
            context -> {
              assertThat(context.getBean(SwimDashboardFeed.class).queueCapacity()).isEqualTo(7);
              assertThat(context.getBean(SwimDashboardAccess.class).permits(null)).isFalse();
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"swim", "/", "/swim/", "/a/../b", "/a/./b", "//swim", "/a b", "/{x}", "/*"})
  void aBadPathFailsStartupNamingTheProperty(String path) {
    servlet
        .withPropertyValues("swim.dashboard.enabled=true", "swim.dashboard.path=" + path)
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable root =
                  NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
              assertThat(root).isInstanceOf(SwimConfigurationException.class);
              assertThat(((SwimConfigurationException) root).getProperty())
                  .isEqualTo("swim.dashboard.path");
              assertThat(root.getMessage()).startsWith("swim.dashboard.path ");
            });
  }

  @Test
  void badPathMessagesSayWhatIsWrong() {
    assertThat(message("/swim/"))
        .isEqualTo("swim.dashboard.path must not end with '/', was '/swim/'");
    assertThat(message("/")).contains("must not be '/'");
    assertThat(message("swim")).contains("must start with '/'");
    assertThat(message("/a/../b")).contains("'.' or '..'");
    assertThat(message("/a\u0007b")).contains("'/a?b'");
  }

  private static String message(String path) {
    try {
      new SwimDashboardProperties(true, path).validatedPath();
      throw new AssertionError("accepted " + path);
    } catch (SwimConfigurationException e) {
      return e.getMessage();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBeans {
    @Bean
    SwimDashboardFeed feed(dev.swim.core.runtime.Gossiper gossiper) {
      return new SwimDashboardFeed(gossiper, 8, 2, 7, Duration.ofSeconds(5));
    }

    @Bean
    SwimDashboardAccess access() {
      return principal -> principal != null;
    }
  }
}
