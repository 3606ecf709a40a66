package dev.swim.spring.event;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.UserEventListener;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Republishes every user event the Gossiper receives as a {@link SwimUserEvent}, from the
 * Gossiper's listener thread (see {@link SwimApplicationEventBridge} for the threading).
 */
public final class SwimUserEventBridge
    implements UserEventListener, InitializingBean, DisposableBean {

  private final Gossiper gossiper;
  private final ApplicationEventPublisher publisher;

  /**
   * Creates the bridge; it subscribes once the bean is initialized.
   *
   * @param gossiper the Gossiper whose user events to publish
   * @param publisher where to publish them
   */
  public SwimUserEventBridge(Gossiper gossiper, ApplicationEventPublisher publisher) {
    this.gossiper = gossiper;
    this.publisher = publisher;
  }

  @Override
  public void afterPropertiesSet() {
    gossiper.addUserEventListener(this);
  }

  @Override
  public void onUserEvent(String name, String origin, byte[] payload) {
    publisher.publishEvent(new SwimUserEvent(gossiper, name, origin, payload));
  }

  @Override
  public void destroy() {
    gossiper.removeUserEventListener(this);
  }
}
