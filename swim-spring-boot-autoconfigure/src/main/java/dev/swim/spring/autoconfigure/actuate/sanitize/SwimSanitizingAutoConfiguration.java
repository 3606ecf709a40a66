package dev.swim.spring.autoconfigure.actuate.sanitize;

import dev.swim.spring.actuate.sanitize.SwimSanitizingFunction;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@link SwimSanitizingFunction}, whenever Spring Boot Actuator is present. It does not depend
 * on {@code swim.enabled}: keys configured for a disabled node are still secrets.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class SwimSanitizingAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  SwimSanitizingFunction swimSanitizingFunction(Environment environment) {
    return new SwimSanitizingFunction(environment);
  }
}
