package dev.swim.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * Not only {@code @SpringBootTest}: any Spring TestContext gets the safe values, and the
 * annotation's choices, since the customizer is registered for every test context.
 */
@SpringJUnitConfig(PlainTestContextTests.Config.class)
class PlainTestContextTests {

  @Autowired ConfigurableEnvironment environment;

  @Test
  void aPlainSpringTestContextGetsTheSafeValues() {
    assertThat(environment.getPropertySources().contains(SwimTestSettings.PROPERTY_SOURCE_NAME))
        .isTrue();
    assertThat(environment.getProperty("swim.bind-address")).isEqualTo("127.0.0.1");
    assertThat(environment.getProperty("swim.bind-port", Integer.class)).isZero();
    assertThat(environment.getProperty("swim.seeds")).isEmpty();
    assertThat(environment.getProperty("swim.profile")).isEqualTo("local");
  }

  @Nested
  @AutoConfigureSwim(useRealSettings = true)
  class WithRealSettings {
    @Autowired ConfigurableEnvironment nestedEnvironment;

    @Test
    void nothingIsAdded() {
      // the outer class's context has the property source (above): this is another context
      assertThat(
              nestedEnvironment
                  .getPropertySources()
                  .contains(SwimTestSettings.PROPERTY_SOURCE_NAME))
          .isFalse();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Config {}
}
