package dev.swim.spring.discovery;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes a Spring Cloud {@link HeartbeatEvent} each time the instances of some service actually
 * change (see {@link SwimServiceInstanceChanges}), so that components caching the discovery view
 * (Spring Cloud Gateway's discovery routes, for example) refresh; membership churn that changes no
 * instance list (a suspicion refuted, a member that is not an instance) publishes nothing. The
 * event's value is a counter that increases by one with every change.
 */
public class SwimDiscoveryHeartbeat
    implements SwimServiceInstancesListener, InitializingBean, DisposableBean {

  private final SwimServiceInstanceChanges changes;
  private final ApplicationEventPublisher publisher;
  private final AtomicLong count = new AtomicLong();

  /**
   * Creates the publisher; it subscribes once the bean is initialized.
   *
   * @param changes the instance changes to announce
   * @param publisher where to publish the heartbeats
   */
  public SwimDiscoveryHeartbeat(
      SwimServiceInstanceChanges changes, ApplicationEventPublisher publisher) {
    this.changes = changes;
    this.publisher = publisher;
  }

  @Override
  public void afterPropertiesSet() {
    changes.addListener(this);
  }

  @Override
  public synchronized void onInstancesChanged(Set<String> serviceIds) {
    // synchronized: changes of this node (registry caller) and of peers (event thread) may race,
    // and the values must reach listeners in increasing order
    publisher.publishEvent(new HeartbeatEvent(this, count.incrementAndGet()));
  }

  /** How many heartbeats have been published (the value of the last one). */
  public long getChangeCount() {
    return count.get();
  }

  @Override
  public void destroy() {
    changes.removeListener(this);
  }
}
