package dev.swim.spring.autoconfigure.discovery;

import dev.swim.spring.discovery.SwimDiscoveryClient;
import dev.swim.spring.discovery.SwimServiceInstances;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.ConditionalOnBlockingDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.context.annotation.Bean;

/**
 * The blocking {@link SwimDiscoveryClient}, unless {@code spring.cloud.discovery.blocking.enabled}
 * is false. Spring Cloud wraps it, with any other client, in its composite {@code DiscoveryClient}.
 */
@AutoConfiguration(
    after = SwimDiscoveryAutoConfiguration.class,
    beforeName = {
      "org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration",
      "org.springframework.cloud.client.CommonsClientAutoConfiguration"
    })
@ConditionalOnClass(name = "org.springframework.cloud.client.discovery.DiscoveryClient")
@ConditionalOnDiscoveryEnabled
@ConditionalOnBlockingDiscoveryEnabled
@ConditionalOnBean(SwimServiceInstances.class)
public final class SwimDiscoveryClientAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  SwimDiscoveryClient swimDiscoveryClient(
      SwimServiceInstances instances, SwimDiscoveryProperties properties) {
    return new SwimDiscoveryClient(instances, properties.order());
  }
}
