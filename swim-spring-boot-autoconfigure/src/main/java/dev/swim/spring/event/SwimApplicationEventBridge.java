package dev.swim.spring.event;

import dev.swim.core.member.MembershipEvent;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.MembershipListener;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Republishes the Gossiper's membership events as {@link SwimMembershipEvent}s.
 *
 * <p>The Gossiper calls its listeners in order on a dedicated thread of its own ({@code
 * swim-events-<node name>}), never on the protocol's event loop, and this bridge publishes from
 * that thread. So events arrive in order, one at a time, and a slow {@code @EventListener} delays
 * later events but never probes or gossip. A listener that throws is logged by the Gossiper and
 * does not stop later events.
 */
public final class SwimApplicationEventBridge
    implements MembershipListener, InitializingBean, DisposableBean {

  private final Gossiper gossiper;
  private final ApplicationEventPublisher publisher;

  /**
   * Creates the bridge; it subscribes once the bean is initialized.
   *
   * @param gossiper the Gossiper whose events to publish
   * @param publisher where to publish them
   */
  public SwimApplicationEventBridge(Gossiper gossiper, ApplicationEventPublisher publisher) {
    this.gossiper = gossiper;
    this.publisher = publisher;
  }

  @Override
  public void afterPropertiesSet() {
    gossiper.addListener(this);
  }

  @Override
  public void onMembershipEvent(MembershipEvent event) {
    publisher.publishEvent(SwimMembershipEvent.of(gossiper, event));
  }

  @Override
  public void destroy() {
    gossiper.removeListener(this);
  }
}
