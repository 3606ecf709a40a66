package dev.swim.spring.autoconfigure.observation;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.settings.StarterSettings;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import dev.swim.spring.observation.SwimObservations;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link SwimObservations} (an Observation per probe round and per push-pull), when Micrometer's
 * Observation API is present and an {@link ObservationRegistry} and a {@link Gossiper} bean exist.
 */
@AutoConfiguration(
    after = SwimAutoConfiguration.class,
    afterName =
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({Gossiper.class, ObservationRegistry.class})
@ConditionalOnBooleanProperty(name = StarterSettings.ENABLED_PROPERTY, matchIfMissing = true)
@ConditionalOnBean({Gossiper.class, ObservationRegistry.class})
public final class SwimObservationAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  SwimObservations swimObservations(Gossiper gossiper, ObservationRegistry registry) {
    return new SwimObservations(gossiper, registry);
  }
}
