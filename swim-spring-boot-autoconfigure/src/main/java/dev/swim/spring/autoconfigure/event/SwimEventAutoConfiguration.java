package dev.swim.spring.autoconfigure.event;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.settings.StarterSettings;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import dev.swim.spring.event.SwimApplicationEventBridge;
import dev.swim.spring.event.SwimMembershipEvent;
import dev.swim.spring.event.SwimUserEvent;
import dev.swim.spring.event.SwimUserEventBridge;
import dev.swim.spring.event.SwimUserEventPublisher;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Spring events from the cluster: a {@link SwimMembershipEvent} for every membership change and a
 * {@link SwimUserEvent} for every user event received (both unless {@code swim.events.enabled} is
 * false), and the {@link SwimUserEventPublisher} bean that broadcasts user events.
 */
@AutoConfiguration(after = SwimAutoConfiguration.class)
@ConditionalOnClass(Gossiper.class)
@ConditionalOnBooleanProperty(name = StarterSettings.ENABLED_PROPERTY, matchIfMissing = true)
@ConditionalOnBean(Gossiper.class)
public final class SwimEventAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(
      name = StarterSettings.EVENTS_ENABLED_PROPERTY,
      matchIfMissing = true)
  SwimApplicationEventBridge swimApplicationEventBridge(
      Gossiper gossiper, ApplicationEventPublisher publisher) {
    return new SwimApplicationEventBridge(gossiper, publisher);
  }

  @Bean
  @ConditionalOnMissingBean
  SwimUserEventPublisher swimUserEventPublisher(Gossiper gossiper) {
    return new SwimUserEventPublisher(gossiper);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(
      name = StarterSettings.EVENTS_ENABLED_PROPERTY,
      matchIfMissing = true)
  SwimUserEventBridge swimUserEventBridge(Gossiper gossiper, ApplicationEventPublisher publisher) {
    return new SwimUserEventBridge(gossiper, publisher);
  }
}
