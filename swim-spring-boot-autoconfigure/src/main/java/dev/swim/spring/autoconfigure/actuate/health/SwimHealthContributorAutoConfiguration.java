package dev.swim.spring.autoconfigure.actuate.health;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.settings.StarterSettings;
import dev.swim.spring.actuate.health.SwimHealthIndicator;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@link SwimHealthIndicator} ({@code swim} in {@code /actuator/health}), when Spring Boot's
 * health module is present, a {@link Gossiper} bean exists and {@code
 * management.health.swim.enabled} is not false.
 */
@AutoConfiguration(after = SwimAutoConfiguration.class)
@ConditionalOnClass({
  Gossiper.class,
  HealthIndicator.class,
  ConditionalOnEnabledHealthIndicator.class
})
@ConditionalOnBooleanProperty(name = StarterSettings.ENABLED_PROPERTY, matchIfMissing = true)
@ConditionalOnBean(Gossiper.class)
@ConditionalOnEnabledHealthIndicator("swim")
public final class SwimHealthContributorAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "swimHealthIndicator")
  SwimHealthIndicator swimHealthIndicator(Gossiper gossiper) {
    return new SwimHealthIndicator(gossiper);
  }
}
