package dev.swim.spring.autoconfigure.metrics;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.settings.StarterSettings;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import dev.swim.spring.metrics.SwimMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link SwimMetrics} meter binder, when Micrometer is present, a {@link MeterRegistry} and a
 * {@link Gossiper} bean exist, and {@code swim.metrics.enabled} is not false.
 */
@AutoConfiguration(
    after = SwimAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure"
          + ".CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnClass({Gossiper.class, MeterRegistry.class})
@ConditionalOnBooleanProperty(
    name = {StarterSettings.ENABLED_PROPERTY, StarterSettings.METRICS_ENABLED_PROPERTY},
    matchIfMissing = true)
@ConditionalOnBean({Gossiper.class, MeterRegistry.class})
public final class SwimMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  SwimMetrics swimMetrics(Gossiper gossiper) {
    return new SwimMetrics(gossiper);
  }
}
