package dev.swim.core.protocol;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Ping;
import dev.swim.core.wire.Message.UserEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * SWIM's dissemination component: membership updates and user events ride piggybacked on every
 * datagram the node sends (pings, acks, ping-reqs), each up to the retransmit limit of {@code
 * retransmitMult x ceil(log10(n + 1))} times, packed into one compound packet within the datagram
 * budget; gossip rounds carry them to a few random members while anything is queued.
 */
final class Disseminator {
  private static final int PER_PART_OVERHEAD = 3;
  private static final int MAX_PARTS = 250; // a compound holds at most 255

  private final NodeContext ctx;
  private final MemberSlots memberSlots = new MemberSlots();
  private final BroadcastQueue broadcasts = new BroadcastQueue(65_536, memberSlots);
  private final BroadcastQueue userBroadcasts = new BroadcastQueue(4_096);
  private final UserEventDedup userEventDedup;
  private final int datagramBudget;
  private TimerQueue.Timer gossipTimer;
  private long lastRound = Long.MIN_VALUE / 2;
  // answers held per destination while a full state is merged (else null), see holdAnswers
  private Map<NodeAddress, HeldAnswers> held;
  // the parts of the packet being filled (see fill); at most MAX_PARTS long
  private final List<byte[]> fillParts = new ArrayList<>();

  /** The answers held for one destination: the member there, if it is one, and the messages. */
  private static final class HeldAnswers {
    final MemberEntry member;
    final List<byte[]> parts = new ArrayList<>();

    HeldAnswers(MemberEntry member) {
      this.member = member;
    }
  }

  /**
   * Creates the disseminator of one node.
   *
   * @param datagramBudget the bytes a packet may take (the datagram limit less every overhead)
   */
  Disseminator(NodeContext ctx, int datagramBudget) {
    this.ctx = ctx;
    this.datagramBudget = datagramBudget;
    this.userEventDedup = new UserEventDedup(() -> ctx.stats.userEventOriginsEvicted++);
  }

  /** Gossip rounds run only while something is queued; an idle node schedules no timer. */
  void ensureGossipScheduled() {
    if (gossipTimer == null && ctx.started) {
      gossipTimer =
          ctx.timers.schedule(
              ctx.now + 1 + ctx.random.nextLong(ctx.gossipIntervalMs), "gossip", this::gossipTick);
    }
  }

  /**
   * Passes a change of the membership itself (a member joined, rejoined, failed or left) on
   * promptly: the next gossip round is brought forward to now, though rounds stay at least a
   * quarter of the gossip interval apart so that a burst of changes still shares datagrams. Each
   * hop of the epidemic then costs a network latency instead of half a gossip interval on average,
   * so joins and failures reach everyone in a few hundred milliseconds. Suspicions and refutations
   * keep the regular cadence: at high loss they are constant churn, and their timeouts are seconds
   * long.
   */
  void promptRound() {
    if (!ctx.started) {
      return;
    }
    long soonest = Math.max(ctx.now + 1, lastRound + Math.max(1, ctx.gossipIntervalMs / 4));
    if (gossipTimer != null) {
      if (gossipTimer.at <= soonest) {
        return;
      }
      gossipTimer.cancel();
    }
    gossipTimer = ctx.timers.schedule(soonest, "gossip", this::gossipTick);
  }

  private void gossipTick() {
    gossipTimer = null;
    long now = ctx.now;
    if (broadcasts.isEmpty() && userBroadcasts.isEmpty()) {
      return;
    }
    long deadWindow = ctx.cfg.gossipToTheDead().toMillis();
    int k = ctx.cfg.gossipNodes();
    // the recently DEAD or LEFT too: a live member declared so by a lie learns it and refutes (a
    // member that really left ignores it)
    Predicate<MemberEntry> eligible =
        e -> e.state.isLive() || (!e.state.isLive() && now - e.since < deadWindow);
    List<MemberEntry> picks = ctx.table.randomMembers(k, null, eligible);
    lastRound = now;
    if (picks.isEmpty()) {
      // nobody to gossip to (a cluster of one): look again at the probe cadence rather than five
      // times a second; a member that arrives brings the next round forward itself
      gossipTimer =
          ctx.timers.schedule(
              now + Math.max(ctx.gossipIntervalMs, ctx.probeIntervalMs),
              "gossip",
              this::gossipTick);
      return;
    }
    gossipTimer = ctx.timers.schedule(now + ctx.gossipIntervalMs, "gossip", this::gossipTick);
    List<MemberEntry> targets = new ArrayList<>(k);
    for (MemberEntry e : picks) {
      if (e.answered) {
        targets.add(e);
      } else if (e.state == MemberState.ALIVE) {
        validate(e); // a suspect is left to its probes
      }
    }
    if (targets.size() < picks.size()) {
      // a member picked that has not proved it receives is only asked to: its place in this
      // round goes to another member that has
      targets.addAll(
          ctx.table.randomMembers(
              picks.size() - targets.size(),
              null,
              e -> e.answered && !targets.contains(e) && eligible.test(e)));
    }
    for (MemberEntry t : targets) {
      send(t, List.of());
      if (broadcasts.isEmpty() && userBroadcasts.isEmpty()) {
        break;
      }
    }
  }

  /**
   * Asks a member that has not yet proved it receives at its address to prove it: a bare ping (no
   * gossip), at most one per probe interval; its ack marks the member answered (see {@link
   * FailureDetector#onAck}).
   */
  private void validate(MemberEntry e) {
    if (ctx.now - e.validationAt < ctx.probeIntervalMs) {
      return;
    }
    e.validationAt = ctx.now;
    e.validationSeq = ctx.nextSeq();
    ctx.stats.addressValidations++;
    transmit(
        e.info.address(),
        List.of(
            ctx.encode(
                new Ping(e.validationSeq, e.name(), ctx.localName, ctx.self.info.address()))));
  }

  /**
   * Sends {@code primary} messages to member {@code to}, filling the datagram with queued
   * broadcasts once the member has proved it receives at its address. Until then it is treated as
   * any address that has not proved it receives: an answer to its input stays within that input's
   * reply budget, and what a timer sends (a probe) goes without broadcasts.
   */
  void send(MemberEntry to, List<byte[]> primary) {
    if (to.answered) {
      fill(to.info.address(), primary, datagramBudget);
    } else if (ctx.replyBudget > 0) {
      reply(to.info.address(), primary);
    } else if (!primary.isEmpty()) {
      transmit(to.info.address(), primary);
    }
  }

  /**
   * Sends {@code primary} messages to an address that has not proved it receives (no member of the
   * table is held there): an answer to a packet whose source may be spoofed. The packet, queued
   * broadcasts included, stays within the reply budget of the input being handled, so no packet can
   * make this node send more than three times its own size to someone else; when even the primary
   * messages do not fit, nothing is sent and the refusal is counted.
   */
  void reply(NodeAddress to, List<byte[]> primary) {
    if (!primary.isEmpty() && fitsReplyBudget(primary)) {
      int sent = fill(to, primary, (int) Math.min(datagramBudget, ctx.replyBudget));
      ctx.replyBudget -= sent;
    }
  }

  /** Like {@link #reply} but without queued broadcasts. */
  void replyAlone(NodeAddress to, List<byte[]> primary) {
    if (fitsReplyBudget(primary)) {
      ctx.replyBudget -= transmit(to, primary);
    }
  }

  /** Whether {@code primary} alone fits the reply budget; a refusal is counted. */
  private boolean fitsReplyBudget(List<byte[]> primary) {
    long size = ctx.codec.headerSize() + 3L + partsSize(primary);
    if (size > ctx.replyBudget) {
      ctx.stats.reject(ProtocolStats.Rejection.REPLY_BUDGET);
      return false;
    }
    return true;
  }

  /** Sends {@code primary} plus queued broadcasts within {@code bytes}; returns the size sent. */
  private int fill(NodeAddress to, List<byte[]> primary, int bytes) {
    int budget = bytes - ctx.codec.headerSize() - 1 - 2;
    for (byte[] b : primary) {
      budget -= b.length + PER_PART_OVERHEAD;
    }
    int limit =
        Formulas.retransmitLimit(ctx.cfg.retransmitMult(), Math.max(1, ctx.table.liveCount()));
    int room = MAX_PARTS - primary.size();
    // two budgets (memberlist #299): user events are guaranteed their share, membership updates
    // the rest; either may use what the other leaves free. Each queue is taken once per packet.
    long reserve =
        Math.min(ctx.cfg.userEventShareBytes(), userBroadcasts.pendingBytes(PER_PART_OVERHEAD));
    // primary messages, then membership updates, then user events, in one list (reused: the
    // packet is encoded before this returns, and a busy member sends thousands a second)
    List<byte[]> parts = fillParts;
    try {
      parts.addAll(primary);
      budget -=
          broadcasts.takeInto(
              parts, (int) (budget - reserve), PER_PART_OVERHEAD, limit, Math.max(0, room));
      room = MAX_PARTS - parts.size();
      userBroadcasts.takeInto(parts, budget, PER_PART_OVERHEAD, limit, Math.max(0, room));
      if (parts.isEmpty()) {
        return 0;
      }
      return transmit(to, parts);
    } finally {
      parts.clear();
    }
  }

  /**
   * Sends {@code primary} alone, without queued broadcasts and outside any budget: one small notice
   * to an address that was a member's, which may be gone.
   */
  void sendAlone(NodeAddress to, List<byte[]> primary) {
    transmit(to, primary);
  }

  /**
   * From now until {@link #releaseAnswers}, {@link #answer} holds messages per destination instead
   * of sending each at once: a full-state merge that finds many stale records answers them in as
   * few packets as the datagram budget allows.
   */
  void holdAnswers() {
    held = new LinkedHashMap<>();
  }

  /**
   * Answers {@code member} (or, when {@code member} is null, the unproven address {@code to} as a
   * budgeted reply) with {@code messages}: at once, or held while answers are held.
   */
  void answer(MemberEntry member, NodeAddress to, List<byte[]> messages) {
    if (held == null) {
      if (member != null) {
        send(member, messages);
      } else {
        reply(to, messages);
      }
      return;
    }
    // bounded by the members of the one state being merged (itself bounded by the stream limit)
    held.computeIfAbsent(to, k -> new HeldAnswers(member)).parts.addAll(messages);
  }

  /**
   * Sends the answers held since {@link #holdAnswers}, packed per destination, and stops holding.
   */
  void releaseAnswers() {
    Map<NodeAddress, HeldAnswers> out = held;
    held = null;
    if (out == null) {
      return;
    }
    int room = datagramBudget - ctx.codec.headerSize() - 3;
    out.forEach(
        (to, h) -> {
          List<byte[]> packet = new ArrayList<>();
          int size = 0;
          for (byte[] part : h.parts) {
            int partSize = part.length + PER_PART_OVERHEAD;
            if (!packet.isEmpty() && (size + partSize > room || packet.size() == MAX_PARTS)) {
              answer(h.member, to, packet);
              packet = new ArrayList<>();
              size = 0;
            }
            packet.add(part);
            size += partSize;
          }
          if (!packet.isEmpty()) {
            answer(h.member, to, packet);
          }
        });
  }

  /** Sends to {@code to} as a member when it is one, else as a budgeted reply. */
  void sendOrReply(String name, NodeAddress to, List<byte[]> primary) {
    MemberEntry e = ctx.table.get(name);
    if (e != null && e.info.address().equals(to)) {
      send(e, primary);
    } else {
      reply(to, primary);
    }
  }

  private int transmit(NodeAddress to, List<byte[]> parts) {
    byte[] packet = ctx.codec.packet(parts);
    ctx.stats.datagramsSent++;
    ctx.stats.datagramBytesSent += packet.length;
    for (byte[] p : parts) {
      ctx.count(p[0] & 0xff, true);
    }
    ctx.outbox.sendDatagram(to, packet);
    return packet.length;
  }

  private static int partsSize(List<byte[]> parts) {
    int n = 0;
    for (byte[] b : parts) {
      n += b.length + PER_PART_OVERHEAD;
    }
    return n;
  }

  /** Queues what this node holds about {@code e} as an alive update. */
  void enqueueAlive(MemberEntry e, boolean priority) {
    enqueue(e, NodeContext.aliveOf(e), priority);
  }

  /** Queues {@code m} about member {@code e} (of the table), replacing any older update for it. */
  void enqueue(MemberEntry e, Message m, boolean priority) {
    memberSlots.hint = e;
    try {
      broadcasts.add(e.name(), ctx.interner.internEncoded(ctx.encode(m)), priority);
    } finally {
      memberSlots.hint = null;
    }
    ensureGossipScheduled();
  }

  /** Delivers a user event the first time it is seen, and passes it on. */
  void onUserEvent(UserEvent u) {
    if (!userEventDedup.firstTime(u.origin(), u.seq())) {
      return;
    }
    ctx.stats.userEventsDelivered++;
    ctx.outbox.deliverUserEvent(u.name(), u.origin(), u.payload());
    userBroadcasts.add(u.origin() + "#" + u.seq(), ctx.encode(u), false);
    ensureGossipScheduled();
  }

  /** Whether a membership update about {@code name} is still waiting to be sent. */
  boolean isQueued(String name) {
    return broadcasts.contains(name);
  }

  /** Membership updates waiting to be gossiped. */
  int membershipQueueDepth() {
    return broadcasts.size();
  }

  /** User events waiting to be gossiped. */
  int userEventQueueDepth() {
    return userBroadcasts.size();
  }

  /** A reaped member's queued update stays queued, found by name from now on. */
  void forgetMember(MemberEntry e) {
    memberSlots.detach(e);
  }

  /**
   * The member queue's index: an update about a member hangs off the member's table entry; updates
   * about names with no entry (this node itself, an accusation about a member not yet known, a
   * reaped member) go in a map, which stays small.
   */
  private final class MemberSlots implements BroadcastQueue.Slots {
    private final Map<String, BroadcastQueue.Item> others = new HashMap<>();

    /** The entry of the key being queued, when the caller has it: spares two table lookups. */
    private MemberEntry hint;

    private MemberEntry entry(String key) {
      MemberEntry h = hint;
      return h != null && h.name().equals(key) ? h : ctx.table.get(key);
    }

    @Override
    public BroadcastQueue.Item get(String key) {
      MemberEntry e = entry(key);
      if (e != null && e.queued != null) {
        return e.queued;
      }
      return others.isEmpty() ? null : others.get(key);
    }

    @Override
    public void put(BroadcastQueue.Item item) {
      MemberEntry e = entry(item.key);
      if (e != null) {
        e.queued = item;
        item.slot = e;
      } else {
        others.put(item.key, item);
      }
    }

    @Override
    public void remove(BroadcastQueue.Item item) {
      if (item.slot instanceof MemberEntry e) {
        if (e.queued == item) {
          e.queued = null;
        }
      } else if (!others.isEmpty()) {
        others.remove(item.key, item);
      }
    }

    void detach(MemberEntry e) {
      if (e.queued != null) {
        e.queued.slot = null;
        others.put(e.name(), e.queued);
        e.queued = null;
      }
    }
  }
}
