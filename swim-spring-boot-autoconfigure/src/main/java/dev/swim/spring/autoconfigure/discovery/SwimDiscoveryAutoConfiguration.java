package dev.swim.spring.autoconfigure.discovery;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.settings.StarterSettings;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import dev.swim.spring.autoconfigure.SwimProperties;
import dev.swim.spring.discovery.SwimDiscoveryHeartbeat;
import dev.swim.spring.discovery.SwimDiscoveryMetadataCustomizer;
import dev.swim.spring.discovery.SwimDiscoveryRegistration;
import dev.swim.spring.discovery.SwimDiscoveryWebServerListener;
import dev.swim.spring.discovery.SwimLocalService;
import dev.swim.spring.discovery.SwimServiceInstances;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Spring Cloud discovery over SWIM, the shared part: this node advertises its HTTP endpoint in its
 * metadata, publishes {@code InstanceRegisteredEvent} once joined and a {@code HeartbeatEvent} on
 * every membership change, and {@link SwimServiceInstances} lists the members by service id. The
 * clients themselves come from {@link SwimDiscoveryClientAutoConfiguration} and {@link
 * SwimReactiveDiscoveryClientAutoConfiguration}.
 *
 * <p>Active when spring-cloud-commons is on the classpath, a {@link Gossiper} bean exists, and
 * neither {@code swim.discovery.enabled} nor {@code spring.cloud.discovery.enabled} is false.
 */
@AutoConfiguration(after = SwimAutoConfiguration.class)
@ConditionalOnClass(
    name = {
      "dev.swim.core.runtime.Gossiper",
      "org.springframework.cloud.client.discovery.DiscoveryClient"
    })
@ConditionalOnBooleanProperty(
    name = {StarterSettings.ENABLED_PROPERTY, "swim.discovery.enabled"},
    matchIfMissing = true)
@ConditionalOnDiscoveryEnabled
@ConditionalOnBean(Gossiper.class)
@EnableConfigurationProperties(SwimDiscoveryProperties.class)
public final class SwimDiscoveryAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  SwimLocalService swimLocalService(SwimDiscoveryProperties properties, Environment env) {
    return properties.localService(env);
  }

  @Bean
  SwimDiscoveryMetadataCustomizer swimDiscoveryMetadataCustomizer(
      SwimLocalService local, SwimProperties properties) {
    return new SwimDiscoveryMetadataCustomizer(local, properties.metadata());
  }

  @Bean
  @ConditionalOnMissingBean
  SwimServiceInstances swimServiceInstances(Gossiper gossiper, SwimDiscoveryProperties properties) {
    return new SwimServiceInstances(gossiper, properties.includeSuspect());
  }

  @Bean
  @ConditionalOnMissingBean
  SwimDiscoveryRegistration swimDiscoveryRegistration(
      Gossiper gossiper, SwimLocalService local, ApplicationEventPublisher publisher) {
    return new SwimDiscoveryRegistration(gossiper, local, publisher);
  }

  @Bean
  @ConditionalOnClass(
      name = "org.springframework.boot.web.server.context.WebServerInitializedEvent")
  SwimDiscoveryWebServerListener swimDiscoveryWebServerListener(
      SwimDiscoveryRegistration registration) {
    return new SwimDiscoveryWebServerListener(registration);
  }

  @Bean
  @ConditionalOnMissingBean
  SwimDiscoveryHeartbeat swimDiscoveryHeartbeat(
      Gossiper gossiper, ApplicationEventPublisher publisher) {
    return new SwimDiscoveryHeartbeat(gossiper, publisher);
  }
}
