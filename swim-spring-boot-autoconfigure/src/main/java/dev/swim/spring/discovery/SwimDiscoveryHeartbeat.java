package dev.swim.spring.discovery;

import dev.swim.core.member.MembershipEvent;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.MembershipListener;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes a Spring Cloud {@link HeartbeatEvent} on every membership change, so that components
 * caching the discovery view (Spring Cloud Gateway's discovery routes, for example) refresh. The
 * event's value is a counter that increases by one with every change.
 *
 * <p>Spring Cloud LoadBalancer's own cache does not listen to it: see docs/spring.md, "The
 * LoadBalancer cache", for its TTL.
 */
public class SwimDiscoveryHeartbeat
    implements MembershipListener, InitializingBean, DisposableBean {

  private final Gossiper gossiper;
  private final ApplicationEventPublisher publisher;
  private final AtomicLong changes = new AtomicLong();

  /**
   * Creates the publisher; it subscribes once the bean is initialized.
   *
   * @param gossiper the Gossiper whose membership changes to announce
   * @param publisher where to publish the heartbeats
   */
  public SwimDiscoveryHeartbeat(Gossiper gossiper, ApplicationEventPublisher publisher) {
    this.gossiper = gossiper;
    this.publisher = publisher;
  }

  @Override
  public void afterPropertiesSet() {
    gossiper.addListener(this);
  }

  @Override
  public void onMembershipEvent(MembershipEvent event) {
    publisher.publishEvent(new HeartbeatEvent(this, changes.incrementAndGet()));
  }

  /** How many heartbeats have been published (the value of the last one). */
  public long getChangeCount() {
    return changes.get();
  }

  @Override
  public void destroy() {
    gossiper.removeListener(this);
  }
}
