package dev.swim.spring.autoconfigure.event;

import dev.swim.core.member.MembershipEvent;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.MembershipListener;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Republishes the Gossiper's membership events as {@link SwimMembershipEvent}s.
 *
 * <p>The Gossiper calls its listeners in order on its own event thread. This bridge only queues
 * each event there and publishes it from a single thread of its own, {@code swim-events}, so the
 * order is kept, and a slow {@code @EventListener} delays neither the protocol nor the Gossiper's
 * other listeners. A listener that throws is logged and does not stop later events.
 */
public final class SwimApplicationEventBridge
    implements MembershipListener, InitializingBean, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SwimApplicationEventBridge.class);

  private final Gossiper gossiper;
  private final ApplicationEventPublisher publisher;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "swim-events");
            t.setDaemon(true);
            return t;
          });

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
    SwimMembershipEvent springEvent = SwimMembershipEvent.of(gossiper, event);
    try {
      executor.execute(() -> publish(springEvent));
    } catch (RejectedExecutionException e) {
      log.debug("Dropped {}: the application is shutting down", springEvent);
    }
  }

  private void publish(SwimMembershipEvent event) {
    try {
      publisher.publishEvent(event);
    } catch (RuntimeException e) {
      log.warn("A listener of {} failed", event, e);
    }
  }

  @Override
  public void destroy() {
    try {
      gossiper.removeListener(this);
    } catch (RuntimeException e) {
      log.debug("Could not remove the membership listener", e);
    }
    executor.shutdownNow();
  }
}
