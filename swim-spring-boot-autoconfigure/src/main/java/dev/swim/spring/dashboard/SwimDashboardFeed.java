package dev.swim.spring.dashboard;

import dev.swim.core.member.Member;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperStats;
import dev.swim.core.runtime.MembershipListener;
import dev.swim.core.runtime.UserEventListener;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;

/**
 * The dashboard's event feed: it listens to the Gossiper's membership and user events, keeps the
 * latest ones in a bounded ring, and fans each one out to the connected event streams.
 *
 * <p>A stream starts with a {@code snapshot} message (this node, the counters, every member and the
 * ring), then gets one {@code member} or {@code user} message per event and a {@code heartbeat}
 * message (this node and the counters again) every {@link #heartbeatInterval()}.
 *
 * <p>Bounded everywhere, and never blocking the Gossiper's listener thread: the ring holds at most
 * {@code eventCapacity} events and counts the ones it evicts; at most {@code maxSubscribers}
 * streams are open at once and the excess is refused and counted; each stream has a queue of {@code
 * queueCapacity} messages that the listener only ever offers to, and a stream whose queue is full
 * (its client reads too slowly) is closed and counted rather than buffered further. A closed client
 * reconnects and starts again from a fresh snapshot.
 *
 * <p>A {@link SmartLifecycle} in the last phase, so on shutdown it closes every stream before the
 * web server's graceful shutdown waits for open requests.
 */
public class SwimDashboardFeed
    implements MembershipListener,
        UserEventListener,
        InitializingBean,
        DisposableBean,
        SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SwimDashboardFeed.class);

  /** Events the ring keeps by default. */
  public static final int DEFAULT_EVENT_CAPACITY = 512;

  /** Event streams open at once, by default. */
  public static final int DEFAULT_MAX_SUBSCRIBERS = 16;

  /** Messages one stream may have waiting, by default. */
  public static final int DEFAULT_QUEUE_CAPACITY = 1024;

  /** The default time between heartbeats. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(2);

  /** One message of the stream: its server-sent event name and its JSON data. */
  public record Message(String event, String data) {}

  /**
   * Where one stream's messages go: a bounded queue that the web layer drains to its client.
   * Implementations never block.
   */
  public interface Sink {
    /**
     * Queues a message without blocking.
     *
     * @param message the message
     * @return false when the queue is full: the feed then closes the stream
     */
    boolean offer(Message message);

    /**
     * Ends the stream as soon as possible (the feed stopped, or the client fell behind). Called
     * from any thread, at most once per stream; must not block.
     */
    void close();
  }

  private final Gossiper gossiper;
  private final int eventCapacity;
  private final int maxSubscribers;
  private final int queueCapacity;
  private final Duration heartbeat;
  private final long startedAt;

  private final Object lock = new Object();
  // guarded by lock
  private final ArrayDeque<String> ring;
  private final Set<Subscription> subscriptions = new LinkedHashSet<>();
  private long seq;
  private long evicted;
  private long rejectedSubscribers;
  private long slowDisconnects;
  private boolean accepting = true;
  private boolean running;
  private @Nullable ScheduledExecutorService timer;
  private @Nullable ScheduledFuture<?> heartbeats;

  /**
   * A feed with the default bounds.
   *
   * @param gossiper the Gossiper to follow
   */
  public SwimDashboardFeed(Gossiper gossiper) {
    this(
        gossiper,
        DEFAULT_EVENT_CAPACITY,
        DEFAULT_MAX_SUBSCRIBERS,
        DEFAULT_QUEUE_CAPACITY,
        DEFAULT_HEARTBEAT);
  }

  /**
   * A feed with the given bounds.
   *
   * @param gossiper the Gossiper to follow
   * @param eventCapacity events the ring keeps (at least 1)
   * @param maxSubscribers event streams open at once (at least 1)
   * @param queueCapacity messages one stream may have waiting (at least 1)
   * @param heartbeat time between heartbeats (positive)
   */
  public SwimDashboardFeed(
      Gossiper gossiper,
      int eventCapacity,
      int maxSubscribers,
      int queueCapacity,
      Duration heartbeat) {
    if (eventCapacity < 1 || maxSubscribers < 1 || queueCapacity < 1) {
      throw new IllegalArgumentException("capacities must be at least 1");
    }
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("heartbeat must be positive, was " + heartbeat);
    }
    this.gossiper = gossiper;
    this.eventCapacity = eventCapacity;
    this.maxSubscribers = maxSubscribers;
    this.queueCapacity = queueCapacity;
    this.heartbeat = heartbeat;
    this.ring = new ArrayDeque<>(Math.min(eventCapacity, 1024));
    this.startedAt = ManagementFactory.getRuntimeMXBean().getStartTime();
  }

  // ---------------------------------------------------------------------------------------------
  // Listening

  @Override
  public void afterPropertiesSet() {
    gossiper.addListener(this);
    gossiper.addUserEventListener(this);
  }

  @Override
  public void destroy() {
    gossiper.removeListener(this);
    gossiper.removeUserEventListener(this);
    stop();
  }

  @Override
  public void onMembershipEvent(MembershipEvent event) {
    String localName = gossiper.config().nodeName();
    String member = DashboardMemberView.of(event.member(), localName).toJson();
    long at = System.currentTimeMillis();
    synchronized (lock) {
      long n = ++seq;
      Json json = new Json(member.length() + 96);
      json.beginObject()
          .field("type", "member")
          .field("seq", n)
          .field("at", at)
          .field("event", event.type().name())
          .field("previous", event.previousState() != null ? event.previousState().name() : null)
          .name("member")
          .raw(member)
          .endObject();
      publish(new Message("member", json.toString()), true);
    }
  }

  @Override
  public void onUserEvent(String name, String origin, byte[] payload) {
    long at = System.currentTimeMillis();
    synchronized (lock) {
      long n = ++seq;
      Json json = new Json();
      // the payload is the application's business: only its size is shown
      json.beginObject()
          .field("type", "user")
          .field("seq", n)
          .field("at", at)
          .field("name", name)
          .field("origin", origin)
          .field("size", payload.length)
          .endObject();
      publish(new Message("user", json.toString()), true);
    }
  }

  /** Appends to the ring (for events) and offers to every stream; called holding the lock. */
  private void publish(Message message, boolean event) {
    if (event) {
      if (ring.size() == eventCapacity) {
        ring.pollFirst();
        evicted++;
      }
      ring.addLast(message.data());
    }
    List<Subscription> slow = null;
    for (Subscription s : subscriptions) {
      if (!s.open) {
        continue;
      }
      if (!s.sink.offer(message)) {
        if (slow == null) {
          slow = new ArrayList<>(1);
        }
        slow.add(s);
      }
    }
    if (slow != null) {
      for (Subscription s : slow) {
        s.open = false;
        slowDisconnects++;
        s.sink.close();
      }
      log.debug(
          "closed {} dashboard stream(s) that fell {} messages behind", slow.size(), queueCapacity);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Streams

  /**
   * Opens a stream.
   *
   * @param sink where its messages go after the snapshot
   * @return the subscription, whose {@link Subscription#snapshot()} the caller sends first; or null
   *     when {@code maxSubscribers} streams are open already or the feed has stopped (the caller
   *     answers 503)
   */
  public @Nullable Subscription subscribe(Sink sink) {
    List<Member> members;
    List<String> events;
    long evictedNow;
    Subscription s;
    synchronized (lock) {
      if (!accepting || subscriptions.size() >= maxSubscribers) {
        rejectedSubscribers++;
        return null;
      }
      s = new Subscription(sink);
      subscriptions.add(s);
      members = gossiper.members();
      events = new ArrayList<>(ring);
      evictedNow = evicted;
    }
    s.snapshot = new Message("snapshot", snapshotJson(members, events, evictedNow));
    return s;
  }

  /** One open stream; {@link #close()} it when its connection ends, to free its place. */
  public final class Subscription implements AutoCloseable {
    private final Sink sink;
    private boolean open = true; // guarded by lock
    private @Nullable Message snapshot;

    private Subscription(Sink sink) {
      this.sink = sink;
    }

    /** The first message to send: the snapshot taken when the stream opened. */
    public Message snapshot() {
      Message m = snapshot;
      if (m == null) {
        throw new IllegalStateException("no snapshot yet");
      }
      return m;
    }

    /** Frees this stream's place; no message is offered to its sink after this. */
    @Override
    public void close() {
      synchronized (lock) {
        open = false;
        subscriptions.remove(this);
      }
    }
  }

  private String snapshotJson(List<Member> members, List<String> events, long evictedNow) {
    GossiperStats stats = gossiper.statsSnapshot();
    String localName = gossiper.config().nodeName();
    Json json = new Json(512 + members.size() * 160 + events.size() * 200);
    json.beginObject().field("type", "snapshot").field("at", System.currentTimeMillis());
    json.name("node");
    DashboardNodeView.of(gossiper, stats, startedAt).write(json);
    json.name("counters");
    DashboardCountersView.of(stats).write(json);
    json.name("feed");
    feedJson(json, evictedNow);
    json.name("members").beginArray();
    for (Member m : members) {
      DashboardMemberView.of(m, localName).write(json);
    }
    json.endArray().name("events").beginArray();
    events.forEach(json::raw);
    json.endArray().endObject();
    return json.toString();
  }

  private void feedJson(Json json, long evictedNow) {
    int open;
    long rejected;
    long slow;
    synchronized (lock) {
      open = subscriptions.size();
      rejected = rejectedSubscribers;
      slow = slowDisconnects;
    }
    json.beginObject()
        .field("subscribers", open)
        .field("maxSubscribers", maxSubscribers)
        .field("rejectedSubscribers", rejected)
        .field("slowDisconnects", slow)
        .field("eventCapacity", eventCapacity)
        .field("eventsEvicted", evictedNow)
        .field("heartbeatMs", heartbeat.toMillis())
        .endObject();
  }

  /** Sends a heartbeat to every stream now (the timer calls this every heartbeat interval). */
  public void heartbeat() {
    GossiperStats stats = gossiper.statsSnapshot();
    long evictedNow;
    synchronized (lock) {
      evictedNow = evicted;
    }
    Json json = new Json(1024);
    json.beginObject().field("type", "heartbeat").field("at", System.currentTimeMillis());
    json.name("node");
    DashboardNodeView.of(gossiper, stats, startedAt).write(json);
    json.name("counters");
    DashboardCountersView.of(stats).write(json);
    json.name("feed");
    feedJson(json, evictedNow);
    json.endObject();
    Message m = new Message("heartbeat", json.toString());
    synchronized (lock) {
      publish(m, false);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  @Override
  public void start() {
    synchronized (lock) {
      if (running) {
        return;
      }
      running = true;
      accepting = true;
      String name = "swim-dashboard-" + gossiper.config().nodeName();
      ScheduledExecutorService t =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, name);
                thread.setDaemon(true);
                return thread;
              });
      timer = t;
      long ms = heartbeat.toMillis();
      heartbeats = t.scheduleAtFixedRate(this::safeHeartbeat, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  private void safeHeartbeat() {
    try {
      heartbeat();
    } catch (RuntimeException e) {
      log.warn("dashboard heartbeat failed", e);
    }
  }

  /** Closes every stream and refuses new ones until started again. */
  @Override
  public void stop() {
    List<Subscription> open;
    ScheduledExecutorService t;
    synchronized (lock) {
      accepting = false;
      running = false;
      open = new ArrayList<>(subscriptions);
      for (Subscription s : open) {
        s.open = false;
      }
      t = timer;
      timer = null;
      ScheduledFuture<?> h = heartbeats;
      if (h != null) {
        h.cancel(false);
      }
      heartbeats = null;
    }
    for (Subscription s : open) {
      s.sink.close();
    }
    if (t != null) {
      t.shutdownNow();
    }
  }

  @Override
  public boolean isRunning() {
    synchronized (lock) {
      return running;
    }
  }

  /** The last phase: stopped first, before the web server's graceful shutdown. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE;
  }

  // ---------------------------------------------------------------------------------------------
  // Figures

  /** The latest events as JSON objects, oldest first (at most {@code eventCapacity}). */
  public List<String> recentEvents() {
    synchronized (lock) {
      return List.copyOf(ring);
    }
  }

  /** Events evicted from the ring to make room for newer ones. */
  public long eventsEvicted() {
    synchronized (lock) {
      return evicted;
    }
  }

  /** Event streams open now. */
  public int subscribers() {
    synchronized (lock) {
      return subscriptions.size();
    }
  }

  /** Streams refused because {@code maxSubscribers} were open (or the feed had stopped). */
  public long rejectedSubscribers() {
    synchronized (lock) {
      return rejectedSubscribers;
    }
  }

  /** Streams closed because their client fell {@code queueCapacity} messages behind. */
  public long slowDisconnects() {
    synchronized (lock) {
      return slowDisconnects;
    }
  }

  /** Messages one stream may have waiting before it is closed. */
  public int queueCapacity() {
    return queueCapacity;
  }

  /** The time between heartbeats. */
  public Duration heartbeatInterval() {
    return heartbeat;
  }
}
