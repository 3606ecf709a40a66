package dev.swim.core.runtime;

import dev.swim.core.crypto.Keyring;
import dev.swim.core.crypto.SecureTransport;
import dev.swim.core.member.Member;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.Limits;
import dev.swim.core.protocol.Outbox;
import dev.swim.core.protocol.SwimNode;
import dev.swim.core.settings.SwimSettings;
import dev.swim.core.transport.Transport;
import dev.swim.core.transport.TransportHandler;
import dev.swim.core.transport.TransportSettings;
import dev.swim.core.transport.UdpTcpTransport;
import dev.swim.core.wire.WireCodec;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public entry point: one member of a SWIM cluster. Build it from a {@link GossiperConfig},
 * {@link #start()} it (it joins the configured seeds in the background), read {@link #members()},
 * and {@link #leave(Duration)} then {@link #close()}.
 *
 * <p>Thread-safe. The protocol runs on one event loop (a serial executor on a small JVM-wide pool,
 * so hundreds of Gossipers can share a few threads). Reads ({@link #members()}, {@link
 * #localMember()}) return immutable snapshots and never block. Listeners run in order on a
 * dedicated thread, never on the event loop, and may call any method.
 */
public final class Gossiper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gossiper.class);

  private final GossiperConfig config;
  private final Transport transport;
  private final SecureTransport secure;
  private final HostResolver resolver;
  private final ScheduledThreadPoolExecutor timer = RuntimeThreads.timer();
  private final SerialExecutor loop;
  private final CopyOnWriteArrayList<MembershipListener> listeners = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<UserEventListener> userListeners =
      new CopyOnWriteArrayList<>();
  private final ProtocolObservers observers = new ProtocolObservers();
  private final List<MembershipEvent> pendingEvents = new ArrayList<>();
  private final long clockOriginMs = System.currentTimeMillis();
  private final long clockOriginNanos = System.nanoTime();
  // held while binding or releasing the sockets, the listener thread and the leave future;
  // the lifecycle state itself is the atomic state machine below
  private final Object lifecycle = new Object();
  private final Lifecycle state = new Lifecycle();

  // the members as readers see them, updated by the loop member by member (see MemberView)
  private volatile MemberView view = MemberView.EMPTY;
  private volatile Member localSnapshot;
  private volatile NodeAddress advertised;
  private volatile SwimNode node;
  private volatile SeedResolver seeds; // replaced under the lifecycle lock by join(extra)
  private volatile ListenerQueue eventThread; // created under the lifecycle lock, read anywhere
  private ScheduledFuture<?> wakeup;
  private long wakeupAt = Long.MAX_VALUE;
  private long snapshotVersion = -1;

  /** How often the event loop publishes the counters {@link #statsSnapshot()} returns. */
  static final long STATS_PUBLISH_MS = 1_000;

  private volatile StatsCopier.Sample publishedSample;
  // the timer's task and the loop's tick, made once: a wakeup allocates only its scheduling
  private final Runnable tickTask = this::tick;
  private final Runnable onWakeup = this::wakeUp;
  private volatile BuiltStats builtStats;
  private long statsPublishedAt = Long.MIN_VALUE / 2; // written on the loop only
  private CompletableFuture<Boolean> leaveDone;
  private final java.util.Set<NodeAddress> joinWarned = new java.util.HashSet<>();

  private Gossiper(GossiperConfig config, Transport transport, HostResolver resolver) {
    this.config = config;
    this.resolver = resolver;
    if (config.encryptionEnabled()) {
      this.secure =
          new SecureTransport(
              transport, new Keyring(config.encryptionKeys()), config.clusterLabel());
      this.secure.setVerifyIncoming(config.verifyIncoming());
      this.secure.setVerifyOutgoing(config.verifyOutgoing());
      this.transport = secure;
    } else {
      this.secure = null;
      this.transport = transport;
    }
    this.loop = new SerialExecutor(RuntimeThreads.pool(), this::afterBatch);
  }

  /** A Gossiper on the default transport (UDP + TCP, or TCP-only; AES-GCM when keys are set). */
  public static Gossiper create(GossiperConfig config) {
    return create(config, defaultTransport(config));
  }

  /**
   * A Gossiper on a caller-supplied transport. When the config has encryption keys the transport is
   * wrapped in AES-GCM all the same.
   */
  public static Gossiper create(GossiperConfig config, Transport transport) {
    return create(config, transport, HostResolver.SYSTEM);
  }

  /** As {@link #create(GossiperConfig, Transport)}, with a substitute resolver for seed names. */
  public static Gossiper create(GossiperConfig config, Transport transport, HostResolver resolver) {
    return new Gossiper(config, transport, resolver);
  }

  /** The transport {@link #create(GossiperConfig)} uses for {@code config}. */
  public static Transport defaultTransport(GossiperConfig config) {
    return new UdpTcpTransport(
        new TransportSettings(
            config.bindAddress(),
            config.bindPort(),
            UdpTcpTransport.MAX_UDP_PAYLOAD,
            config.tcpOnly(),
            config.streamTimeout(),
            config.maxConcurrentStreams(),
            config.maxStreamFrameBytes()));
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  /**
   * Binds the transport and starts the protocol; with seeds configured, starts joining them in the
   * background (see {@link #state()}).
   *
   * @throws IOException when the address cannot be bound
   * @throws IllegalArgumentException when the advertise address does not resolve; the sockets are
   *     closed again and the Gossiper is STOPPED (create a new one to retry)
   * @throws IllegalStateException when already started
   */
  public void start() throws IOException {
    synchronized (lifecycle) {
      GossiperState current = state.current();
      if (current != GossiperState.CREATED) {
        throw new IllegalStateException("Gossiper already started (state " + current + ")");
      }
      transport.start(new Handler());
      try {
        startBound();
      } catch (RuntimeException | Error e) {
        // nothing may stay bound after a failed start: release the sockets, and refuse a retry
        // on this instance (create a new Gossiper)
        state.stop();
        try {
          transport.close();
        } catch (RuntimeException closeFailure) {
          e.addSuppressed(closeFailure);
        }
        throw e;
      }
    }
  }

  // the rest of start(), once the transport is bound; called with the lifecycle lock held
  private void startBound() {
    NodeAddress bound = transport.boundAddress();
    advertised = Advertise.address(config, bound);
    if (!config.encryptionEnabled() && !Advertise.isLoopback(advertised.host())) {
      log.warn(
          "SWIM member '{}' gossips unencrypted on {}: set encryption keys to authenticate and"
              + " encrypt cluster traffic",
          config.nodeName(),
          advertised);
    }
    SecureRandom seedSource = new SecureRandom();
    long startId = seedSource.nextLong();
    node =
        new SwimNode(
            config.protocol(),
            config.clusterLabel(),
            config.nodeName(),
            advertised,
            config.metadata(),
            startId,
            new SplittableRandom(seedSource.nextLong()),
            new LoopOutbox());
    node.setTcpFallback(config.tcpFallbackProbe() && !config.tcpOnly());
    seeds =
        new SeedResolver(config.seeds(), SwimSettings.DEFAULT_PORT, resolver, RuntimeThreads.dns());
    if (seeds.hasSeeds()) {
      seeds.resolveNow();
    }
    if (!state.start(seeds.hasSeeds())) {
      throw new IllegalStateException("Gossiper already started (state " + state.current() + ")");
    }
    localSnapshot = node.localMember();
    view = MemberView.EMPTY.with(localSnapshot);
    node.trackViewChanges();
    runOnLoop(
        () -> {
          node.start(now());
          publishSnapshot(); // start stamped this member's since: readers see it once start returns
          publishStats(now());
          if (seeds.hasSeeds()) {
            node.join(
                now(),
                seeds,
                config.joinBackoffInitial().toMillis(),
                config.joinBackoffMax().toMillis());
          }
          return null;
        });
    log.info(
        "SWIM member '{}' started on {} (advertised {}), {} seed(s), encryption {}",
        config.nodeName(),
        bound,
        advertised,
        config.seeds().size(),
        config.encryptionEnabled() ? "on" : "off");
  }

  /**
   * Joins (also) through {@code seeds} ({@code host[:port]}) in the background, retrying with
   * backoff until one answers. They are added to the configured seeds (and to those of earlier
   * calls), never in their place: partition healing keeps contacting every one of them.
   */
  public void join(List<String> seedList) {
    requireStarted();
    SeedResolver all;
    synchronized (lifecycle) {
      List<String> union = new ArrayList<>(seeds.names());
      for (String s : seedList) {
        if (!union.contains(s)) {
          union.add(s);
        }
      }
      all = new SeedResolver(union, SwimSettings.DEFAULT_PORT, resolver, RuntimeThreads.dns());
      seeds = all;
    }
    all.resolveNow();
    loop.execute(
        () ->
            node.join(
                now(),
                all,
                config.joinBackoffInitial().toMillis(),
                config.joinBackoffMax().toMillis()));
  }

  /**
   * Leaves gracefully: broadcasts LEFT ahead of every other update and waits until it has been
   * gossiped its retransmit limit of times, at most {@code timeout}. The node keeps answering
   * probes until {@link #close()}.
   *
   * @return true if the leave was fully disseminated before the timeout
   */
  public boolean leave(Duration timeout) {
    CompletableFuture<Boolean> done;
    synchronized (lifecycle) {
      if (leaveDone == null) {
        if (!state.leaving()) {
          return false; // not started, or stopped
        }
        leaveDone = new CompletableFuture<>();
        loop.execute(() -> node.leave(now()));
      } else if (state.current() == GossiperState.STOPPED) {
        return false;
      }
      done = leaveDone;
    }
    try {
      boolean ok = done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      state.left(); // refused when close() came first: STOPPED stays
      return ok;
    } catch (TimeoutException e) {
      log.warn("Leave of '{}' not fully disseminated within {}", config.nodeName(), timeout);
      state.left();
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    }
  }

  /** Stops the protocol and releases the sockets, without a leave. Idempotent. */
  @Override
  public void close() {
    ListenerQueue events;
    synchronized (lifecycle) {
      if (!state.stop()) {
        return;
      }
      events = eventThread;
    }
    loop.execute(
        () -> {
          if (wakeup != null) {
            wakeup.cancel(false);
          }
          wakeupAt = Long.MIN_VALUE; // never schedule again
        });
    transport.close();
    if (events != null) {
      events.close(2_000);
    }
    log.info("SWIM member '{}' stopped", config.nodeName());
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /** Where the node is in its lifecycle. */
  public GossiperState state() {
    return state.current();
  }

  /** The address other members reach this node at (after {@link #start()}). */
  public NodeAddress localAddress() {
    requireStarted();
    return advertised;
  }

  /** The address the transport is bound to (after {@link #start()}). */
  public NodeAddress boundAddress() {
    requireStarted();
    return transport.boundAddress();
  }

  /** This node as the cluster sees it. */
  public Member localMember() {
    requireStarted();
    return localSnapshot;
  }

  /**
   * Every known member including this one and tombstones (DEAD, LEFT), sorted by name: an immutable
   * snapshot, the same object until the view changes.
   */
  public List<Member> members() {
    return view.list();
  }

  /** One member by name, from the same snapshot as {@link #members()}; O(log N). */
  public Optional<Member> member(String name) {
    return Optional.ofNullable(view.get(name));
  }

  /** The configuration (key material is never printed by its toString). */
  public GossiperConfig config() {
    return config;
  }

  /** The keyring when encryption is configured: install, use and remove keys at runtime. */
  public Optional<Keyring> keyring() {
    return secure == null ? Optional.empty() : Optional.of(secure.keyring());
  }

  /**
   * Changes the encryption rollout flags at runtime (only with encryption keys configured).
   *
   * @throws IllegalStateException when no keys are configured
   */
  public void setEncryptionVerify(boolean incoming, boolean outgoing) {
    if (secure == null) {
      throw new IllegalStateException("encryption is not configured (no keys)");
    }
    secure.setVerifyIncoming(incoming);
    secure.setVerifyOutgoing(outgoing);
  }

  /** A copy of the counters (taken on the event loop; waits at most a few seconds). */
  public GossiperStats stats() {
    requireStarted();
    return runOnLoop(this::copyStats);
  }

  /**
   * The counters as the event loop last published them: at most about {@value #STATS_PUBLISH_MS} ms
   * old while the node runs, and never waiting for the loop, so a metrics scrape or an actuator
   * call cannot stall behind a busy protocol. All zero before {@link #start()}.
   */
  public GossiperStats statsSnapshot() {
    StatsCopier.Sample s = publishedSample;
    if (s == null) {
      return GossiperStats.empty();
    }
    BuiltStats b = builtStats;
    if (b != null && b.from().equals(s)) {
      return b.stats();
    }
    GossiperStats stats = StatsCopier.copy(s, transport.stats());
    builtStats = new BuiltStats(s, stats); // a race only builds the same view twice
    return stats;
  }

  /** The map-based counters built from one published sample, kept until the next sample. */
  private record BuiltStats(StatsCopier.Sample from, GossiperStats stats) {}

  private GossiperStats copyStats() {
    return StatsCopier.copy(sample(), transport.stats());
  }

  private StatsCopier.Sample sample() {
    return StatsCopier.Sample.of(node, loop.dropped(), droppedListenerDeliveries());
  }

  private void publishStats(long t) {
    // a plain copy of the counters (a few hundred bytes); the maps are built only when read
    publishedSample = sample();
    statsPublishedAt = t;
  }

  // ---------------------------------------------------------------------------------------------
  // Commands

  /**
   * Replaces this node's metadata and gossips it; {@link #localMember()} and {@link #members()}
   * show it once this returns.
   *
   * @throws IllegalArgumentException when the encoded metadata exceeds the configured limit
   */
  public void updateMetadata(Map<String, String> metadata) {
    requireStarted();
    Limits.requireMetadata(config.protocol(), metadata);
    runOnLoop(
        () -> {
          node.updateMetadata(now(), metadata);
          publishSnapshot(); // readers see the new metadata once this returns
          return null;
        });
  }

  /**
   * Broadcasts a user event to every member, at most once each (delivered locally too).
   *
   * @throws IllegalArgumentException when the payload exceeds the configured limit
   */
  public void broadcast(String name, byte[] payload) {
    requireStarted();
    Limits.requireUserEvent(config.protocol(), name, payload);
    byte[] copy = payload.clone();
    runOnLoop(
        () -> {
          node.broadcastUserEvent(now(), name, copy);
          return null;
        });
  }

  /**
   * Listener deliveries dropped because the listeners fell {@value ListenerQueue#CAPACITY} behind.
   */
  public long droppedListenerDeliveries() {
    ListenerQueue q = eventThread;
    return q == null ? 0 : q.dropped();
  }

  /** Inbound datagrams and stream requests dropped because the protocol loop fell behind. */
  public long droppedLoopTasks() {
    return loop.dropped();
  }

  /** Adds a listener of membership events. */
  public void addListener(MembershipListener listener) {
    ensureEventThread();
    listeners.add(listener);
  }

  /** Removes a listener. */
  public void removeListener(MembershipListener listener) {
    listeners.remove(listener);
  }

  /**
   * Adds an observer of probe rounds and push-pull exchanges (tracing, timing). It runs on the
   * event loop: see {@link ProtocolObserver} for what it may do.
   */
  public void addProtocolObserver(ProtocolObserver observer) {
    observers.add(Objects.requireNonNull(observer, "observer"));
  }

  /** Removes an observer added with {@link #addProtocolObserver}. */
  public void removeProtocolObserver(ProtocolObserver observer) {
    observers.remove(observer);
  }

  /** Adds a listener of user events. */
  public void addUserEventListener(UserEventListener listener) {
    ensureEventThread();
    userListeners.add(listener);
  }

  /** Removes a user-event listener. */
  public void removeUserEventListener(UserEventListener listener) {
    userListeners.remove(listener);
  }

  @Override
  public String toString() {
    return "Gossiper[" + config.nodeName() + ", " + state.current() + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // Event loop

  private long now() {
    return nowMicros() / 1_000L;
  }

  /** The node's clock ({@link #now()}) in microseconds: round trips need the finer reading. */
  private long nowMicros() {
    return clockOriginMs * 1000L + (System.nanoTime() - clockOriginNanos) / 1_000L;
  }

  private <T> T runOnLoop(Supplier<T> work) {
    if (loop.inLoop()) {
      return work.get();
    }
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.execute(
        () -> {
          try {
            f.complete(work.get());
          } catch (RuntimeException e) {
            f.completeExceptionally(e);
          }
        });
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("SWIM event loop did not answer within 10 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Publishes the immutable member view readers see (on the loop): applies the members changed
   * since the last publication, O(log N) each.
   */
  private void publishSnapshot() {
    MemberView[] next = {view};
    node.drainViewChanges(
        (name, m) -> next[0] = m == null ? next[0].without(name) : next[0].with(m));
    view = next[0];
    localSnapshot = node.localMember();
    snapshotVersion = node.viewVersion();
  }

  /** Runs after each batch of event-loop work: snapshots, events, state, the next wakeup. */
  private void afterBatch() {
    if (node == null || wakeupAt == Long.MIN_VALUE) {
      return;
    }
    long t = now();
    // only the members changed in this batch are applied to the view: an idle node does nothing
    if (node.viewVersion() != snapshotVersion) {
      publishSnapshot();
    }
    if (t - statsPublishedAt >= STATS_PUBLISH_MS) {
      publishStats(t);
    }
    if (!pendingEvents.isEmpty()) {
      List<MembershipEvent> batch = List.copyOf(pendingEvents);
      pendingEvents.clear();
      ListenerQueue events = eventThread;
      if (events != null && !listeners.isEmpty()) {
        events.offer(() -> deliver(batch));
      }
    }
    if (node.isJoined() && state.joined()) {
      log.info("SWIM member '{}' joined: {} live member(s)", config.nodeName(), node.liveCount());
    }
    if (leaveDone != null && !leaveDone.isDone() && node.leaveDisseminated()) {
      leaveDone.complete(true);
    }
    scheduleWakeup(t);
  }

  private void scheduleWakeup(long t) {
    long next = node.nextDeadline();
    if (next == wakeupAt && wakeup != null && !wakeup.isDone()) {
      return;
    }
    // an earlier deadline moves the wakeup forward; a later one (a probe answered before its
    // timeout) moves it back, so an idle node is not woken for nothing
    if (wakeup != null) {
      wakeup.cancel(false);
      wakeup = null;
    }
    wakeupAt = next;
    if (next == Long.MAX_VALUE) {
      return; // nothing due: the next datagram or command wakes the loop
    }
    long delay = Math.max(0, next - t);
    // The timer thread runs the tick itself when the loop is idle (no second hand-off).
    wakeup = timer.schedule(onWakeup, delay, TimeUnit.MILLISECONDS);
  }

  private void wakeUp() {
    loop.executeHere(tickTask);
  }

  private void tick() {
    if (wakeupAt == Long.MIN_VALUE) {
      return; // closed: a wakeup already on its way must not start the timers again
    }
    wakeupAt = Long.MAX_VALUE;
    node.tick(now());
  }

  private void deliver(List<MembershipEvent> batch) {
    for (MembershipEvent e : batch) {
      for (MembershipListener l : listeners) {
        try {
          l.onMembershipEvent(e);
        } catch (RuntimeException ex) {
          log.warn("Membership listener {} failed on {}", l, e.type(), ex);
        }
      }
    }
  }

  private void ensureEventThread() {
    synchronized (lifecycle) {
      if (eventThread == null) {
        eventThread = new ListenerQueue(config.nodeName());
      }
    }
  }

  private void requireStarted() {
    if (state.current() == GossiperState.CREATED || node == null) {
      throw new IllegalStateException("Gossiper not started: call start() first");
    }
  }

  /** The protocol's outbox, called on the event loop. */
  private final class LoopOutbox implements Outbox {
    @Override
    public int datagramOverhead() {
      return transport.datagramOverhead();
    }

    @Override
    public long clockMicros(long now) {
      return nowMicros();
    }

    @Override
    public void sendDatagram(NodeAddress to, byte[] packet) {
      transport.sendDatagram(to, packet);
    }

    @Override
    @SuppressWarnings("FutureReturnValueIgnored") // the callback handles every outcome itself
    public void streamRequest(
        NodeAddress to, byte[] request, StreamPurpose purpose, long token, long deadline) {
      long exchange =
          purpose == StreamPurpose.JOIN || purpose == StreamPurpose.PUSH_PULL
              ? observers.pushPullStarted(to, purpose == StreamPurpose.JOIN)
              : 0;
      transport
          .request(to, request, exchangeTimeout(config.streamTimeout(), deadline, now()))
          .whenComplete(
              (response, error) ->
                  loop.execute(
                      () -> {
                        observers.pushPullEnded(exchange, to, error == null && response != null);
                        if (error != null || response == null) {
                          if (purpose == StreamPurpose.JOIN && joinWarned.add(to)) {
                            log.warn(
                                "Join through seed {} failed ({}); retrying with backoff",
                                to,
                                error == null ? "no response" : rootMessage(error));
                          }
                          node.onStreamFailed(now(), to, purpose, token);
                        } else {
                          node.onStreamResponse(now(), to, purpose, token, response);
                        }
                      }));
    }

    @Override
    public void emit(MembershipEvent event) {
      pendingEvents.add(event);
    }

    @Override
    public void probeStarted(long seq, String target) {
      observers.probeStarted(seq, target);
    }

    @Override
    public void probeEnded(long seq, String target, String outcome, long rttMicros) {
      observers.probeEnded(seq, target, outcome, rttMicros);
    }

    @Override
    public void deliverUserEvent(String name, String origin, byte[] payload) {
      ListenerQueue events = eventThread;
      if (events == null || userListeners.isEmpty()) {
        return;
      }
      events.offer(
          () -> {
            for (UserEventListener l : userListeners) {
              try {
                l.onUserEvent(name, origin, payload.clone());
              } catch (RuntimeException ex) {
                log.warn("User event listener {} failed on '{}'", l, name, ex);
              }
            }
          });
    }
  }

  /**
   * How long a stream exchange started at {@code now} may take: the stream timeout, or what is left
   * until {@code deadline} (the node's clock; {@link Outbox#NO_DEADLINE} for none) when that is
   * shorter, and never less than 1 ms. A fallback ping is so given only the rest of its probe
   * round.
   */
  static Duration exchangeTimeout(Duration streamTimeout, long deadline, long now) {
    if (deadline == Outbox.NO_DEADLINE) {
      return streamTimeout;
    }
    long left = deadline > now ? deadline - now : 1;
    return left < streamTimeout.toMillis() ? Duration.ofMillis(left) : streamTimeout;
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
  }

  /** Hands transport traffic to the event loop. */
  private final class Handler implements TransportHandler {
    private final WireCodec codec = new WireCodec(config.clusterLabel());

    /**
     * Accepted when the packet carries this cluster's wire header (magic, version, label); with
     * encryption, {@link SecureTransport} has already authenticated it before it gets here.
     */
    @Override
    public boolean onDatagram(NodeAddress from, byte[] data) {
      // on the selector thread: a datagram takes microseconds, so run it here when the loop is
      // idle rather than wake a pool thread for it
      // dropped (and counted) when the loop is that far behind: the sender retries, a probe fails
      loop.offerHere(
          () -> {
            if (node != null) {
              node.onDatagram(now(), from, data, 0, data.length);
            }
          });
      return codec.hasHeader(data, 0, data.length);
    }

    @Override
    public CompletableFuture<byte[]> onStreamRequest(NodeAddress from, byte[] request) {
      CompletableFuture<byte[]> f = new CompletableFuture<>();
      boolean queued =
          loop.offer(
              () -> {
                try {
                  f.complete(node == null ? null : node.onStreamRequest(now(), from, request));
                } catch (RuntimeException e) {
                  f.completeExceptionally(e);
                }
              });
      if (!queued) {
        f.complete(null); // closes the stream without an answer; the requester retries
      }
      return f;
    }
  }
}
