package dev.swim.spring.autoconfigure.discovery;

import dev.swim.spring.discovery.SwimLoadBalancerCacheEvictor;
import dev.swim.spring.discovery.SwimServiceInstanceChanges;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.config.LoadBalancerZoneConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Spring Cloud LoadBalancer fed by the SWIM membership, when spring-cloud-loadbalancer is on the
 * classpath:
 *
 * <ul>
 *   <li>every load balancer client's default configuration gets a {@code
 *       SwimServiceInstanceListSupplier} that pushes a new instance list on every change of the
 *       service and is not cached (see {@link SwimLoadBalancerClientConfiguration} for which {@code
 *       spring.cloud.loadbalancer.configurations} it serves);
 *   <li>LoadBalancer's instance cache, where something still uses it, is emptied on every change
 *       ({@link SwimLoadBalancerCacheEvictor});
 *   <li>the client's own zone for zone preference is {@code spring.cloud.loadbalancer.zone}, else
 *       this node's {@code swim.metadata.zone} (the instances' zones are their {@code
 *       swim.metadata.zone}, under the metadata key {@code zone} that LoadBalancer reads).
 * </ul>
 */
@AutoConfiguration(
    after = SwimDiscoveryAutoConfiguration.class,
    beforeName = "org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration")
@ConditionalOnClass(
    name = {
      "org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier",
      "org.springframework.cloud.loadbalancer.config.LoadBalancerZoneConfig",
      "reactor.core.publisher.Flux"
    })
@ConditionalOnDiscoveryEnabled
@ConditionalOnBooleanProperty(name = "spring.cloud.loadbalancer.enabled", matchIfMissing = true)
@ConditionalOnBean(SwimServiceInstanceChanges.class)
@LoadBalancerClients(defaultConfiguration = SwimLoadBalancerClientConfiguration.class)
public final class SwimLoadBalancerAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  SwimLoadBalancerCacheEvictor swimLoadBalancerCacheEvictor(
      SwimServiceInstanceChanges changes, ListableBeanFactory beanFactory) {
    return new SwimLoadBalancerCacheEvictor(changes, beanFactory);
  }

  @Bean
  @ConditionalOnMissingBean
  LoadBalancerZoneConfig swimLoadBalancerZoneConfig(Environment env) {
    String zone = env.getProperty("spring.cloud.loadbalancer.zone");
    if (zone == null || zone.isBlank()) {
      zone = env.getProperty("swim.metadata.zone");
    }
    return new LoadBalancerZoneConfig(zone == null || zone.isBlank() ? null : zone.trim());
  }
}
