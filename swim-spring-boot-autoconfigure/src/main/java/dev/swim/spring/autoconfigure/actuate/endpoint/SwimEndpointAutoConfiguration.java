package dev.swim.spring.autoconfigure.actuate.endpoint;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.settings.StarterSettings;
import dev.swim.spring.actuate.endpoint.SwimEndpoint;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link SwimEndpoint} ({@code /actuator/swim}), when Spring Boot Actuator is present, a {@link
 * Gossiper} bean exists and the endpoint is available (exposed, and its access not none).
 */
@AutoConfiguration(after = SwimAutoConfiguration.class)
@ConditionalOnClass(
    value = {Gossiper.class, Endpoint.class},
    name =
        "org.springframework.boot.actuate.autoconfigure.endpoint.condition"
            + ".ConditionalOnAvailableEndpoint")
@ConditionalOnBooleanProperty(name = StarterSettings.ENABLED_PROPERTY, matchIfMissing = true)
@ConditionalOnBean(Gossiper.class)
public final class SwimEndpointAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint
  SwimEndpoint swimEndpoint(Gossiper gossiper) {
    return new SwimEndpoint(gossiper);
  }
}
