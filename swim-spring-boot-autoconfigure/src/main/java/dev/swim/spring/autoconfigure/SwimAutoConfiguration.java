package dev.swim.spring.autoconfigure;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.runtime.HostResolver;
import dev.swim.core.settings.StarterSettings;
import dev.swim.core.transport.Transport;
import dev.swim.spring.SwimConfigurationException;
import dev.swim.spring.SwimGossiperCustomizer;
import dev.swim.spring.SwimGossiperLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Makes this application a SWIM cluster member: a {@link Gossiper} bean built from the {@code
 * swim.*} properties, started and stopped by {@link SwimGossiperLifecycle}. Membership changes are
 * republished as {@code SwimMembershipEvent}s by {@code SwimEventAutoConfiguration}.
 *
 * <ul>
 *   <li>A {@link Gossiper} bean of your own replaces ours; the lifecycle, events, endpoint, health
 *       and metrics then use yours.
 *   <li>A {@link Transport} bean replaces the default UDP/TCP transport (with encryption keys it is
 *       still wrapped in AES-GCM).
 *   <li>A {@link HostResolver} bean replaces the system DNS resolver for seed host names, both for
 *       {@code swim.join.validate-seeds} and for the resolution on every join retry and heal round.
 *   <li>{@link SwimGossiperCustomizer} beans adjust the configuration before it is validated.
 *   <li>A {@link GossiperConfig} bean of your own replaces the configuration bound from the
 *       properties (the customizers then do not apply).
 *   <li>{@code swim.enabled=false} turns all of it off.
 * </ul>
 */
@AutoConfiguration
@ConditionalOnClass(Gossiper.class)
@ConditionalOnBooleanProperty(name = StarterSettings.ENABLED_PROPERTY, matchIfMissing = true)
public final class SwimAutoConfiguration {

  /** The swim.* properties, bound setting by setting from their declarations. */
  @Bean
  @ConditionalOnMissingBean
  SwimProperties swimProperties(Environment environment) {
    return SwimProperties.bind(Binder.get(environment));
  }

  /**
   * The Gossiper's configuration: the swim.* properties, then the customizers. A {@link
   * GossiperConfig} bean of your own replaces it (the properties and customizers are then not
   * used).
   */
  @Bean
  @ConditionalOnMissingBean
  GossiperConfig swimGossiperConfig(
      SwimProperties properties,
      ObjectProvider<SwimGossiperCustomizer> customizers,
      ObjectProvider<HostResolver> hostResolver) {
    return SwimGossiperConfigFactory.create(
        properties,
        customizers.orderedStream().toList(),
        hostResolver.getIfUnique(() -> HostResolver.SYSTEM));
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Gossiper swimGossiper(
      GossiperConfig config,
      ObjectProvider<Transport> transport,
      ObjectProvider<HostResolver> hostResolver) {
    HostResolver resolver = hostResolver.getIfUnique(() -> HostResolver.SYSTEM);
    Transport custom = transport.getIfUnique();
    try {
      return Gossiper.create(
          config, custom != null ? custom : Gossiper.defaultTransport(config), resolver);
    } catch (IllegalArgumentException e) {
      throw SwimConfigurationException.of(e);
    }
  }

  @Bean
  @ConditionalOnMissingBean
  SwimGossiperLifecycle swimGossiperLifecycle(Gossiper gossiper, SwimProperties properties) {
    return new SwimGossiperLifecycle(gossiper, properties.autoStartup());
  }
}
