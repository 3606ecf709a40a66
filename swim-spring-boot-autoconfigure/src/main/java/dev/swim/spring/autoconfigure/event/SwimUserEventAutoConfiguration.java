package dev.swim.spring.autoconfigure.event;

import dev.swim.core.runtime.Gossiper;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Cluster-wide user events: the {@link SwimUserEventPublisher} bean, and a {@link SwimUserEvent}
 * for every user event received unless {@code swim.events.enabled} is false.
 */
@AutoConfiguration(after = SwimAutoConfiguration.class)
@ConditionalOnClass(Gossiper.class)
@ConditionalOnBooleanProperty(name = "swim.enabled", matchIfMissing = true)
@ConditionalOnBean(Gossiper.class)
public final class SwimUserEventAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  SwimUserEventPublisher swimUserEventPublisher(Gossiper gossiper) {
    return new SwimUserEventPublisher(gossiper);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "swim.events.enabled", matchIfMissing = true)
  SwimUserEventBridge swimUserEventBridge(Gossiper gossiper, ApplicationEventPublisher publisher) {
    return new SwimUserEventBridge(gossiper, publisher);
  }
}
