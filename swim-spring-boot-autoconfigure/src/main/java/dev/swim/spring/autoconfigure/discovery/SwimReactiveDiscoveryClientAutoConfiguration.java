package dev.swim.spring.autoconfigure.discovery;

import dev.swim.spring.discovery.SwimReactiveDiscoveryClient;
import dev.swim.spring.discovery.SwimServiceInstances;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnReactiveDiscoveryEnabled;
import org.springframework.context.annotation.Bean;

/**
 * The {@link SwimReactiveDiscoveryClient}, when Reactor is on the classpath and Spring Cloud's
 * reactive discovery is on ({@code spring.cloud.discovery.reactive.enabled}, which also requires
 * Spring WebFlux's {@code WebClient}).
 */
@AutoConfiguration(
    after = SwimDiscoveryAutoConfiguration.class,
    beforeName = {
      "org.springframework.cloud.client.discovery.simple.reactive"
          + ".SimpleReactiveDiscoveryClientAutoConfiguration",
      "org.springframework.cloud.client.ReactiveCommonsClientAutoConfiguration"
    })
@ConditionalOnClass(
    name = {
      "org.springframework.cloud.client.discovery.ReactiveDiscoveryClient",
      "reactor.core.publisher.Flux"
    })
@ConditionalOnDiscoveryEnabled
@ConditionalOnReactiveDiscoveryEnabled
@ConditionalOnBean(SwimServiceInstances.class)
public final class SwimReactiveDiscoveryClientAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  SwimReactiveDiscoveryClient swimReactiveDiscoveryClient(
      SwimServiceInstances instances, SwimDiscoveryProperties properties) {
    return new SwimReactiveDiscoveryClient(instances, properties.order());
  }
}
