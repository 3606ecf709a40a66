package dev.swim.spring.autoconfigure.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.spring.actuate.endpoint.SwimEndpoint;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import dev.swim.spring.autoconfigure.SwimTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SwimEndpointAutoConfigurationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SwimAutoConfiguration.class, SwimEndpointAutoConfiguration.class))
          .withPropertyValues(SwimTestSupport.LOOPBACK)
          .withPropertyValues("swim.auto-startup=false");

  @Test
  void endpointIsCreatedWhenExposed() {
    runner
        .withPropertyValues("management.endpoints.web.exposure.include=health,swim")
        .run(context -> assertThat(context).hasSingleBean(SwimEndpoint.class));
  }

  @Test
  void endpointIsNotCreatedWhenNotExposed() {
    runner.run(context -> assertThat(context).doesNotHaveBean(SwimEndpoint.class));
  }

  @Test
  void endpointIsNotCreatedWhenAccessIsNone() {
    runner
        .withPropertyValues(
            "management.endpoints.web.exposure.include=swim",
            "management.endpoint.swim.access=NONE")
        .run(context -> assertThat(context).doesNotHaveBean(SwimEndpoint.class));
  }

  @Test
  void endpointIsNotCreatedWithoutActuator() {
    runner
        .withPropertyValues("management.endpoints.web.exposure.include=swim")
        .withClassLoader(new FilteredClassLoader(Endpoint.class))
        .run(context -> assertThat(context).doesNotHaveBean(SwimEndpoint.class));
  }

  @Test
  void endpointIsNotCreatedWhenSwimIsDisabled() {
    runner
        .withPropertyValues("management.endpoints.web.exposure.include=swim", "swim.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SwimEndpoint.class));
  }
}
