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
import dev.swim.spring.discovery.SwimRegistration;
import dev.swim.spring.discovery.SwimServiceInstanceChanges;
import dev.swim.spring.discovery.SwimServiceInstances;
import dev.swim.spring.discovery.SwimServiceRegistry;
import org.springframework.beans.factory.ObjectProvider;
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
 * Spring Cloud discovery over SWIM, the shared part: the {@link SwimServiceRegistry} (Spring
 * Cloud's {@code ServiceRegistry}, behind {@code /actuator/serviceregistry}) and, unless {@code
 * spring.cloud.service-registry.auto-registration.enabled} is false, this node's {@link
 * SwimRegistration}, advertised in its metadata once the Gossiper has started; {@link
 * SwimServiceInstances} lists the members by service id, {@link SwimServiceInstanceChanges} detects
 * when a service's instances change and {@link SwimDiscoveryHeartbeat} announces it. The clients
 * themselves come from {@link SwimDiscoveryClientAutoConfiguration} and {@link
 * SwimReactiveDiscoveryClientAutoConfiguration}, the load balancer's supplier from {@link
 * SwimLoadBalancerAutoConfiguration}.
 *
 * <p>Active when spring-cloud-commons is on the classpath, a {@link Gossiper} bean exists, and
 * neither {@code swim.discovery.enabled} nor {@code spring.cloud.discovery.enabled} is false.
 */
@AutoConfiguration(
    after = SwimAutoConfiguration.class,
    beforeName = {
      "org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration",
      "org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationAutoConfiguration"
    })
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

  /** Spring Cloud's switch for registering this application as an instance. */
  static final String AUTO_REGISTRATION = "spring.cloud.service-registry.auto-registration.enabled";

  @Bean
  @ConditionalOnMissingBean
  SwimLocalService swimLocalService(SwimDiscoveryProperties properties, Environment env) {
    return properties.localService(env);
  }

  @Bean
  @ConditionalOnMissingBean
  SwimServiceInstances swimServiceInstances(Gossiper gossiper, SwimDiscoveryProperties properties) {
    return new SwimServiceInstances(
        gossiper, properties.includeSuspect(), properties.includeNotReady());
  }

  @Bean
  @ConditionalOnMissingBean
  SwimServiceInstanceChanges swimServiceInstanceChanges(
      Gossiper gossiper, SwimServiceInstances instances) {
    return new SwimServiceInstanceChanges(gossiper, instances);
  }

  @Bean
  @ConditionalOnMissingBean
  SwimServiceRegistry swimServiceRegistry(Gossiper gossiper, SwimServiceInstanceChanges changes) {
    return new SwimServiceRegistry(gossiper, changes);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = AUTO_REGISTRATION, matchIfMissing = true)
  SwimRegistration swimRegistration(
      Gossiper gossiper, SwimLocalService local, SwimProperties properties, Environment env) {
    return new SwimRegistration(
        gossiper, local, SwimDiscoveryProperties.management(env), properties.metadata());
  }

  @Bean
  @ConditionalOnMissingBean
  SwimDiscoveryMetadataCustomizer swimDiscoveryMetadataCustomizer(
      SwimLocalService local, SwimProperties properties, Environment env) {
    return new SwimDiscoveryMetadataCustomizer(
        local,
        SwimDiscoveryProperties.management(env),
        properties.metadata(),
        env.getProperty(AUTO_REGISTRATION, Boolean.class, true));
  }

  @Bean
  @ConditionalOnMissingBean
  SwimDiscoveryRegistration swimDiscoveryRegistration(
      Gossiper gossiper,
      SwimLocalService local,
      SwimServiceRegistry registry,
      ObjectProvider<SwimRegistration> registration,
      ApplicationEventPublisher publisher) {
    return new SwimDiscoveryRegistration(
        gossiper, local, registry, registration.getIfAvailable(), publisher);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnClass(
      name = "org.springframework.boot.web.server.context.WebServerInitializedEvent")
  SwimDiscoveryWebServerListener swimDiscoveryWebServerListener(
      SwimDiscoveryRegistration registration) {
    return new SwimDiscoveryWebServerListener(registration);
  }

  @Bean
  @ConditionalOnMissingBean
  SwimDiscoveryHeartbeat swimDiscoveryHeartbeat(
      SwimServiceInstanceChanges changes, ApplicationEventPublisher publisher) {
    return new SwimDiscoveryHeartbeat(changes, publisher);
  }
}
