package dev.swim.spring.discovery;

import dev.swim.core.member.Member;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.MembershipListener;
import java.util.HashMap;
import java.util.List;
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
 * no membership event; {@link SwimServiceRegistry} reports them with {@link #localMemberChanged}.
 *
 * <p>When the Gossiper dropped listener deliveries since the last event (its listeners fell too far
 * behind, see {@code Gossiper.droppedListenerDeliveries()}), some changes never arrived: the next
 * event rebuilds the whole list from the Gossiper's current view instead and notifies every service
 * whose instances differ ({@link #getResyncCount()} counts these).
 */
public class SwimServiceInstanceChanges
    implements MembershipListener, InitializingBean, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SwimServiceInstanceChanges.class);

  private final Gossiper gossiper;
  private final SwimServiceInstances instances;
  private final List<SwimServiceInstancesListener> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  // guarded by lock: the listed instance of each member, and the dropped deliveries seen so far
  private Map<String, SwimServiceInstance> listed = new HashMap<>();
  private long droppedSeen;
  private long resyncs;

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
    long dropped = gossiper.droppedListenerDeliveries();
    Set<String> changed;
    synchronized (lock) {
      if (dropped > droppedSeen) {
        droppedSeen = dropped;
        // the view is published before its events are delivered, so it holds this event already
        changed = resync();
      } else {
        Member m = event.member();
        changed = update(m.name(), event.type() == MembershipEventType.REMOVED ? null : m);
      }
    }
    notifyListeners(changed);
  }

  /**
   * Reports that this node's own entry may have changed (its own changes raise no event). The
   * snapshot is read under this tracker's lock, so that two reports racing each other leave the
   * newer one in place.
   */
  public void localMemberChanged() {
    Set<String> changed;
    synchronized (lock) {
      Member local = gossiper.localMember();
      changed = update(local.name(), local);
    }
    notifyListeners(changed);
  }

  /**
   * How many times the list was rebuilt from the Gossiper's view because listener deliveries had
   * been dropped.
   *
   * @return the count since start
   */
  public long getResyncCount() {
    synchronized (lock) {
      return resyncs;
    }
  }

  /** Applies one member's snapshot ({@code null}: removed); returns the changed service keys. */
  private Set<String> update(String name, @Nullable Member member) {
    SwimServiceInstance now = member == null ? null : instances.listed(member).orElse(null);
    SwimServiceInstance before = now == null ? listed.remove(name) : listed.put(name, now);
    Set<String> changed = new TreeSet<>();
    addChange(changed, before, now);
    return changed;
  }

  /** Rebuilds the list from the Gossiper's view; returns the keys of the services that differ. */
  private Set<String> resync() {
    Map<String, SwimServiceInstance> next = new HashMap<>();
    for (Member m : gossiper.members()) {
      instances.listed(m).ifPresent(i -> next.put(m.name(), i));
    }
    Set<String> changed = new TreeSet<>();
    for (Map.Entry<String, SwimServiceInstance> e : listed.entrySet()) {
      addChange(changed, e.getValue(), next.get(e.getKey()));
    }
    for (Map.Entry<String, SwimServiceInstance> e : next.entrySet()) {
      if (!listed.containsKey(e.getKey())) {
        addChange(changed, null, e.getValue());
      }
    }
    listed = next;
    resyncs++;
    log.warn(
        "SWIM discovery rebuilt its instance list from the membership view: {} listener deliveries"
            + " were dropped so far (listeners fell behind); services changed: {}",
        droppedSeen,
        changed);
    return changed;
  }

  private static void addChange(
      Set<String> changed,
      @Nullable SwimServiceInstance before,
      @Nullable SwimServiceInstance now) {
    if (before != null && now != null && before.sameAs(now)) {
      return;
    }
    if (before != null) {
      changed.add(SwimServiceInstances.serviceKey(before.serviceId()));
    }
    if (now != null) {
      changed.add(SwimServiceInstances.serviceKey(now.serviceId()));
    }
  }

  private void notifyListeners(Set<String> changed) {
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
}
