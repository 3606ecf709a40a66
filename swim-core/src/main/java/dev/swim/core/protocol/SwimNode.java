package dev.swim.core.protocol;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.DecodeException;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Ack;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Compound;
import dev.swim.core.wire.Message.Dead;
import dev.swim.core.wire.Message.Nack;
import dev.swim.core.wire.Message.Ping;
import dev.swim.core.wire.Message.PingReq;
import dev.swim.core.wire.Message.PushPull;
import dev.swim.core.wire.Message.Suspect;
import dev.swim.core.wire.Message.UserEvent;
import dev.swim.core.wire.NameCache;
import dev.swim.core.wire.WireCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * One member's SWIM + Lifeguard state machine, sans I/O: it is handed the time, the inbound bytes
 * and a seeded random source, and it asks its {@link Outbox} to send packets and to emit events. No
 * threads, no sockets, no clock. The same seed and inputs give the same outputs, byte for byte.
 *
 * <p>Drive it from one thread: call {@link #start}, feed {@link #onDatagram}, {@link
 * #onStreamRequest}, {@link #onStreamResponse} and {@link #onStreamFailed} as traffic arrives, and
 * call {@link #tick} at {@link #nextDeadline()}.
 */
public final class SwimNode {

  /** Slots of the cache that decodes the names of a cluster's members into shared strings. */
  private static final int NAME_CACHE_SLOTS = 1024;

  /** Supplies the current seed addresses (re-resolved by the runtime as it sees fit). */
  @FunctionalInterface
  public interface SeedProvider {
    /** The seed addresses to try now. */
    List<NodeAddress> seeds();
  }

  // A facade: the parts below share one NodeContext (table, timers, clock, local member) and each
  // does one job; this class decodes and routes the driver's calls to them.
  private final NodeContext ctx;
  private final LoopErrors errors;
  // one instance, so that handing events over allocates nothing when none are pending
  private final Consumer<RuntimeException> listenerFailed;
  private final Disseminator gossip;
  private final AntiEntropy antiEntropy;
  private final MembershipUpdates updates;
  private final FailureDetector detector;
  private final ClaimChecks checks;
  private final InboundChecks inbound;
  private long userSeq;

  /**
   * Creates a node. Nothing is sent until {@link #start(long)}.
   *
   * @param config the protocol tuning
   * @param clusterLabel the cluster label carried in every packet
   * @param name this member's unique name
   * @param address the address other members reach this one at
   * @param metadata this member's metadata (checked against the limit)
   * @param startId a random id for this start of the process
   * @param random the node's only source of randomness (seed it for determinism)
   * @param outbox where packets and events go, and what the transport adds to each datagram
   * @throws IllegalArgumentException when the metadata is over the limit
   */
  public SwimNode(
      SwimConfig config,
      String clusterLabel,
      String name,
      NodeAddress address,
      Map<String, String> metadata,
      long startId,
      RandomGenerator random,
      Outbox outbox) {
    this(config, clusterLabel, name, address, metadata, startId, random, outbox, null);
  }

  /** A node whose member records and queued updates go through {@code interner}. */
  SwimNode(
      SwimConfig config,
      String clusterLabel,
      String name,
      NodeAddress address,
      Map<String, String> metadata,
      long startId,
      RandomGenerator random,
      Outbox outbox,
      SimulationSeam.Interner interner) {
    WireCodec codec =
        new WireCodec(
            clusterLabel,
            interner != null && interner.names() != null
                ? interner.names()
                : new NameCache(NAME_CACHE_SLOTS));
    Limits.requireMetadata(config, metadata);
    Limits.requireName("node name", name);
    this.ctx =
        new NodeContext(
            config,
            codec,
            random,
            outbox,
            interner == null ? i -> i : interner,
            name,
            address,
            metadata,
            startId);
    int datagramBudget =
        config.maxDatagramBytes() - config.datagramOverheadBytes() - outbox.datagramOverhead();
    this.errors = new LoopErrors(ctx);
    this.listenerFailed = e -> errors.record("an event listener", e);
    ctx.timers.onErrors(errors::record);
    this.gossip = new Disseminator(ctx, datagramBudget);
    ReapedMembers reaped = new ReapedMembers(ctx);
    Tombstones tombstones = new Tombstones(ctx, gossip, reaped);
    this.antiEntropy = new AntiEntropy(ctx, tombstones, reaped);
    SuspicionManager suspicions = new SuspicionManager(ctx, gossip, tombstones, antiEntropy);
    this.checks = new ClaimChecks(ctx);
    this.inbound = new InboundChecks(config, ctx.stats);
    this.updates = new MembershipUpdates(ctx, gossip, tombstones, reaped, suspicions, checks);
    checks.bind(updates);
    this.detector = new FailureDetector(ctx, gossip, updates, antiEntropy);
  }

  // ---------------------------------------------------------------------------------------------
  // Driver API

  /** Starts the probe, gossip, push-pull, healing and reaping timers and announces this member. */
  public void start(long now) {
    if (ctx.started) {
      return;
    }
    ctx.started = true;
    ctx.now = now;
    ctx.table.beforeChange(ctx.self);
    ctx.self.since = now; // recorded as a change, so a driver's copy of the view shows it
    ctx.table.afterChange(ctx.self);
    ctx.lastViewChange = now;
    userSeq = Math.max(1, now) << 10;
    if (!antiEntropy.isJoined()) {
      // announce; a preloaded (converged) node has nothing to announce
      gossip.enqueueAlive(ctx.self, true);
    }
    detector.start();
    gossip.ensureGossipScheduled();
    antiEntropy.start();
    deliverEvents();
  }

  /**
   * Hands the events of the call just handled to the outbox; a listener that throws is counted as a
   * loop error and the other events are still delivered.
   */
  private void deliverEvents() {
    ctx.deliverEvents(listenerFailed);
  }

  /**
   * Joins through the seeds: a full push-pull with each, retried with exponential backoff until one
   * answers (or another member joins through this one). When this node is the only seed it counts
   * as joined at once; while no seed resolves it keeps retrying.
   */
  public void join(long now, SeedProvider seeds, long backoffInitialMs, long backoffMaxMs) {
    ctx.now = now;
    antiEntropy.join(seeds, backoffInitialMs, backoffMaxMs);
    deliverEvents();
  }

  /**
   * Seeds the table with members known to be ALIVE, without events or broadcasts, as if the node
   * had been running for a long time. For simulations that start from a converged cluster.
   */
  public void preload(Iterable<MemberInfo> members, long incarnation) {
    MemberTable table = ctx.table;
    for (MemberInfo info : members) {
      if (info.name().equals(ctx.localName) || table.get(info.name()) != null) {
        continue;
      }
      MemberEntry e =
          new MemberEntry(ctx.interner.intern(info), incarnation, MemberState.ALIVE, ctx.now);
      e.answered = true; // a long-running member has heard from everyone
      table.add(e);
    }
    antiEntropy.assumeJoined();
  }

  /** The identity this node announces (shared with {@link #preload}). */
  public MemberInfo localInfo() {
    return ctx.self.info;
  }

  /** Enables a ping over the stream transport in parallel with indirect probes. */
  public void setTcpFallback(boolean enabled) {
    detector.setTcpFallback(enabled);
  }

  /** Runs the timers due at {@code now}. */
  public void tick(long now) {
    ctx.now = now;
    ctx.timers.runDue(now);
    deliverEvents();
  }

  /** When {@link #tick} should next be called ({@link Long#MAX_VALUE} if never). */
  public long nextDeadline() {
    return ctx.timers.nextDeadline();
  }

  /** Handles one inbound datagram; bad input is counted and dropped, never thrown. */
  public void onDatagram(long now, NodeAddress from, byte[] data, int off, int len) {
    try {
      datagram(now, from, data, off, len);
    } catch (RuntimeException e) {
      errors.record("a datagram", e);
    }
    deliverEvents();
  }

  private void datagram(long now, NodeAddress from, byte[] data, int off, int len) {
    ctx.now = now;
    ProtocolStats stats = ctx.stats;
    stats.datagramsReceived++;
    stats.datagramBytesReceived += len;
    Message m;
    try {
      m = ctx.codec.decodePacket(data, off, len);
    } catch (DecodeException e) {
      if (e.reason() == DecodeException.Reason.WRONG_LABEL) {
        stats.wrongLabel++;
      } else {
        stats.decodeErrors++;
      }
      return;
    }
    ctx.replyBudget = 3L * len;
    ctx.inputCarriesGossip = m instanceof Compound c && c.parts().size() > 1;
    try {
      handleDatagram(m, from);
    } finally {
      ctx.replyBudget = 0;
      ctx.inputCarriesGossip = false;
    }
  }

  private void handleDatagram(Message m, NodeAddress from) {
    if (m instanceof Compound c) {
      // state first, then pings: an accusation riding with a ping (Lifeguard's buddy system) is
      // refuted before the ack leaves, so the refutation rides on the ack
      for (Message part : c.parts()) {
        if (!(part instanceof Ping)) {
          handle(part, from);
        }
      }
      for (Message part : c.parts()) {
        if (part instanceof Ping) {
          handle(part, from);
        }
      }
    } else {
      handle(m, from);
    }
  }

  /**
   * Handles a stream request (push-pull or fallback ping) and returns the response bytes, or {@code
   * null} to close without a response.
   */
  public byte[] onStreamRequest(long now, NodeAddress from, byte[] request) {
    try {
      return streamRequest(now, request);
    } catch (RuntimeException e) {
      errors.record("a stream request", e);
      return null;
    } finally {
      deliverEvents();
    }
  }

  private byte[] streamRequest(long now, byte[] request) {
    ctx.now = now;
    ProtocolStats stats = ctx.stats;
    stats.streamBytesReceived += request.length;
    Message m;
    try {
      m = ctx.codec.decodeFrame(request, 0, request.length);
    } catch (DecodeException e) {
      stats.decodeErrors++;
      return null;
    }
    if (!inbound.admit(m)) {
      return null;
    }
    ctx.replyBudget = 3L * request.length;
    byte[] response = null;
    try {
      if (m instanceof Ping p) {
        ctx.count(p, false);
        response = detector.onStreamPing(p);
      } else if (m instanceof PushPull p) {
        ctx.count(p, false);
        stats.pushPulls++;
        if (!p.digestOnly()) {
          updates.merge(p, inbound);
        }
        response = antiEntropy.answer(p);
      }
    } finally {
      ctx.replyBudget = 0;
    }
    if (response != null) {
      stats.streamBytesSent += response.length;
    }
    return response;
  }

  /** Handles the response to a {@link Outbox#streamRequest}. */
  public void onStreamResponse(
      long now, NodeAddress to, Outbox.StreamPurpose purpose, long token, byte[] response) {
    try {
      streamResponse(now, to, purpose, token, response);
    } catch (RuntimeException e) {
      errors.record("a stream response", e);
    }
    deliverEvents();
  }

  private void streamResponse(
      long now, NodeAddress to, Outbox.StreamPurpose purpose, long token, byte[] response) {
    ctx.now = now;
    ctx.stats.streamBytesReceived += response.length;
    Message m;
    try {
      m = ctx.codec.decodeFrame(response, 0, response.length);
    } catch (DecodeException e) {
      ctx.stats.decodeErrors++;
      if (purpose == Outbox.StreamPurpose.CHECK) {
        checks.onFailed(token);
      }
      return;
    }
    ctx.replyBudget = 3L * response.length;
    try {
      onStreamAnswer(to, purpose, token, m);
    } finally {
      ctx.replyBudget = 0;
    }
  }

  private void onStreamAnswer(NodeAddress to, Outbox.StreamPurpose purpose, long token, Message m) {
    if (purpose == Outbox.StreamPurpose.FALLBACK_PING || purpose == Outbox.StreamPurpose.CHECK) {
      // an ack, and from current members their own alive record (see FailureDetector#onStreamPing)
      Ack ack = null;
      Alive own = null;
      List<Message> parts = m instanceof Compound c ? c.parts() : List.of(m);
      for (Message part : parts) {
        ctx.count(part, false);
        if (!inbound.admit(part)) {
          continue;
        }
        if (part instanceof Ack a) {
          ack = a;
        } else if (part instanceof Alive a) {
          own = a;
        }
      }
      if (ack != null) {
        markAnswered(ack.source(), to);
      }
      if (purpose == Outbox.StreamPurpose.CHECK) {
        checks.onAnswer(token, to, ack, own);
        return;
      }
      if (ack != null) {
        detector.onStreamAck(ack, token);
        if (own != null && own.address().equals(to) && ctx.isMemberAt(own.name(), to)) {
          updates.onAlive(own, true); // its own word, from the address it is held at
        }
      }
    } else if (m instanceof PushPull p) {
      ctx.count(p, false);
      if (!inbound.admit(p)) {
        return;
      }
      ctx.stats.pushPulls++;
      if (!p.digestOnly()) {
        // the first state a joining node is handed is old news to the cluster; a member that is
        // already joined (a join that merges two clusters) passes on what it learns as usual
        updates.merge(p, inbound, purpose == Outbox.StreamPurpose.JOIN && !antiEntropy.isJoined());
      }
      markAnswered(p.source(), to);
      antiEntropy.onResponse(to, purpose, token, p);
    }
  }

  /**
   * A stream this node opened to {@code address} was answered by {@code name}: it receives there.
   */
  private void markAnswered(String name, NodeAddress address) {
    MemberEntry e = ctx.table.get(name);
    if (e != null && e.info.address().equals(address)) {
      e.answered = true;
    }
  }

  /**
   * Reports that a {@link Outbox#streamRequest} failed (refused, timed out, partitioned, or closed
   * without an answer). A failed claim check means nothing answers at the member's held address.
   */
  public void onStreamFailed(long now, NodeAddress to, Outbox.StreamPurpose purpose, long token) {
    try {
      streamFailed(now, purpose, token);
    } catch (RuntimeException e) {
      errors.record("a failed stream", e);
    }
    deliverEvents();
  }

  private void streamFailed(long now, Outbox.StreamPurpose purpose, long token) {
    ctx.now = now;
    if (purpose == Outbox.StreamPurpose.CHECK) {
      checks.onFailed(token);
    }
  }

  /**
   * Leaves gracefully: LEFT goes out ahead of every other update; probing stops, acks and gossip
   * continue. Check {@link #leaveDisseminated()} for completion.
   */
  public void leave(long now) {
    ctx.now = now;
    if (ctx.leaving) {
      return;
    }
    ctx.leaving = true;
    MemberEntry self = ctx.self;
    ctx.changeState(self, self.incarnation, MemberState.LEFT);
    gossip.enqueue(
        self, new Dead(ctx.localName, self.incarnation, ctx.startId, ctx.localName), true);
    gossip.promptRound();
    antiEntropy.stopJoining();
    deliverEvents();
  }

  /**
   * True once the leave has been sent its retransmit limit of times (or nobody is left to tell).
   */
  public boolean leaveDisseminated() {
    return ctx.leaving && (!gossip.isQueued(ctx.localName) || ctx.table.liveCount() == 0);
  }

  /**
   * Replaces this member's metadata, raises its incarnation and gossips it.
   *
   * @throws IllegalArgumentException when the encoded metadata exceeds the limit
   */
  public void updateMetadata(long now, Map<String, String> metadata) {
    ctx.now = now;
    Limits.requireMetadata(ctx.cfg, metadata);
    MemberEntry self = ctx.self;
    long next = Incarnations.above(self.incarnation, self.incarnation);
    ctx.table.beforeChange(self);
    self.incarnation = next;
    self.info =
        ctx.interner.intern(
            new MemberInfo(ctx.localName, self.info.address(), ctx.startId, metadata));
    ctx.table.afterChange(self);
    gossip.enqueueAlive(self, true);
    deliverEvents();
  }

  /**
   * Broadcasts a user event to every member (and delivers it locally).
   *
   * @throws IllegalArgumentException when the payload or name is over its limit
   */
  public void broadcastUserEvent(long now, String name, byte[] payload) {
    ctx.now = now;
    Limits.requireUserEvent(ctx.cfg, name, payload);
    UserEvent ev = new UserEvent(ctx.localName, ++userSeq, name, payload);
    gossip.onUserEvent(ev);
  }

  // ---------------------------------------------------------------------------------------------
  // Views

  /** This node's name. */
  public String localName() {
    return ctx.localName;
  }

  /** This node as the cluster sees it. */
  public Member localMember() {
    return ctx.self.snapshot();
  }

  /** Every known member (the local one and tombstones included), sorted by name. */
  public List<Member> members() {
    List<Member> out = new ArrayList<>(ctx.table.size());
    for (MemberEntry e : ctx.table.entries()) {
      out.add(e.snapshot());
    }
    out.sort(Comparator.comparing(Member::name));
    return out;
  }

  /**
   * Starts recording which members change, for {@link #drainViewChanges}: a driver that keeps its
   * own copy of the view updates it by the members changed instead of copying the whole table.
   */
  public void trackViewChanges() {
    ctx.table.trackChanges();
  }

  /**
   * Hands each member changed since the last call (added, changed or removed; recorded once {@link
   * #trackViewChanges} was called) to {@code sink}: its name, and its snapshot now or {@code null}
   * when it is no longer in the table. Costs one snapshot per member changed.
   */
  public void drainViewChanges(BiConsumer<String, Member> sink) {
    for (String name : ctx.table.drainChanges()) {
      MemberEntry e = ctx.table.get(name);
      sink.accept(name, e == null ? null : e.snapshot());
    }
  }

  /** One member's state, or {@code null} if unknown. Cheap: no copy of the table. */
  public MemberState stateOf(String name) {
    MemberEntry e = ctx.table.get(name);
    return e == null ? null : e.state;
  }

  /** One member, or {@code null}. */
  public Member member(String name) {
    MemberEntry e = ctx.table.get(name);
    return e == null ? null : e.snapshot();
  }

  /** Entries in the table, tombstones included. */
  public int knownCount() {
    return ctx.table.size();
  }

  /** ALIVE and SUSPECT members, this one included. */
  public int liveCount() {
    return ctx.table.liveCount();
  }

  /** Whether a join (or someone joining through us) has connected this node to a cluster. */
  public boolean isJoined() {
    return antiEntropy.isJoined();
  }

  /** Whether {@link #leave} was called. */
  public boolean isLeaving() {
    return ctx.leaving;
  }

  /** Lifeguard local health score (0 = healthy). */
  public int healthScore() {
    return ctx.health.score();
  }

  /** Membership updates waiting to be gossiped. */
  public int broadcastQueueDepth() {
    return gossip.membershipQueueDepth();
  }

  /** User events waiting to be gossiped. */
  public int userEventQueueDepth() {
    return gossip.userEventQueueDepth();
  }

  /** The counters (read on the driving thread). */
  public ProtocolStats stats() {
    return ctx.stats;
  }

  /**
   * Changes whenever {@link #members()} would show something new (a member added, removed, or
   * changed in state, incarnation, address or metadata): a driver copies the view only then.
   */
  public long viewVersion() {
    return ctx.table.version();
  }

  /** The digest of the full view (name, incarnation, live) of every known member. */
  public long digest() {
    return ctx.table.digest();
  }

  /** The configuration. */
  public SwimConfig config() {
    return ctx.cfg;
  }

  // ---------------------------------------------------------------------------------------------
  // Inbound messages

  private void handle(Message m, NodeAddress from) {
    ctx.count(m, false);
    if (!inbound.admit(m)) {
      return;
    }
    if (m instanceof Ping p) {
      detector.onPing(p);
    } else if (m instanceof Ack a) {
      detector.onAck(a);
    } else if (m instanceof PingReq r) {
      detector.onPingReq(r);
    } else if (m instanceof Nack n) {
      detector.onNack(n);
    } else if (m instanceof Alive a) {
      updates.onAlive(a);
    } else if (m instanceof Suspect s) {
      updates.onSuspect(s, from);
    } else if (m instanceof Dead d) {
      updates.onDead(d, from);
    } else if (m instanceof UserEvent u) {
      gossip.onUserEvent(u);
    }
    // push-pull only travels on streams; nested compounds are rejected by the codec
  }
}
