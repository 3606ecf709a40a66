package dev.swim.core.protocol;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.MemberRecord;
import dev.swim.core.wire.Message.PushPull;
import dev.swim.core.wire.WireCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Anti-entropy over the stream transport: periodic push-pull state exchanges with a random member
 * (digest first, full state only when the views differ), a full sync when a probe's ack carries a
 * live digest that stays different in a quiet view, the join through the seeds with exponential
 * backoff, and partition healing: reaching out to unreached seeds and recently dead members every
 * heal interval, and to members that failed long ago (reaped, within the reconnect timeout) every
 * reconnect interval. Merging the state a push-pull brings is {@link MembershipUpdates}' job.
 */
final class AntiEntropy {
  /** The token of a push-pull request that carried the full state. */
  private static final long FULL_STATE = 0;

  /** The token of a push-pull request that carried only the digest. */
  private static final long DIGEST_ONLY = 1;

  private final NodeContext ctx;
  private final Tombstones tombstones;
  private final ReapedMembers reaped;
  private SwimNode.SeedProvider seedProvider = List::of;
  private TimerQueue.Timer joinRetry;
  private long joinBackoffMs;
  private long joinBackoffMaxMs;
  private boolean joined;
  private long lastDigestSync = Long.MIN_VALUE / 2;

  AntiEntropy(NodeContext ctx, Tombstones tombstones, ReapedMembers reaped) {
    this.ctx = ctx;
    this.tombstones = tombstones;
    this.reaped = reaped;
  }

  /** Schedules the first push-pull, healing and reconnect rounds, each at a random offset. */
  void start() {
    long now = ctx.now;
    long pp = ctx.cfg.pushPullInterval().toMillis();
    ctx.timers.schedule(now + pp / 2 + ctx.random.nextLong(pp), "push-pull", this::pushPullTick);
    long heal = ctx.cfg.healInterval().toMillis();
    ctx.timers.schedule(now + heal / 2 + ctx.random.nextLong(heal), "heal", this::healTick);
    scheduleReconnect();
  }

  /** The next reconnect round, between half and one reconnect interval from now (jitter). */
  private void scheduleReconnect() {
    long interval = ctx.cfg.reconnectInterval().toMillis();
    long half = interval / 2;
    ctx.timers.schedule(
        ctx.now + half + 1 + ctx.random.nextLong(interval - half),
        "reconnect",
        this::reconnectTick);
  }

  /**
   * Contacts one member that failed and was reaped since, picked at random, with a push-pull: if it
   * is running (the partition that separated us is over) the exchange brings both views together.
   * As Serf does, each member tries with probability failed / live, so the whole cluster makes
   * about one attempt per failed member per interval however large it is, and at most one per
   * member.
   */
  private void reconnectTick() {
    scheduleReconnect();
    reaped.expire();
    int failed = reaped.failedCount();
    if (ctx.leaving || failed == 0) {
      return;
    }
    int live = Math.max(1, ctx.table.liveCount());
    if (failed < live && ctx.random.nextInt(live) >= failed) {
      return;
    }
    ReapedMembers.Reaped r = reaped.randomFailed(ctx.random);
    if (r != null) {
      ctx.stats.reconnects++;
      sendPushPull(r.address(), true, Outbox.StreamPurpose.PUSH_PULL);
    }
  }

  private void pushPullTick() {
    long interval =
        Formulas.pushPullIntervalMillis(
            ctx.cfg.pushPullInterval().toMillis(), ctx.table.liveCount());
    ctx.timers.schedule(ctx.now + interval, "push-pull", this::pushPullTick);
    if (!ctx.leaving) {
      pushPullWithRandomMember();
    }
  }

  /** A digest-first push-pull with one ALIVE member picked at random, if there is one. */
  private void pushPullWithRandomMember() {
    List<MemberEntry> peer = ctx.table.randomMembers(1, null, e -> e.state == MemberState.ALIVE);
    if (!peer.isEmpty()) {
      sendPushPull(peer.get(0).info.address(), true, Outbox.StreamPurpose.PUSH_PULL);
    }
  }

  private void healTick() {
    ctx.timers.schedule(ctx.now + ctx.cfg.healInterval().toMillis(), "heal", this::healTick);
    if (ctx.leaving) {
      return;
    }
    List<NodeAddress> candidates = tombstones.recentlyDead(ctx.cfg.tombstoneTimeout().toMillis());
    List<NodeAddress> seeds = seedProvider.seeds();
    if (!seeds.isEmpty()) {
      NodeAddress local = ctx.self.info.address();
      Set<NodeAddress> unreached = new HashSet<>(seeds);
      unreached.remove(local);
      for (MemberEntry e : ctx.table.entries()) {
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
      NodeAddress to = candidates.get(ctx.random.nextInt(candidates.size()));
      sendPushPull(to, true, Outbox.StreamPurpose.PUSH_PULL);
    }
  }

  /** Starts (or restarts) joining through {@code seeds}; see {@link SwimNode#join}. */
  void join(SwimNode.SeedProvider seeds, long backoffInitialMs, long backoffMaxMs) {
    this.seedProvider = seeds;
    this.joinBackoffMs = Math.max(1, backoffInitialMs);
    this.joinBackoffMaxMs = Math.max(joinBackoffMs, backoffMaxMs);
    stopJoining();
    attemptJoin();
  }

  private void attemptJoin() {
    joinRetry = null;
    if (ctx.leaving || joined) {
      return;
    }
    List<NodeAddress> resolved = seedProvider.seeds();
    List<NodeAddress> seeds = new ArrayList<>(resolved);
    seeds.remove(ctx.self.info.address());
    if (seeds.isEmpty() && !resolved.isEmpty()) {
      markJoined(); // this node is the only seed: it starts the cluster
      return;
    }
    for (NodeAddress seed : seeds) {
      byte[] req = ctx.codec.encodeFrame(pushPull(true, false));
      ctx.stats.streamBytesSent += req.length;
      ctx.count(Message.Types.PUSH_PULL, true);
      ctx.outbox.streamRequest(seed, req, Outbox.StreamPurpose.JOIN, 0, Outbox.NO_DEADLINE);
    }
    long delay = joinBackoffMs;
    joinBackoffMs = Math.min(joinBackoffMaxMs, joinBackoffMs * 2);
    joinRetry = ctx.timers.schedule(ctx.now + delay, "join", this::attemptJoin);
  }

  /**
   * When, in probe intervals after a join answered, the joiner compares its view with a random
   * member's (a digest-first push-pull). The state it was handed is a snapshot, and for its first
   * seconds it gets little gossip: members gossip only to members that have proved they receive
   * (security.md, rule 8), which they ask as their gossip rounds pick it. Members that joined just
   * after it would otherwise reach it only at a push-pull much later. Each costs a digest when
   * nothing was missed.
   */
  private static final int[] CATCH_UP_PROBE_INTERVALS = {1, 4};

  /** Schedules the catch-up exchanges of a member that a join answer just joined. */
  private void scheduleCatchUps() {
    for (int k : CATCH_UP_PROBE_INTERVALS) {
      ctx.timers.schedule(ctx.now + k * ctx.probeIntervalMs, "catch-up", this::catchUp);
    }
  }

  private void catchUp() {
    if (!ctx.leaving) {
      pushPullWithRandomMember();
    }
  }

  /** Cancels a pending join retry (a leave, or a new join). */
  void stopJoining() {
    if (joinRetry != null) {
      joinRetry.cancel();
    }
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

  /** Counts this node as joined without a join (it was preloaded with a converged view). */
  void assumeJoined() {
    joined = true;
  }

  boolean isJoined() {
    return joined;
  }

  /**
   * Answers a push-pull request whose state has been merged: the full state, or the digest only
   * when the requester sent its digest and the views agree. A join through this node joins it too.
   */
  byte[] answer(PushPull p) {
    if (p.join() && !p.source().equals(ctx.localName)) {
      markJoined();
    }
    boolean same = p.digestOnly() && p.digest() == ctx.table.digest();
    byte[] response = ctx.codec.encodeFrame(pushPull(false, same));
    ctx.count(Message.Types.PUSH_PULL, true);
    return response;
  }

  /**
   * Completes an exchange this node opened, after the response's state has been merged: a join
   * answered joins this node; a digest-only request answered with a full state that still differs
   * means this node holds something the peer lacks, so it sends its full state too.
   */
  void onResponse(NodeAddress to, Outbox.StreamPurpose purpose, long token, PushPull p) {
    boolean sentDigestOnly = purpose == Outbox.StreamPurpose.PUSH_PULL && token == DIGEST_ONLY;
    if (purpose == Outbox.StreamPurpose.JOIN && !joined) {
      markJoined();
      scheduleCatchUps();
    }
    if (sentDigestOnly && !p.digestOnly() && ctx.table.digest() != p.digest()) {
      // we hold something the peer lacks: give it our full state too
      sendPushPull(to, false, Outbox.StreamPurpose.PUSH_PULL);
    }
  }

  /** Opens a push-pull with {@code to}: the digest only, or the full state. */
  void sendPushPull(NodeAddress to, boolean digestOnly, Outbox.StreamPurpose purpose) {
    byte[] req = ctx.codec.encodeFrame(pushPull(false, digestOnly));
    ctx.stats.streamBytesSent += req.length;
    ctx.count(Message.Types.PUSH_PULL, true);
    ctx.outbox.streamRequest(
        to, req, purpose, digestOnly ? DIGEST_ONLY : FULL_STATE, Outbox.NO_DEADLINE);
  }

  private PushPull pushPull(boolean join, boolean digestOnly) {
    if (digestOnly) {
      return new PushPull(join, true, ctx.table.digest(), ctx.localName, List.of());
    }
    List<MemberRecord> records = new ArrayList<>(ctx.table.size());
    long bytes = 0;
    for (MemberEntry e : ctx.table.entries()) {
      MemberRecord r =
          new MemberRecord(
              e.name(),
              e.info.address(),
              e.incarnation,
              e.info.startId(),
              e.state,
              e.info.metadata());
      records.add(r);
      bytes += recordBytes(r);
    }
    if (records.size() > ctx.cfg.maxMembers() || bytes > ctx.cfg.maxStateBytes()) {
      records = capped(records);
    }
    records.sort(Comparator.comparing(MemberRecord::name));
    return new PushPull(join, false, ctx.table.digest(), ctx.localName, records);
  }

  /**
   * The records that fit the state limits, most useful first: this node, then live members, then
   * tombstones. A state is capped, never refused: the left-out records travel with later exchanges
   * and gossip. Each left-out record is counted.
   */
  private List<MemberRecord> capped(List<MemberRecord> all) {
    List<MemberRecord> order = new ArrayList<>(all);
    order.sort(
        Comparator.comparingInt((MemberRecord r) -> rank(r)).thenComparing(MemberRecord::name));
    List<MemberRecord> kept = new ArrayList<>();
    long bytes = 0;
    for (MemberRecord r : order) {
      long size = recordBytes(r);
      if (kept.size() >= ctx.cfg.maxMembers() || bytes + size > ctx.cfg.maxStateBytes()) {
        ctx.stats.stateRecordsCapped++;
        continue;
      }
      kept.add(r);
      bytes += size;
    }
    return kept;
  }

  private int rank(MemberRecord r) {
    if (r.name().equals(ctx.localName)) {
      return 0;
    }
    return switch (r.state()) {
      case ALIVE -> 1;
      case SUSPECT -> 2;
      default -> 3;
    };
  }

  /** An upper bound of a record's encoded size (varints counted at their widest). */
  private static long recordBytes(MemberRecord r) {
    return 3L * r.name().length()
        + 2
        + 3L * r.address().host().length()
        + 3
        + 10
        + 8
        + 1
        + WireCodec.metadataEncodedSize(r.metadata());
  }

  /**
   * A probed member's ack carries its live digest: when it differs from ours and the view has been
   * quiet long enough for gossip to have settled, exchange full state with it (at most once per
   * five probe intervals). Gossip has settled once every update could have been sent its retransmit
   * limit of times, a few gossip rounds since membership changes are gossiped promptly; the wait is
   * at least half a probe interval. A member that missed an update is repaired within about a probe
   * interval of the view going quiet, not at the next push-pull.
   */
  void maybeDigestSync(MemberEntry peer, long peerDigest) {
    if (peerDigest == 0 || peerDigest == ctx.table.liveDigest()) {
      return;
    }
    long now = ctx.now;
    long probeIntervalMs = ctx.probeIntervalMs;
    int limit = Formulas.retransmitLimit(ctx.cfg.retransmitMult(), ctx.table.liveCount());
    int rounds = (limit + ctx.cfg.gossipNodes() - 1) / Math.max(1, ctx.cfg.gossipNodes());
    long quiet = Math.max(probeIntervalMs / 2, rounds * ctx.gossipIntervalMs);
    if (now - ctx.lastViewChange < quiet || now - lastDigestSync < 5 * probeIntervalMs) {
      return;
    }
    lastDigestSync = now;
    sendPushPull(peer.info.address(), false, Outbox.StreamPurpose.PUSH_PULL);
  }
}
