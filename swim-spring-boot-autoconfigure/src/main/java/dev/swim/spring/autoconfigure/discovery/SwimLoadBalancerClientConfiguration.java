package dev.swim.spring.autoconfigure.discovery;

import dev.swim.spring.discovery.SwimServiceInstanceChanges;
import dev.swim.spring.discovery.SwimServiceInstanceListSupplier;
import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplierBuilder;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The default configuration of every load balancer client (one child context per service name): its
 * {@code ServiceInstanceListSupplier} is a {@link SwimServiceInstanceListSupplier}, with the same
 * decorators LoadBalancer's own configuration would add for {@code
 * spring.cloud.loadbalancer[.clients.<name>].configurations}, except its cache:
 *
 * <ul>
 *   <li>{@code default} (or unset): the SWIM supplier alone;
 *   <li>{@code zone-preference}, {@code same-instance-preference}, {@code
 *       request-based-sticky-session}, {@code weighted}, {@code subset}: the SWIM supplier wrapped
 *       in that decorator.
 * </ul>
 *
 * <p>Any other value ({@code health-check}, {@code api-version}) keeps LoadBalancer's own supplier,
 * whose cache {@code SwimLoadBalancerCacheEvictor} empties on every change. A {@code
 * ServiceInstanceListSupplier} of your own (in a {@code @LoadBalancerClient} configuration, or in
 * the application context) replaces this one.
 *
 * <p>Package-private: it is used by name only, through {@code @LoadBalancerClients}.
 */
@Configuration(proxyBeanMethods = false)
class SwimLoadBalancerClientConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @Conditional(SupportedConfiguration.class)
  ServiceInstanceListSupplier swimServiceInstanceListSupplier(
      ConfigurableApplicationContext context,
      Environment env,
      SwimServiceInstanceChanges changes,
      ObjectProvider<DiscoveryClient> blocking,
      ObjectProvider<ReactiveDiscoveryClient> reactive) {
    String serviceId = env.getRequiredProperty(LoadBalancerClientFactory.PROPERTY_NAME);
    DiscoveryClient client = blocking.getIfAvailable();
    SwimServiceInstanceListSupplier base;
    if (client != null) {
      base = SwimServiceInstanceListSupplier.of(serviceId, client, changes);
    } else {
      base = SwimServiceInstanceListSupplier.of(serviceId, reactive.getObject(), changes);
    }
    ServiceInstanceListSupplierBuilder builder =
        ServiceInstanceListSupplier.builder().withBase(base);
    switch (configurations(env, serviceId)) {
      case "zone-preference" -> builder.withZonePreference();
      case "same-instance-preference" -> builder.withSameInstancePreference();
      case "request-based-sticky-session" -> builder.withRequestBasedStickySession();
      case "weighted" -> builder.withWeighted();
      case "subset" -> builder.withSubset();
      default -> {}
    }
    return builder.build(context);
  }

  /**
   * The load balancer configuration in effect for {@code serviceId}: its own {@code
   * spring.cloud.loadbalancer.clients.<name>.configurations}, else {@code
   * spring.cloud.loadbalancer.configurations}, else {@code default}.
   */
  static String configurations(Environment env, String serviceId) {
    String own =
        env.getProperty("spring.cloud.loadbalancer.clients." + serviceId + ".configurations");
    String value =
        own != null && !own.isBlank()
            ? own
            : env.getProperty("spring.cloud.loadbalancer.configurations", "default");
    return value.trim().toLowerCase(Locale.ROOT);
  }

  /** Whether the configuration in effect is one this class builds. */
  static final class SupportedConfiguration implements Condition {
    static final Set<String> SUPPORTED =
        Set.of(
            "default",
            "zone-preference",
            "same-instance-preference",
            "request-based-sticky-session",
            "weighted",
            "subset");

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      Environment env = context.getEnvironment();
      String name = env.getProperty(LoadBalancerClientFactory.PROPERTY_NAME);
      return name != null && SUPPORTED.contains(configurations(env, name));
    }
  }
}
