package dev.swim.spring.discovery;

import dev.swim.core.member.Member;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.MembershipListener;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Turns membership events into "the instances of service X changed" notifications, only when what
 * {@link SwimServiceInstances} lists for a service actually changed: an instance appeared or
 * disappeared (joined, left, failed, became UP or stopped being UP), or changed its endpoint or
 * metadata. A suspicion that leaves the instance listed, a refutation or an update of a member that
 * is not an instance notifies nobody.
 *
 * <p>It keeps one entry per listed member (bounded by the membership), updated from each event's
 * member snapshot in the order the Gossiper delivers them. This node's own metadata changes raise
 * no membership event; {@link SwimServiceRegistry} reports them with {@link #memberChanged}.
 */
public class SwimServiceInstanceChanges
    implements MembershipListener, InitializingBean, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SwimServiceInstanceChanges.class);

  private final Gossiper gossiper;
  private final SwimServiceInstances instances;
  private final Map<String, SwimServiceInstance> listed = new HashMap<>();
  private final List<SwimServiceInstancesListener> listeners = new CopyOnWriteArrayList<>();

  /**
   * Creates the tracker; it subscribes to the Gossiper once the bean is initialized.
   *
   * @param gossiper the Gossiper whose membership to follow
   * @param instances the view whose listing rules apply
   */
  public SwimServiceInstanceChanges(Gossiper gossiper, SwimServiceInstances instances) {
    this.gossiper = gossiper;
    this.instances = instances;
  }

  @Override
  public void afterPropertiesSet() {
    gossiper.addListener(this);
  }

  @Override
  public void destroy() {
    gossiper.removeListener(this);
  }

  /**
   * Adds a listener of changes.
   *
   * @param listener the listener
   */
  public void addListener(SwimServiceInstancesListener listener) {
    listeners.add(listener);
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   */
  public void removeListener(SwimServiceInstancesListener listener) {
    listeners.remove(listener);
  }

  @Override
  public void onMembershipEvent(MembershipEvent event) {
    if (event.type() == MembershipEventType.REMOVED) {
      update(event.member().name(), null);
    } else {
      update(event.member().name(), event.member());
    }
  }

  /**
   * Reports a member's new snapshot (used for this node, whose own changes raise no event).
   *
   * @param member the member after the change
   */
  public void memberChanged(Member member) {
    update(member.name(), member);
  }

  private void update(String name, @Nullable Member member) {
    SwimServiceInstance now = member == null ? null : instances.listed(member).orElse(null);
    Set<String> changed = new TreeSet<>();
    synchronized (listed) {
      SwimServiceInstance before = now == null ? listed.remove(name) : listed.put(name, now);
      if (before != null && now != null && before.sameAs(now)) {
        return;
      }
      if (before != null) {
        changed.add(key(before.serviceId()));
      }
      if (now != null) {
        changed.add(key(now.serviceId()));
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    Set<String> ids = Set.copyOf(changed);
    for (SwimServiceInstancesListener l : listeners) {
      try {
        l.onInstancesChanged(ids);
      } catch (RuntimeException e) {
        log.warn("Discovery change listener {} failed on {}", l, ids, e);
      }
    }
  }

  /** The key a service id is compared under: lower case. */
  static String key(String serviceId) {
    return serviceId.toLowerCase(Locale.ROOT);
  }
}
