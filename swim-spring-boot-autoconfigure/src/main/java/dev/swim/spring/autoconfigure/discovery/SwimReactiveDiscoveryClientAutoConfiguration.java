package dev.swim.spring.autoconfigure.discovery;

import dev.swim.spring.discovery.SwimReactiveDiscoveryClient;
import dev.swim.spring.discovery.SwimServiceInstances;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnDiscoveryHealthIndicatorEnabled;
import org.springframework.cloud.client.ConditionalOnReactiveDiscoveryEnabled;
import org.springframework.cloud.client.discovery.health.DiscoveryClientHealthIndicatorProperties;
import org.springframework.cloud.client.discovery.health.reactive.ReactiveDiscoveryClientHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link SwimReactiveDiscoveryClient}, when Reactor is on the classpath and Spring Cloud's
 * reactive discovery is on ({@code spring.cloud.discovery.reactive.enabled}, which also requires
 * Spring WebFlux's {@code WebClient}), and its health indicator.
 *
 * <p>Spring Cloud Commons checks discovery health in two ways: for blocking clients it provides one
 * {@code DiscoveryClientHealthIndicator} over the composite client itself ({@code discoveryClient}
 * inside {@code discoveryComposite}); for reactive clients it only gathers the {@code
 * ReactiveDiscoveryHealthIndicator} beans each implementation contributes into {@code
 * reactiveDiscoveryClients}. So the SWIM client contributes its own {@code
 * ReactiveDiscoveryClientHealthIndicator}, named after its description, unless {@code
 * spring.cloud.discovery.client.health-indicator.enabled} is false. Both turn UP on the {@code
 * InstanceRegisteredEvent} published once the node has joined.
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

  /**
   * The SWIM client's reactive health indicator, gathered by Spring Cloud's composite. A nested
   * class (so that nothing here needs spring-boot-health unless it is present) is processed before
   * the enclosing class's beans, so it cannot be conditional on the client bean: it takes whichever
   * {@link SwimReactiveDiscoveryClient} the context ends up with, ours or yours.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.ReactiveHealthIndicator")
  @EnableConfigurationProperties(DiscoveryClientHealthIndicatorProperties.class)
  static class HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "swimReactiveDiscoveryClientHealthIndicator")
    @ConditionalOnDiscoveryHealthIndicatorEnabled
    ReactiveDiscoveryClientHealthIndicator swimReactiveDiscoveryClientHealthIndicator(
        SwimReactiveDiscoveryClient client, DiscoveryClientHealthIndicatorProperties properties) {
      return new ReactiveDiscoveryClientHealthIndicator(client, properties);
    }
  }
}
