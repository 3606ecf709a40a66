package dev.swim.core.protocol;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.DecodeException;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Ack;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Compound;
import dev.swim.core.wire.Message.Dead;
import dev.swim.core.wire.Message.MemberRecord;
import dev.swim.core.wire.Message.Nack;
import dev.swim.core.wire.Message.Ping;
import dev.swim.core.wire.Message.PingReq;
import dev.swim.core.wire.Message.PushPull;
import dev.swim.core.wire.Message.Suspect;
import dev.swim.core.wire.Message.UserEvent;
import dev.swim.core.wire.WireCodec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger log = LoggerFactory.getLogger(SwimNode.class);
  private static final int PER_PART_OVERHEAD = 3;
  private static final int MAX_REMEMBERED_ACCUSATIONS = 1024;
  private static final int MAX_PARTS = 250;

  /** Shares identical {@link MemberInfo} objects (a simulator shares them across nodes). */
  @FunctionalInterface
  public interface Interner {
    /** Returns a canonical instance equal to {@code info}. */
    MemberInfo intern(MemberInfo info);
  }

  /** Supplies the current seed addresses (re-resolved by the runtime as it sees fit). */
  @FunctionalInterface
  public interface SeedProvider {
    /** The seed addresses to try now. */
    List<NodeAddress> seeds();
  }

  private final SwimConfig cfg;
  private final WireCodec codec;
  private final RandomGenerator random;
  private final Outbox outbox;
  private final Interner interner;
  private final String localName;
  private final long startId;
  private final MemberTable table;
  private final TimerQueue timers = new TimerQueue();
  private final BroadcastQueue broadcasts = new BroadcastQueue(65_536);
  private final BroadcastQueue userBroadcasts = new BroadcastQueue(4_096);
  private final UserEventDedup userEventDedup = new UserEventDedup();
  private final LocalHealth health;
  private final ProtocolStats stats = new ProtocolStats();
  private final Map<Long, Relay> relays = new HashMap<>();

  /** Accusations about members not known yet, with when they arrived; bounded in count and time. */
  private final LinkedHashMap<String, RememberedAccusation> accusations = new LinkedHashMap<>();

  private record RememberedAccusation(Message message, long at) {}

  private final ArrayDeque<MemberEntry> tombstones = new ArrayDeque<>();
  private final Set<String> udpWarned = new HashSet<>();
  private final ArrayDeque<Long> foreignAlives = new ArrayDeque<>();
  private final int datagramBudget;
  private final long probeIntervalMs;
  private final long probeTimeoutMs;
  private final long gossipIntervalMs;

  private MemberEntry self;
  private long now;
  private long seq;
  private long userSeq;
  private Probe probe;
  private boolean started;
  private boolean leaving;
  private boolean joined;
  private boolean tcpFallback;
  private SeedProvider seedProvider = List::of;
  private TimerQueue.Timer joinRetry;
  private TimerQueue.Timer gossipTimer;
  private TimerQueue.Timer reapTimer;
  private long joinBackoffMs;
  private long joinBackoffMaxMs;
  private long lastViewChange;
  private long lastDigestSync = Long.MIN_VALUE / 2;
  private long lastClashLog = Long.MIN_VALUE / 2;

  /** The probe round in flight. */
  private static final class Probe {
    final long seq;
    final MemberEntry target;
    final long startedAt;
    final long indirectAt;
    int nacksExpected;
    int nacksReceived;
    boolean acked;
    boolean tcpAcked;
    TimerQueue.Timer indirectTimer;
    TimerQueue.Timer endTimer;

    Probe(long seq, MemberEntry target, long startedAt, long indirectAt) {
      this.seq = seq;
      this.target = target;
      this.startedAt = startedAt;
      this.indirectAt = indirectAt;
    }
  }

  /** A ping this node sends on behalf of a ping-req. */
  @SuppressWarnings("ArrayRecordComponent") // bytes are carried, never compared
  private record Relay(long requesterSeq, NodeAddress requester, String target, boolean[] acked) {}

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
   * @param outbox where packets and events go
   * @param interner shares member identities, or {@code null}
   * @param transportOverhead bytes the transport adds to each datagram (e.g. 29 for AES-GCM)
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
      Outbox outbox,
      Interner interner,
      int transportOverhead) {
    this.cfg = config;
    this.codec = new WireCodec(clusterLabel);
    this.random = random;
    this.outbox = outbox;
    this.interner = interner == null ? i -> i : interner;
    this.localName = name;
    this.startId = startId;
    this.health = new LocalHealth(config.awarenessMaxMultiplier());
    this.table = new MemberTable(name, random);
    this.datagramBudget =
        config.maxDatagramBytes() - config.datagramOverheadBytes() - transportOverhead;
    this.probeIntervalMs = config.probeInterval().toMillis();
    this.probeTimeoutMs = config.probeTimeout().toMillis();
    this.gossipIntervalMs = config.gossipInterval().toMillis();
    checkMetadata(metadata);
    checkName(name);
    this.self =
        new MemberEntry(
            this.interner.intern(new MemberInfo(name, address, startId, metadata)),
            0,
            MemberState.ALIVE,
            0);
    table.add(self);
  }

  // ---------------------------------------------------------------------------------------------
  // Driver API

  /** Starts the probe, gossip, push-pull, healing and reaping timers and announces this member. */
  public void start(long now) {
    if (started) {
      return;
    }
    started = true;
    this.now = now;
    self.since = now;
    lastViewChange = now;
    userSeq = Math.max(1, now) << 10;
    if (!joined) {
      enqueueAlive(self, true); // announce; a preloaded (converged) node has nothing to announce
    }
    timers.schedule(now + random.nextLong(probeIntervalMs) + 1, this::probeTick);
    ensureGossipScheduled();
    long pp = cfg.pushPullInterval().toMillis();
    timers.schedule(now + pp / 2 + random.nextLong(pp), this::pushPullTick);
    long heal = cfg.healInterval().toMillis();
    timers.schedule(now + heal / 2 + random.nextLong(heal), this::healTick);
  }

  /**
   * Joins through the seeds: a full push-pull with each, retried with exponential backoff until one
   * answers (or another member joins through this one). When this node is the only seed it counts
   * as joined at once; while no seed resolves it keeps retrying.
   */
  public void join(long now, SeedProvider seeds, long backoffInitialMs, long backoffMaxMs) {
    this.now = now;
    this.seedProvider = seeds;
    this.joinBackoffMs = Math.max(1, backoffInitialMs);
    this.joinBackoffMaxMs = Math.max(joinBackoffMs, backoffMaxMs);
    if (joinRetry != null) {
      joinRetry.cancel();
    }
    attemptJoin();
  }

  /**
   * Seeds the table with members known to be ALIVE, without events or broadcasts, as if the node
   * had been running for a long time. For simulations that start from a converged cluster.
   */
  public void preload(Iterable<MemberInfo> members, long incarnation) {
    for (MemberInfo info : members) {
      if (info.name().equals(localName) || table.get(info.name()) != null) {
        continue;
      }
      table.add(new MemberEntry(interner.intern(info), incarnation, MemberState.ALIVE, now));
    }
    joined = true;
  }

  /** The identity this node announces (shared with {@link #preload}). */
  public MemberInfo localInfo() {
    return self.info;
  }

  /** Enables a ping over the stream transport in parallel with indirect probes. */
  public void setTcpFallback(boolean enabled) {
    this.tcpFallback = enabled;
  }

  /** Runs the timers due at {@code now}. */
  public void tick(long now) {
    this.now = now;
    timers.runDue(now);
  }

  /** When {@link #tick} should next be called ({@link Long#MAX_VALUE} if never). */
  public long nextDeadline() {
    return timers.nextDeadline();
  }

  /** Handles one inbound datagram; bad input is counted and dropped, never thrown. */
  public void onDatagram(long now, NodeAddress from, byte[] data, int off, int len) {
    this.now = now;
    stats.datagramsReceived++;
    stats.datagramBytesReceived += len;
    Message m;
    try {
      m = codec.decodePacket(data, off, len);
    } catch (DecodeException e) {
      countDecodeError(e);
      return;
    }
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
    this.now = now;
    stats.streamBytesReceived += request.length;
    Message m;
    try {
      m = codec.decodeFrame(request, 0, request.length);
    } catch (DecodeException e) {
      stats.decodeErrors++;
      return null;
    }
    byte[] response = null;
    if (m instanceof Ping p) {
      count(p, false);
      if (p.target().equals(localName)) {
        response = codec.encodeFrame(new Ack(p.seq(), localName, table.liveDigest()));
      } else {
        stats.wrongTarget++;
      }
    } else if (m instanceof PushPull p) {
      count(p, false);
      stats.pushPulls++;
      if (!p.digestOnly()) {
        merge(p);
      }
      if (p.join() && !p.source().equals(localName)) {
        markJoined();
      }
      boolean same = p.digestOnly() && p.digest() == table.digest();
      response = codec.encodeFrame(pushPull(false, same));
      count(Message.Types.PUSH_PULL, true);
    }
    if (response != null) {
      stats.streamBytesSent += response.length;
    }
    return response;
  }

  /** Handles the response to a {@link Outbox#streamRequest}. */
  public void onStreamResponse(
      long now, NodeAddress to, Outbox.StreamPurpose purpose, long token, byte[] response) {
    this.now = now;
    stats.streamBytesReceived += response.length;
    Message m;
    try {
      m = codec.decodeFrame(response, 0, response.length);
    } catch (DecodeException e) {
      stats.decodeErrors++;
      return;
    }
    if (m instanceof Ack a && purpose == Outbox.StreamPurpose.FALLBACK_PING) {
      count(a, false);
      if (probe != null && probe.seq == token && a.source().equals(probe.target.name())) {
        probe.tcpAcked = true;
      }
    } else if (m instanceof PushPull p) {
      count(p, false);
      stats.pushPulls++;
      boolean sentDigestOnly = purpose == Outbox.StreamPurpose.PUSH_PULL && token == 1;
      if (!p.digestOnly()) {
        merge(p);
      }
      if (purpose == Outbox.StreamPurpose.JOIN) {
        markJoined();
      }
      if (sentDigestOnly && !p.digestOnly() && table.digest() != p.digest()) {
        // we hold something the peer lacks: give it our full state too
        sendPushPull(to, false, Outbox.StreamPurpose.PUSH_PULL);
      }
    }
  }

  /** Reports that a {@link Outbox#streamRequest} failed (refused, timed out, partitioned). */
  public void onStreamFailed(long now, NodeAddress to, Outbox.StreamPurpose purpose, long token) {
    this.now = now;
  }

  /**
   * Leaves gracefully: LEFT goes out ahead of every other update; probing stops, acks and gossip
   * continue. Check {@link #leaveDisseminated()} for completion.
   */
  public void leave(long now) {
    this.now = now;
    if (leaving) {
      return;
    }
    leaving = true;
    changeState(self, self.incarnation, MemberState.LEFT);
    enqueue(localName, new Dead(localName, self.incarnation, localName), true);
    if (joinRetry != null) {
      joinRetry.cancel();
    }
  }

  /**
   * True once the leave has been sent its retransmit limit of times (or nobody is left to tell).
   */
  public boolean leaveDisseminated() {
    return leaving && (!broadcasts.contains(localName) || table.liveCount() == 0);
  }

  /**
   * Replaces this member's metadata, raises its incarnation and gossips it.
   *
   * @throws IllegalArgumentException when the encoded metadata exceeds the limit
   */
  public void updateMetadata(long now, Map<String, String> metadata) {
    this.now = now;
    checkMetadata(metadata);
    table.beforeChange(self);
    self.incarnation++;
    self.info = interner.intern(new MemberInfo(localName, self.info.address(), startId, metadata));
    table.afterChange(self);
    enqueueAlive(self, true);
  }

  /**
   * Broadcasts a user event to every member (and delivers it locally).
   *
   * @throws IllegalArgumentException when the payload or name is over its limit
   */
  public void broadcastUserEvent(long now, String name, byte[] payload) {
    this.now = now;
    if (payload.length > cfg.userEventLimitBytes()) {
      throw new IllegalArgumentException(
          "user event payload is "
              + payload.length
              + " bytes, over the limit of "
              + cfg.userEventLimitBytes()
              + " bytes (userEventLimitBytes)");
    }
    if (name.isEmpty() || utf8Length(name) > 255) {
      throw new IllegalArgumentException("user event name must be 1 to 255 bytes");
    }
    UserEvent ev = new UserEvent(localName, ++userSeq, name, payload);
    onUserEvent(ev);
  }

  // ---------------------------------------------------------------------------------------------
  // Views

  /** This node's name. */
  public String localName() {
    return localName;
  }

  /** This node as the cluster sees it. */
  public Member localMember() {
    return self.snapshot();
  }

  /** Every known member (the local one and tombstones included), sorted by name. */
  public List<Member> members() {
    List<Member> out = new ArrayList<>(table.size());
    for (MemberEntry e : table.entries()) {
      out.add(e.snapshot());
    }
    out.sort(Comparator.comparing(Member::name));
    return out;
  }

  /** One member's state, or {@code null} if unknown. Cheap: no copy of the table. */
  public MemberState stateOf(String name) {
    MemberEntry e = table.get(name);
    return e == null ? null : e.state;
  }

  /** One member, or {@code null}. */
  public Member member(String name) {
    MemberEntry e = table.get(name);
    return e == null ? null : e.snapshot();
  }

  /** Entries in the table, tombstones included. */
  public int knownCount() {
    return table.size();
  }

  /** ALIVE and SUSPECT members, this one included. */
  public int liveCount() {
    return table.liveCount();
  }

  /** Whether a join (or someone joining through us) has connected this node to a cluster. */
  public boolean isJoined() {
    return joined;
  }

  /** Whether {@link #leave} was called. */
  public boolean isLeaving() {
    return leaving;
  }

  /** Lifeguard local health score (0 = healthy). */
  public int healthScore() {
    return health.score();
  }

  /** Membership updates waiting to be gossiped. */
  public int broadcastQueueDepth() {
    return broadcasts.size();
  }

  /** User events waiting to be gossiped. */
  public int userEventQueueDepth() {
    return userBroadcasts.size();
  }

  /** The counters (read on the driving thread). */
  public ProtocolStats stats() {
    return stats;
  }

  /** The digest of the full view (name, incarnation, live) of every known member. */
  public long digest() {
    return table.digest();
  }

  /** The configuration. */
  public SwimConfig config() {
    return cfg;
  }

  // ---------------------------------------------------------------------------------------------
  // Inbound messages

  private void handle(Message m, NodeAddress from) {
    count(m, false);
    if (m instanceof Ping p) {
      onPing(p);
    } else if (m instanceof Ack a) {
      onAck(a);
    } else if (m instanceof PingReq r) {
      onPingReq(r);
    } else if (m instanceof Nack n) {
      onNack(n);
    } else if (m instanceof Alive a) {
      onAlive(a);
    } else if (m instanceof Suspect s) {
      correctIfStale(s.name(), s.incarnation(), from);
      onSuspect(s);
    } else if (m instanceof Dead d) {
      correctIfStale(d.name(), d.incarnation(), from);
      onDead(d);
    } else if (m instanceof UserEvent u) {
      onUserEvent(u);
    }
    // push-pull only travels on streams; nested compounds are rejected by the codec
  }

  /**
   * A stale accusation (lower incarnation than the member's current ALIVE) tells us its sender
   * missed a refutation: answer it with the newer alive, so stragglers cannot sit on an old
   * suspicion until it expires into a false DEAD.
   */
  private void correctIfStale(String name, long accusedIncarnation, NodeAddress from) {
    if (from == null) {
      return;
    }
    MemberEntry e = table.get(name);
    if (e != null && e.state == MemberState.ALIVE && accusedIncarnation < e.incarnation) {
      send(from, List.of(encode(aliveOf(e))));
    }
  }

  private void onPing(Ping p) {
    if (!p.target().equals(localName)) {
      stats.wrongTarget++;
      return;
    }
    List<byte[]> parts = new ArrayList<>(2);
    parts.add(encode(new Ack(p.seq(), localName, table.liveDigest())));
    MemberEntry src = table.get(p.source());
    if (src != null && (src.state == MemberState.SUSPECT || src.state == MemberState.DEAD)) {
      // a member we accuse is talking to us: tell it, so it refutes at once
      parts.add(encode(accusation(src)));
    }
    send(p.sourceAddress(), parts);
  }

  private void onAck(Ack a) {
    Probe p = probe;
    if (p != null && a.seq() == p.seq) {
      if (!p.acked && a.source().equals(p.target.name())) {
        p.acked = true;
        if (now < p.indirectAt) {
          stats.probes[0]++;
          long rttMicros = (now - p.startedAt) * 1000;
          stats.probeRttCount++;
          stats.probeRttTotalMicros += rttMicros;
          stats.probeRttMaxMicros = Math.max(stats.probeRttMaxMicros, rttMicros);
        } else {
          stats.probes[1]++;
        }
        if (cfg.lifeguard()) {
          health.apply(-1);
        }
        p.indirectTimer.cancel();
        p.endTimer.cancel();
        probe = null;
        maybeDigestSync(p.target, a.digest());
      }
      return;
    }
    Relay r = relays.get(a.seq());
    if (r != null && !r.acked()[0] && a.source().equals(r.target())) {
      r.acked()[0] = true;
      send(r.requester(), List.of(encode(new Ack(r.requesterSeq(), a.source(), a.digest()))));
    }
  }

  private void onPingReq(PingReq r) {
    if (r.target().equals(localName)) {
      return;
    }
    long mySeq = ++seq;
    Relay relay = new Relay(r.seq(), r.sourceAddress(), r.target(), new boolean[1]);
    relays.put(mySeq, relay);
    send(
        r.targetAddress(),
        List.of(encode(new Ping(mySeq, r.target(), localName, self.info.address()))));
    if (r.wantNack()) {
      // Lifeguard: nack at 80% of the time the requester still waits (its indirect window is
      // probeInterval - probeTimeout; on WAN that is shorter than the probe timeout)
      long window = Math.min(probeTimeoutMs, probeIntervalMs - probeTimeoutMs);
      long nackAt = now + (window * 8) / 10;
      timers.schedule(
          nackAt,
          () -> {
            if (!relay.acked()[0]) {
              send(relay.requester(), List.of(encode(new Nack(relay.requesterSeq(), localName))));
            }
          });
    }
    timers.schedule(now + probeIntervalMs, () -> relays.remove(mySeq));
  }

  private void onNack(Nack n) {
    if (probe != null && probe.seq == n.seq()) {
      probe.nacksReceived++;
    }
  }

  private void onAlive(Alive a) {
    if (a.name().equals(localName)) {
      onAliveAboutSelf(a);
      return;
    }
    MemberEntry e = table.get(a.name());
    if (e == null) {
      if (leaving) {
        return;
      }
      MemberInfo info =
          interner.intern(new MemberInfo(a.name(), a.address(), a.startId(), a.metadata()));
      e = new MemberEntry(info, a.incarnation(), MemberState.ALIVE, now);
      table.add(e);
      viewChanged();
      enqueueAlive(e, false);
      emit(MembershipEventType.JOINED, e, null);
      RememberedAccusation remembered = accusations.remove(a.name());
      Message acc =
          remembered != null && now - remembered.at() <= cfg.tombstoneTimeout().toMillis()
              ? remembered.message()
              : null;
      if (acc != null && accusedIncarnation(acc) >= a.incarnation()) {
        // an accusation arrived before the member did: make sure it learns and refutes, and apply
        // it here too (precedence must not depend on arrival order); applying re-gossips it
        send(a.address(), List.of(encode(acc)));
        if (acc instanceof Suspect s) {
          onSuspect(s);
        } else {
          onDead((Dead) acc);
        }
      }
      return;
    }
    if (a.incarnation() > e.incarnation) {
      MemberState prev = e.state;
      boolean infoChanged = !e.info.sameAs(a.name(), a.address(), a.startId(), a.metadata());
      if (infoChanged) {
        e.info = interner.intern(new MemberInfo(a.name(), a.address(), a.startId(), a.metadata()));
      }
      changeState(e, a.incarnation(), MemberState.ALIVE);
      enqueueAlive(e, false);
      switch (prev) {
        case DEAD, LEFT -> emit(MembershipEventType.JOINED, e, prev);
        case SUSPECT -> emit(MembershipEventType.RECOVERED, e, prev);
        case ALIVE -> {
          if (infoChanged) {
            emit(MembershipEventType.UPDATED, e, prev);
          }
        }
        default -> {}
      }
      return;
    }
    boolean stale =
        a.incarnation() < e.incarnation
            || (e.state != MemberState.ALIVE && a.incarnation() == e.incarnation);
    if (stale && (e.state != MemberState.ALIVE || a.startId() != e.info.startId())) {
      // memberlist #311: answer a stale alive with what we hold, so a restarted member refutes
      // Re-gossiped only for a restart (another start id): for the same instance, members that
      // hold it ALIVE at the same incarnation (the other side of a healed partition) would take
      // the accusation and mark a live member DEAD; its refutation reaches them all instead.
      // Every further stale alive is answered again, so a lost answer is not final.
      Message ours = e.state == MemberState.ALIVE ? aliveOf(e) : accusation(e);
      send(a.address(), List.of(encode(ours)));
      if (e.state != MemberState.ALIVE && a.startId() != e.info.startId()) {
        enqueue(e.name(), ours, false);
      }
    }
  }

  private void onAliveAboutSelf(Alive a) {
    if (a.startId() == startId) {
      if (a.incarnation() > self.incarnation && !leaving) {
        refute(a.incarnation());
      }
      return;
    }
    // another instance claims our name: a restart of ours we outlive, or a lasting clash
    if (leaving) {
      return;
    }
    foreignAlives.addLast(now);
    while (!foreignAlives.isEmpty() && foreignAlives.peekFirst() < now - 30_000) {
      foreignAlives.pollFirst();
    }
    if (foreignAlives.size() >= 4) {
      stats.nameClashes++;
      if (now - lastClashLog > 30_000) {
        lastClashLog = now;
        log.error(
            "Name clash: another live member at {} uses this node's name '{}' (this node is at {});"
                + " give every member a unique name",
            a.address(),
            localName,
            self.info.address());
      }
    }
    if (a.incarnation() >= self.incarnation) {
      refute(a.incarnation());
    }
  }

  private void onSuspect(Suspect s) {
    if (s.name().equals(localName)) {
      if (!leaving && s.incarnation() >= self.incarnation) {
        refute(s.incarnation());
      }
      return;
    }
    MemberEntry e = table.get(s.name());
    if (e == null) {
      remember(s);
      return;
    }
    if (s.incarnation() < e.incarnation) {
      return;
    }
    switch (e.state) {
      case ALIVE -> {
        startSuspicion(e, s.incarnation(), s.from());
        enqueue(e.name(), s, false);
      }
      case SUSPECT -> {
        if (s.incarnation() > e.incarnation) {
          startSuspicion(e, s.incarnation(), s.from());
          enqueue(e.name(), s, false);
        } else if (cfg.lifeguard() && e.suspicion != null && e.suspicion.confirm(s.from())) {
          rescheduleSuspicion(e);
          enqueue(e.name(), s, false);
        }
      }
      default -> {
        // DEAD and LEFT are not revived or re-accused by a suspicion
      }
    }
  }

  private void onDead(Dead d) {
    if (d.name().equals(localName)) {
      if (!leaving && d.incarnation() >= self.incarnation) {
        refute(d.incarnation());
      }
      return;
    }
    MemberEntry e = table.get(d.name());
    if (e == null) {
      if (!d.isLeave()) {
        remember(d);
      }
      return;
    }
    if (d.incarnation() < e.incarnation) {
      return;
    }
    if (d.isLeave()) {
      if (e.state == MemberState.LEFT) {
        return;
      }
      MemberState prev = e.state;
      changeState(e, d.incarnation(), MemberState.LEFT);
      addTombstone(e);
      enqueue(e.name(), d, true);
      emit(MembershipEventType.LEFT, e, prev);
    } else {
      if (e.state == MemberState.DEAD || e.state == MemberState.LEFT) {
        return;
      }
      MemberState prev = e.state;
      changeState(e, d.incarnation(), MemberState.DEAD);
      addTombstone(e);
      enqueue(e.name(), d, false);
      emit(MembershipEventType.FAILED, e, prev);
    }
  }

  private void onUserEvent(UserEvent u) {
    if (!userEventDedup.firstTime(u.origin(), u.seq())) {
      return;
    }
    stats.userEventsDelivered++;
    outbox.deliverUserEvent(u.name(), u.origin(), u.payload());
    userBroadcasts.add(u.origin() + "#" + u.seq(), encode(u), false);
    ensureGossipScheduled();
  }

  // ---------------------------------------------------------------------------------------------
  // Probing

  private void probeTick() {
    long interval = cfg.lifeguard() ? health.scale(probeIntervalMs) : probeIntervalMs;
    if (probe != null) {
      finishProbe(probe);
    }
    if (!leaving) {
      MemberEntry target = table.nextProbeTarget();
      if (target != null) {
        long timeout = cfg.lifeguard() ? health.scale(probeTimeoutMs) : probeTimeoutMs;
        Probe p = new Probe(++seq, target, now, now + timeout);
        probe = p;
        List<byte[]> parts = new ArrayList<>(2);
        parts.add(encode(new Ping(p.seq, target.name(), localName, self.info.address())));
        if (target.state == MemberState.SUSPECT) {
          parts.add(encode(accusation(target))); // Lifeguard's buddy system
        }
        send(target.info.address(), parts);
        p.indirectTimer = timers.schedule(now + timeout, () -> probeIndirect(p));
        p.endTimer = timers.schedule(now + interval, () -> finishProbe(p));
      }
    }
    timers.schedule(now + interval, this::probeTick);
  }

  private void probeIndirect(Probe p) {
    if (probe != p || p.acked) {
      return;
    }
    String targetName = p.target.name();
    List<MemberEntry> helpers =
        table.randomMembers(cfg.indirectChecks(), targetName, e -> e.state == MemberState.ALIVE);
    boolean wantNack = cfg.lifeguard();
    for (MemberEntry h : helpers) {
      send(
          h.info.address(),
          List.of(
              encode(
                  new PingReq(
                      p.seq,
                      targetName,
                      p.target.info.address(),
                      wantNack,
                      localName,
                      self.info.address()))));
    }
    p.nacksExpected = wantNack ? helpers.size() : 0;
    if (tcpFallback) {
      byte[] ping = codec.encodeFrame(new Ping(p.seq, targetName, localName, self.info.address()));
      stats.streamBytesSent += ping.length;
      count(Message.Types.PING, true);
      outbox.streamRequest(
          p.target.info.address(), ping, Outbox.StreamPurpose.FALLBACK_PING, p.seq);
    }
  }

  private void finishProbe(Probe p) {
    if (probe != p) {
      return;
    }
    probe = null;
    if (p.acked) {
      return;
    }
    MemberEntry target = p.target;
    if (p.tcpAcked) {
      stats.probes[2]++;
      if (udpWarned.add(target.name())) {
        log.warn(
            "Member '{}' at {} answers over TCP but not over UDP: check that UDP port {} is open"
                + " in both directions",
            target.name(),
            target.info.address(),
            target.info.address().port());
      }
      return;
    }
    stats.probes[3]++;
    if (cfg.lifeguard()) {
      health.apply(p.nacksExpected > 0 ? p.nacksExpected - p.nacksReceived : 1);
    }
    if (table.get(target.name()) == target && target.state.isLive()) {
      // starts a suspicion, or confirms a running one independently (Lifeguard)
      onSuspect(new Suspect(target.name(), target.incarnation, localName));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Suspicion and refutation

  private void startSuspicion(MemberEntry e, long incarnation, String accuser) {
    MemberState prev = e.state;
    if (e.suspicion != null && e.suspicion.timer != null) {
      e.suspicion.timer.cancel();
    }
    changeState(e, incarnation, MemberState.SUSPECT);
    int n = table.liveCount();
    long min = Formulas.suspicionMinMillis(cfg.suspicionMult(), n, probeIntervalMs);
    long max =
        cfg.lifeguard() ? Formulas.suspicionMaxMillis(min, cfg.suspicionMaxTimeoutMult()) : min;
    int wanted = cfg.lifeguard() ? Formulas.confirmationsWanted(cfg.suspicionMult(), n) : 0;
    Suspicion s = new Suspicion(now, incarnation, min, max, wanted, accuser);
    e.suspicion = s;
    s.timer = timers.schedule(s.deadline(), () -> suspicionExpired(e, s));
    if (wanted > 0) {
      timers.schedule(now + min, () -> verifyUnconfirmed(e, s));
    }
    if (accuser.equals(localName)) {
      stats.suspicions++;
    }
    if (prev == MemberState.ALIVE) {
      emit(MembershipEventType.SUSPECTED, e, prev);
    }
  }

  private void rescheduleSuspicion(MemberEntry e) {
    Suspicion s = e.suspicion;
    s.timer.cancel();
    long at = Math.max(now, s.deadline());
    s.timer = timers.schedule(at, () -> suspicionExpired(e, s));
  }

  /**
   * A suspicion still short of its k confirmations when the minimum timeout has passed is likely
   * one whose refutation this node missed: push gossip misses a given node with a small but real
   * probability (about 1e-6 per refutation at 1,000 members and 10% loss), and a node that stays
   * silent about the member is never corrected. Ask the member itself with a push-pull over the
   * stream: its own record carries any refutation, well before the longer timeout declares a live
   * member DEAD. A crashed member fails the stream and nothing changes.
   */
  private void verifyUnconfirmed(MemberEntry e, Suspicion s) {
    if (e.suspicion != s
        || e.state != MemberState.SUSPECT
        || table.get(e.name()) != e
        || s.confirmations() >= s.wanted
        || leaving) {
      return;
    }
    sendPushPull(e.info.address(), true, Outbox.StreamPurpose.PUSH_PULL);
  }

  private void suspicionExpired(MemberEntry e, Suspicion s) {
    if (e.suspicion != s || e.state != MemberState.SUSPECT || table.get(e.name()) != e) {
      return;
    }
    changeState(e, e.incarnation, MemberState.DEAD);
    addTombstone(e);
    stats.deadDeclared++;
    enqueue(e.name(), new Dead(e.name(), e.incarnation, localName), false);
    emit(MembershipEventType.FAILED, e, MemberState.SUSPECT);
  }

  private void refute(long accused) {
    table.beforeChange(self);
    self.incarnation = Math.max(self.incarnation, accused) + 1;
    table.afterChange(self);
    stats.refutations++;
    if (cfg.lifeguard()) {
      health.apply(1);
    }
    enqueueAlive(self, true);
  }

  // ---------------------------------------------------------------------------------------------
  // Dissemination

  /** Gossip rounds run only while something is queued; an idle node schedules no timer. */
  private void ensureGossipScheduled() {
    if (gossipTimer == null && started) {
      gossipTimer = timers.schedule(now + 1 + random.nextLong(gossipIntervalMs), this::gossipTick);
    }
  }

  private void gossipTick() {
    gossipTimer = null;
    if (broadcasts.isEmpty() && userBroadcasts.isEmpty()) {
      return;
    }
    gossipTimer = timers.schedule(now + gossipIntervalMs, this::gossipTick);
    long deadWindow = cfg.gossipToTheDead().toMillis();
    List<MemberEntry> targets =
        table.randomMembers(
            cfg.gossipNodes(),
            null,
            e -> e.state.isLive() || (e.state == MemberState.DEAD && now - e.since < deadWindow));
    for (MemberEntry t : targets) {
      send(t.info.address(), List.of());
      if (broadcasts.isEmpty() && userBroadcasts.isEmpty()) {
        break;
      }
    }
  }

  /** Sends {@code primary} messages to {@code to}, filling the datagram with queued broadcasts. */
  private void send(NodeAddress to, List<byte[]> primary) {
    int budget = datagramBudget - codec.headerSize() - 1 - 2;
    for (byte[] b : primary) {
      budget -= b.length + PER_PART_OVERHEAD;
    }
    int limit = Formulas.retransmitLimit(cfg.retransmitMult(), Math.max(1, table.liveCount()));
    // two budgets (memberlist #299): user events are guaranteed their share, membership updates
    // the rest; either may use what the other leaves free. Each queue is taken once per packet.
    long reserve =
        Math.min(cfg.userEventShareBytes(), userBroadcasts.pendingBytes(PER_PART_OVERHEAD));
    List<byte[]> members = broadcasts.take((int) (budget - reserve), PER_PART_OVERHEAD, limit);
    budget -= partsSize(members);
    List<byte[]> user = userBroadcasts.take(budget, PER_PART_OVERHEAD, limit);
    int total = primary.size() + user.size() + members.size();
    if (total == 0) {
      return;
    }
    List<byte[]> parts = new ArrayList<>(Math.min(total, MAX_PARTS));
    addParts(parts, primary);
    addParts(parts, members);
    addParts(parts, user);
    byte[] packet = codec.packet(parts);
    stats.datagramsSent++;
    stats.datagramBytesSent += packet.length;
    for (byte[] p : parts) {
      count(p[0] & 0xff, true);
    }
    outbox.sendDatagram(to, packet);
  }

  private static void addParts(List<byte[]> parts, List<byte[]> more) {
    for (byte[] b : more) {
      if (parts.size() < MAX_PARTS) {
        parts.add(b);
      }
    }
  }

  private static int partsSize(List<byte[]> parts) {
    int n = 0;
    for (byte[] b : parts) {
      n += b.length + PER_PART_OVERHEAD;
    }
    return n;
  }

  private void enqueueAlive(MemberEntry e, boolean priority) {
    broadcasts.add(e.name(), encode(aliveOf(e)), priority);
    ensureGossipScheduled();
  }

  private void enqueue(String key, Message m, boolean priority) {
    broadcasts.add(key, encode(m), priority);
    ensureGossipScheduled();
  }

  private Alive aliveOf(MemberEntry e) {
    return new Alive(
        e.name(), e.info.address(), e.incarnation, e.info.startId(), e.info.metadata());
  }

  private Message accusation(MemberEntry e) {
    return switch (e.state) {
      case SUSPECT -> new Suspect(e.name(), e.incarnation, localName);
      case LEFT -> new Dead(e.name(), e.incarnation, e.name());
      default -> new Dead(e.name(), e.incarnation, localName);
    };
  }

  private static long accusedIncarnation(Message m) {
    if (m instanceof Suspect s) {
      return s.incarnation();
    }
    return m instanceof Dead d ? d.incarnation() : -1;
  }

  private void remember(Message accusation) {
    String name = accusation instanceof Suspect s ? s.name() : ((Dead) accusation).name();
    accusations.remove(name);
    accusations.put(name, new RememberedAccusation(accusation, now));
    long ttl = cfg.tombstoneTimeout().toMillis();
    var it = accusations.values().iterator();
    while (it.hasNext()) {
      RememberedAccusation eldest = it.next();
      if (accusations.size() <= MAX_REMEMBERED_ACCUSATIONS && now - eldest.at() <= ttl) {
        break;
      }
      it.remove(); // over the count, or older than a tombstone would live
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Anti-entropy, join, healing

  private void pushPullTick() {
    long interval =
        Formulas.pushPullIntervalMillis(cfg.pushPullInterval().toMillis(), table.liveCount());
    timers.schedule(now + interval, this::pushPullTick);
    if (leaving) {
      return;
    }
    List<MemberEntry> peer = table.randomMembers(1, null, e -> e.state == MemberState.ALIVE);
    if (!peer.isEmpty()) {
      sendPushPull(peer.get(0).info.address(), true, Outbox.StreamPurpose.PUSH_PULL);
    }
  }

  private void healTick() {
    timers.schedule(now + cfg.healInterval().toMillis(), this::healTick);
    if (leaving) {
      return;
    }
    List<NodeAddress> candidates = new ArrayList<>();
    long window = cfg.tombstoneTimeout().toMillis();
    for (MemberEntry e : tombstones) {
      if (e.state == MemberState.DEAD && table.get(e.name()) == e && now - e.since <= window) {
        candidates.add(e.info.address());
      }
    }
    List<NodeAddress> seeds = seedProvider.seeds();
    if (!seeds.isEmpty()) {
      Set<NodeAddress> unreached = new HashSet<>(seeds);
      unreached.remove(self.info.address());
      for (MemberEntry e : table.entries()) {
        if (unreached.isEmpty()) {
          break;
        }
        if (e.state.isLive()) {
          unreached.remove(e.info.address());
        }
      }
      for (NodeAddress seed : seeds) {
        if (unreached.contains(seed) && !candidates.contains(seed)) {
          candidates.add(seed);
        }
      }
    }
    if (!candidates.isEmpty()) {
      NodeAddress to = candidates.get(random.nextInt(candidates.size()));
      sendPushPull(to, true, Outbox.StreamPurpose.PUSH_PULL);
    }
  }

  private void attemptJoin() {
    joinRetry = null;
    if (leaving || joined) {
      return;
    }
    List<NodeAddress> resolved = seedProvider.seeds();
    List<NodeAddress> seeds = new ArrayList<>(resolved);
    seeds.remove(self.info.address());
    if (seeds.isEmpty() && !resolved.isEmpty()) {
      markJoined(); // this node is the only seed: it starts the cluster
      return;
    }
    for (NodeAddress seed : seeds) {
      byte[] req = codec.encodeFrame(pushPull(true, false));
      stats.streamBytesSent += req.length;
      count(Message.Types.PUSH_PULL, true);
      outbox.streamRequest(seed, req, Outbox.StreamPurpose.JOIN, 0);
    }
    long delay = joinBackoffMs;
    joinBackoffMs = Math.min(joinBackoffMaxMs, joinBackoffMs * 2);
    joinRetry = timers.schedule(now + delay, this::attemptJoin);
  }

  private void markJoined() {
    if (!joined) {
      joined = true;
      if (joinRetry != null) {
        joinRetry.cancel();
        joinRetry = null;
      }
    }
  }

  private void sendPushPull(NodeAddress to, boolean digestOnly, Outbox.StreamPurpose purpose) {
    byte[] req = codec.encodeFrame(pushPull(false, digestOnly));
    stats.streamBytesSent += req.length;
    count(Message.Types.PUSH_PULL, true);
    outbox.streamRequest(to, req, purpose, digestOnly ? 1 : 0);
  }

  private PushPull pushPull(boolean join, boolean digestOnly) {
    if (digestOnly) {
      return new PushPull(join, true, table.digest(), localName, List.of());
    }
    List<MemberRecord> records = new ArrayList<>(table.size());
    for (MemberEntry e : table.entries()) {
      records.add(
          new MemberRecord(
              e.name(),
              e.info.address(),
              e.incarnation,
              e.info.startId(),
              e.state,
              e.info.metadata()));
    }
    records.sort(Comparator.comparing(MemberRecord::name));
    return new PushPull(join, false, table.digest(), localName, records);
  }

  private void merge(PushPull p) {
    for (MemberRecord r : p.members()) {
      switch (r.state()) {
        case ALIVE -> onAlive(aliveOf(r));
        case LEFT -> onDead(new Dead(r.name(), r.incarnation(), r.name()));
        default -> mergeAccusation(r, p.source());
      }
    }
  }

  /** Second-hand SUSPECT or DEAD from a push-pull only starts a local suspicion. */
  private void mergeAccusation(MemberRecord r, String source) {
    if (r.name().equals(localName)) {
      if (!leaving && r.incarnation() >= self.incarnation) {
        refute(r.incarnation());
      }
      return;
    }
    MemberEntry e = table.get(r.name());
    if (e == null) {
      if (r.state() == MemberState.DEAD) {
        return; // a tombstone we never knew: nothing to learn
      }
      onAlive(aliveOf(r));
    }
    onSuspect(new Suspect(r.name(), r.incarnation(), source));
  }

  private static Alive aliveOf(MemberRecord r) {
    return new Alive(r.name(), r.address(), r.incarnation(), r.startId(), r.metadata());
  }

  private void maybeDigestSync(MemberEntry peer, long peerDigest) {
    if (peerDigest == 0 || peerDigest == table.liveDigest()) {
      return;
    }
    int limit = Formulas.retransmitLimit(cfg.retransmitMult(), table.liveCount());
    long quiet = Math.max(2 * probeIntervalMs, limit * gossipIntervalMs);
    if (now - lastViewChange < quiet || now - lastDigestSync < 5 * probeIntervalMs) {
      return;
    }
    lastDigestSync = now;
    sendPushPull(peer.info.address(), false, Outbox.StreamPurpose.PUSH_PULL);
  }

  // ---------------------------------------------------------------------------------------------
  // Tombstones

  private void addTombstone(MemberEntry e) {
    tombstones.addLast(e);
    if (reapTimer == null) {
      reapTimer = timers.schedule(e.since + cfg.tombstoneTimeout().toMillis(), this::reapTick);
    }
  }

  private void reapTick() {
    reapTimer = null;
    long ttl = cfg.tombstoneTimeout().toMillis();
    while (!tombstones.isEmpty()) {
      MemberEntry e = tombstones.peekFirst();
      if (table.get(e.name()) != e || e.state.isLive()) {
        tombstones.pollFirst(); // revived or already forgotten
        continue;
      }
      if (now - e.since < ttl) {
        break;
      }
      tombstones.pollFirst();
      table.remove(e);
      viewChanged();
      emit(MembershipEventType.REMOVED, e, e.state);
    }
    if (!tombstones.isEmpty()) {
      long at = Math.max(now + 1, tombstones.peekFirst().since + ttl);
      reapTimer = timers.schedule(Math.min(at, now + 1000), this::reapTick);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private void changeState(MemberEntry e, long incarnation, MemberState state) {
    boolean wasLive = e.state.isLive();
    table.beforeChange(e);
    if (e.state != state) {
      e.since = now;
    }
    e.incarnation = incarnation;
    e.state = state;
    if (state != MemberState.SUSPECT && e.suspicion != null) {
      if (e.suspicion.timer != null) {
        e.suspicion.timer.cancel();
      }
      e.suspicion = null;
    }
    table.afterChange(e);
    if (wasLive != state.isLive()) {
      viewChanged();
    }
  }

  private void viewChanged() {
    lastViewChange = now;
  }

  private void emit(MembershipEventType type, MemberEntry e, MemberState prev) {
    outbox.emit(new MembershipEvent(type, e.snapshot(), prev));
  }

  private byte[] encode(Message m) {
    return codec.encodeMessage(m);
  }

  private void countDecodeError(DecodeException e) {
    if (e.reason() == DecodeException.Reason.WRONG_LABEL) {
      stats.wrongLabel++;
    } else {
      stats.decodeErrors++;
    }
  }

  private void count(Message m, boolean sent) {
    count(m.type(), sent);
  }

  private void count(int type, boolean sent) {
    long[] arr = sent ? stats.messagesSent : stats.messagesReceived;
    arr[ProtocolStats.typeIndex(type)]++;
  }

  private void checkMetadata(Map<String, String> metadata) {
    int size = WireCodec.metadataEncodedSize(metadata);
    if (size > cfg.metadataLimitBytes()) {
      throw new IllegalArgumentException(
          "metadata is "
              + size
              + " bytes encoded, over the limit of "
              + cfg.metadataLimitBytes()
              + " bytes (metadataLimitBytes)");
    }
  }

  private static void checkName(String name) {
    if (name.isEmpty() || utf8Length(name) > 128) {
      throw new IllegalArgumentException("node name must be 1 to 128 bytes");
    }
  }

  private static int utf8Length(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }
}
