package dev.swim.core.protocol;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Ack;
import dev.swim.core.wire.Message.Compound;
import dev.swim.core.wire.Message.Nack;
import dev.swim.core.wire.Message.Ping;
import dev.swim.core.wire.Message.PingReq;
import dev.swim.core.wire.Message.Suspect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SWIM's failure detector with Lifeguard's refinements: each protocol period pings the next member
 * of a shuffled round-robin order; without an ack by the probe timeout it asks {@code k} members to
 * probe indirectly (ping-req, answered by nacks under Lifeguard) and may ping over the stream
 * transport too; a probe that fails by the end of the period starts a suspicion. Local health
 * scales the period and timeout, and the buddy system tells a suspected target it is suspected. It
 * also answers pings and relays ping-reqs for other members.
 */
final class FailureDetector {
  // the documented logger category of the protocol's warnings (docs/operations.md)
  private static final Logger log = LoggerFactory.getLogger(SwimNode.class);

  private final NodeContext ctx;
  private final Disseminator gossip;
  private final MembershipUpdates updates;
  private final AntiEntropy antiEntropy;
  private final Map<Long, Relay> relays = new HashMap<>();
  private final Set<String> udpWarned = new HashSet<>();
  private Probe probe;
  private boolean tcpFallback;

  /** The probe round in flight. */
  private static final class Probe {
    final long seq;
    final MemberEntry target;
    final NodeAddress address;

    /** The incarnation the target was probed at: a failed probe accuses that one, no later. */
    final long incarnation;

    /** When the ping went out, on the driver's microsecond clock: the round trip's start. */
    final long startedMicros;

    final long indirectAt;
    final long endsAt;
    int nacksExpected;

    /** The helpers asked for a nack that have not sent one: each one's nack counts once. */
    List<String> nacksAwaited = new ArrayList<>(0);

    int nacksReceived;
    boolean acked;
    boolean tcpAcked;
    TimerQueue.Timer indirectTimer;
    TimerQueue.Timer endTimer;

    Probe(long seq, MemberEntry target, long startedMicros, long indirectAt, long endsAt) {
      this.seq = seq;
      this.target = target;
      this.address = target.info.address();
      this.incarnation = target.incarnation;
      this.startedMicros = startedMicros;
      this.indirectAt = indirectAt;
      this.endsAt = endsAt;
    }
  }

  /** Most ping-reqs relayed at once; more are refused and counted (each lives a probe interval). */
  static final int MAX_RELAYS = 1024;

  /** A ping this node sends on behalf of a ping-req. */
  private static final class Relay {
    final long requesterSeq;
    final String requesterName;
    final NodeAddress requester;
    final String target;
    boolean acked;

    Relay(long requesterSeq, String requesterName, NodeAddress requester, String target) {
      this.requesterSeq = requesterSeq;
      this.requesterName = requesterName;
      this.requester = requester;
      this.target = target;
    }
  }

  FailureDetector(
      NodeContext ctx, Disseminator gossip, MembershipUpdates updates, AntiEntropy antiEntropy) {
    this.ctx = ctx;
    this.gossip = gossip;
    this.updates = updates;
    this.antiEntropy = antiEntropy;
  }

  /** Schedules the first probe at a random offset within one probe interval. */
  void start() {
    ctx.timers.schedule(
        ctx.now + ctx.random.nextLong(ctx.probeIntervalMs) + 1, "probe", this::probeTick);
  }

  /** Enables a ping over the stream transport in parallel with indirect probes. */
  void setTcpFallback(boolean enabled) {
    this.tcpFallback = enabled;
  }

  private void probeTick() {
    long now = ctx.now;
    boolean lifeguard = ctx.cfg.lifeguard();
    long interval = lifeguard ? ctx.health.scale(ctx.probeIntervalMs) : ctx.probeIntervalMs;
    // the next round first: whatever fails in this one, probing goes on
    ctx.timers.schedule(now + interval, "probe", this::probeTick);
    if (probe != null) {
      finishProbe(probe);
    }
    if (!ctx.leaving) {
      MemberEntry target = ctx.table.nextProbeTarget();
      if (target != null) {
        long timeout = lifeguard ? ctx.health.scale(ctx.probeTimeoutMs) : ctx.probeTimeoutMs;
        Probe p =
            new Probe(
                ctx.nextSeq(), target, ctx.outbox.clockMicros(now), now + timeout, now + interval);
        probe = p;
        ctx.outbox.probeStarted(p.seq, target.name());
        List<byte[]> parts = new ArrayList<>(2);
        parts.add(ctx.encode(new Ping(p.seq, target.name(), ctx.localName, localAddress())));
        if (target.state == MemberState.SUSPECT) {
          parts.add(ctx.encode(ctx.accusation(target))); // Lifeguard's buddy system
        }
        gossip.send(target, parts);
        p.indirectTimer =
            ctx.timers.schedule(now + timeout, "indirect probe", () -> probeIndirect(p));
        p.endTimer = ctx.timers.schedule(now + interval, "probe end", () -> finishProbe(p));
      }
    }
  }

  private void probeIndirect(Probe p) {
    if (probe != p || p.acked) {
      return;
    }
    String targetName = p.target.name();
    // helpers that have answered this node: one that never did may not exist (a lie's fake member)
    List<MemberEntry> helpers =
        ctx.table.randomMembers(
            ctx.cfg.indirectChecks(), targetName, e -> e.state == MemberState.ALIVE && e.answered);
    if (helpers.isEmpty()) {
      helpers =
          ctx.table.randomMembers(
              ctx.cfg.indirectChecks(), targetName, e -> e.state == MemberState.ALIVE);
    }
    boolean wantNack = ctx.cfg.lifeguard();
    for (MemberEntry h : helpers) {
      gossip.send(
          h,
          List.of(
              ctx.encode(
                  new PingReq(
                      p.seq,
                      targetName,
                      p.target.info.address(),
                      wantNack,
                      ctx.localName,
                      localAddress()))));
    }
    if (wantNack) {
      List<String> asked = new ArrayList<>(helpers.size());
      for (MemberEntry h : helpers) {
        asked.add(h.name());
      }
      p.nacksAwaited = asked;
      p.nacksExpected = asked.size();
    }
    if (tcpFallback) {
      byte[] ping =
          ctx.codec.encodeFrame(new Ping(p.seq, targetName, ctx.localName, localAddress()));
      ctx.stats.streamBytesSent += ping.length;
      ctx.count(Message.Types.PING, true);
      // worth an answer only until the round ends: the transport gives up then
      ctx.outbox.streamRequest(
          p.address, ping, Outbox.StreamPurpose.FALLBACK_PING, p.seq, p.endsAt);
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
      // the target answered, if only over the stream: as memberlist, a probe answered counts for
      // this node's health whatever carried the answer
      ctx.stats.probesTcp++;
      ctx.outbox.probeEnded(p.seq, target.name(), ProbeOutcomes.TCP, -1);
      if (ctx.cfg.lifeguard()) {
        ctx.health.apply(-1);
      }
      if (udpWarned.add(target.name())) {
        log.warn(
            "Member '{}' at {} answers over TCP but not over UDP: check that UDP port {} is open"
                + " in both directions",
            LogSafe.text(target.name()),
            target.info.address(),
            target.info.address().port());
      }
      return;
    }
    ctx.stats.probesFailed++;
    ctx.outbox.probeEnded(p.seq, target.name(), ProbeOutcomes.FAILED, -1);
    if (ctx.cfg.lifeguard()) {
      ctx.health.apply(p.nacksExpected > 0 ? p.nacksExpected - p.nacksReceived : 1);
    }
    if (ctx.table.get(target.name()) == target && target.state.isLive()) {
      // starts a suspicion, or confirms a running one independently (Lifeguard); at the incarnation
      // probed: a refutation that arrived during the round stands
      updates.onSuspect(
          new Suspect(target.name(), p.incarnation, target.info.startId(), ctx.localName));
    }
  }

  /** Answers a ping with an ack, and tells a sender this node accuses that it is accused. */
  void onPing(Ping p) {
    if (!p.target().equals(ctx.localName)) {
      ctx.stats.wrongTarget++;
      return;
    }
    List<byte[]> parts = new ArrayList<>(2);
    parts.add(ctx.encode(new Ack(p.seq(), ctx.localName, ctx.table.liveDigest())));
    MemberEntry src = ctx.table.get(p.source());
    if (src != null && (src.state == MemberState.SUSPECT || src.state == MemberState.DEAD)) {
      // a member we accuse is talking to us: tell it, so it refutes at once
      parts.add(ctx.encode(ctx.accusation(src)));
    }
    if (!ctx.inputCarriesGossip) {
      gossip.replyAlone(p.sourceAddress(), parts); // see NodeContext#inputCarriesGossip
    } else {
      // a member held at that address gets gossip too; anyone else only the budgeted answer
      gossip.sendOrReply(p.source(), p.sourceAddress(), parts);
    }
  }

  /**
   * Answers a ping that came over the stream transport with an ack and this node's own alive record
   * (the prober may be checking a claim about this node: see {@link ClaimChecks}), or returns
   * {@code null} when the ping is for another name.
   */
  byte[] onStreamPing(Ping p) {
    if (p.target().equals(ctx.localName)) {
      return ctx.codec.encodeFrame(
          new Compound(
              List.of(
                  new Ack(p.seq(), ctx.localName, ctx.table.liveDigest()),
                  NodeContext.aliveOf(ctx.self))));
    }
    ctx.stats.wrongTarget++;
    return null;
  }

  /** Ends the probe round an ack answers, or passes on the ack for a ping-req this node relays. */
  void onAck(Ack a) {
    Probe p = probe;
    if (p != null && a.seq() == p.seq) {
      if (!p.acked && a.source().equals(p.target.name())) {
        p.acked = true;
        long now = ctx.now;
        ProtocolStats stats = ctx.stats;
        if (now < p.indirectAt) {
          stats.probesDirect++;
          long rttMicros = Math.max(0, ctx.outbox.clockMicros(now) - p.startedMicros);
          stats.probeRttCount++;
          stats.probeRttTotalMicros += rttMicros;
          stats.probeRttMaxMicros = Math.max(stats.probeRttMaxMicros, rttMicros);
          ctx.outbox.probeEnded(p.seq, p.target.name(), ProbeOutcomes.DIRECT, rttMicros);
        } else {
          stats.probesIndirect++;
          ctx.outbox.probeEnded(p.seq, p.target.name(), ProbeOutcomes.INDIRECT, -1);
        }
        if (ctx.cfg.lifeguard()) {
          ctx.health.apply(-1);
        }
        p.indirectTimer.cancel();
        p.endTimer.cancel();
        probe = null;
        if (p.target.info.address().equals(p.address)) {
          p.target.answered = true;
        }
        antiEntropy.maybeDigestSync(p.target, a.digest());
      }
      return;
    }
    Relay r = relays.get(a.seq());
    if (r != null && !r.acked && a.source().equals(r.target)) {
      r.acked = true;
      gossip.sendOrReply(
          r.requesterName,
          r.requester,
          List.of(ctx.encode(new Ack(r.requesterSeq, a.source(), a.digest()))));
      return;
    }
    MemberEntry e = ctx.table.get(a.source());
    if (e != null && e.validationSeq != 0 && e.validationSeq == a.seq()) {
      e.validationSeq = 0;
      e.answered = true; // it acked a ping sent to its address (see Disseminator#validate)
    }
  }

  /** Marks the probe in flight acked over the stream transport (the TCP fallback ping). */
  void onStreamAck(Ack a, long token) {
    if (probe != null && probe.seq == token && a.source().equals(probe.target.name())) {
      probe.tcpAcked = true;
    }
  }

  /** Pings the target on the requester's behalf; under Lifeguard nacks if no ack comes in time. */
  void onPingReq(PingReq r) {
    if (r.target().equals(ctx.localName)) {
      return;
    }
    if (relays.size() >= MAX_RELAYS) {
      ctx.stats.reject(ProtocolStats.Rejection.RELAY_LIMIT);
      return;
    }
    long now = ctx.now;
    long mySeq = ctx.nextSeq();
    Relay relay = new Relay(r.seq(), r.source(), r.sourceAddress(), r.target());
    relays.put(mySeq, relay);
    gossip.sendOrReply(
        r.target(),
        r.targetAddress(),
        List.of(ctx.encode(new Ping(mySeq, r.target(), ctx.localName, localAddress()))));
    if (r.wantNack()) {
      // Lifeguard: nack at 80% of the time the requester still waits (its indirect window is
      // probeInterval - probeTimeout; on WAN that is shorter than the probe timeout)
      long window = Math.min(ctx.probeTimeoutMs, ctx.probeIntervalMs - ctx.probeTimeoutMs);
      long nackAt = now + (window * 8) / 10;
      ctx.timers.schedule(
          nackAt,
          "nack",
          () -> {
            if (!relay.acked) {
              gossip.sendOrReply(
                  relay.requesterName,
                  relay.requester,
                  List.of(ctx.encode(new Nack(relay.requesterSeq, ctx.localName))));
            }
          });
    }
    ctx.timers.schedule(now + ctx.probeIntervalMs, "relay expiry", () -> relays.remove(mySeq));
  }

  /**
   * Counts a nack for the probe in flight (Lifeguard: a missing nack hints at local trouble), once
   * per helper asked: a repeated or unasked nack would hide this node's own trouble.
   */
  void onNack(Nack n) {
    Probe p = probe;
    if (p != null && p.seq == n.seq() && p.nacksAwaited.remove(n.source())) {
      p.nacksReceived++;
    }
  }

  private NodeAddress localAddress() {
    return ctx.self.info.address();
  }
}
