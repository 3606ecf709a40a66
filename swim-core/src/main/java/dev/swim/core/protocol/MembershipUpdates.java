package dev.swim.core.protocol;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.ProtocolStats.Rejection;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Dead;
import dev.swim.core.wire.Message.MemberRecord;
import dev.swim.core.wire.Message.PushPull;
import dev.swim.core.wire.Message.Suspect;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies alive, suspect and dead (confirm) updates, from gossip or from a push-pull's state, by
 * SWIM's precedence rules: only incarnations decide; an alive wins only with a higher incarnation,
 * a suspicion wins over an alive at the same or a higher one, and a dead (or leave) at the same or
 * a higher one wins over both. Accusations of this node go to refutation; stale updates are
 * answered with what this node holds.
 *
 * <p>Updates are also judged as possible lies (see docs/security.md): an accusation binds to the
 * instance (start id) it was made about and never touches another; an incarnation more than a
 * bounded step above the one held is refused and checked with the member itself; a live member
 * moves to another address only when a new instance claims it and nothing answers as the old one at
 * its held address ({@link ClaimChecks}).
 */
final class MembershipUpdates {
  // the documented logger category of the protocol's warnings (docs/operations.md)
  private static final Logger log = LoggerFactory.getLogger(SwimNode.class);
  private static final int MAX_REMEMBERED_ACCUSATIONS = 1024;
  private static final int CLASH_CLAIMS = 4;
  private static final long CLASH_WINDOW_MS = 30_000;

  private final NodeContext ctx;
  private final Disseminator gossip;
  private final Tombstones tombstones;
  private final ReapedMembers reaped;
  private final SuspicionManager suspicions;
  private final ClaimChecks checks;

  /** Accusations about members not known yet, with when they arrived; bounded in count and time. */
  private final LinkedHashMap<String, RememberedAccusation> accusations = new LinkedHashMap<>();

  private record RememberedAccusation(Message message, long at) {}

  /** When the latest claims of another instance to this node's name arrived (at most 4 kept). */
  private final ArrayDeque<Long> foreignAlives = new ArrayDeque<>(CLASH_CLAIMS);

  /**
   * True while the state that answered this node's first join is merged: the members it brings are
   * old news to everyone else (the seed holds them all), so they are added without gossip.
   */
  private boolean mergingJoinState;

  private long lastClashLog = Long.MIN_VALUE / 2;
  private long lastReannounce = Long.MIN_VALUE / 2;

  MembershipUpdates(
      NodeContext ctx,
      Disseminator gossip,
      Tombstones tombstones,
      ReapedMembers reaped,
      SuspicionManager suspicions,
      ClaimChecks checks) {
    this.ctx = ctx;
    this.gossip = gossip;
    this.tombstones = tombstones;
    this.reaped = reaped;
    this.suspicions = suspicions;
    this.checks = checks;
  }

  /**
   * A stale accusation (lower incarnation than the member's current ALIVE) tells us its sender
   * missed a refutation: answer it with the newer alive, so stragglers cannot sit on an old
   * suspicion until it expires into a false DEAD.
   */
  private void correctIfStale(
      MemberEntry e, long accusedIncarnation, String accuser, NodeAddress from) {
    if (from != null
        && e != null
        && e.state == MemberState.ALIVE
        && accusedIncarnation < e.incarnation) {
      gossip.sendOrReply(accuser, from, List.of(ctx.encode(NodeContext.aliveOf(e))));
    }
  }

  /** A suspicion that arrived in a datagram from {@code from}: corrected if stale, else applied. */
  void onSuspect(Suspect s, NodeAddress from) {
    MemberEntry e = ctx.table.get(s.name()); // one lookup for both
    correctIfStale(e, s.incarnation(), s.from(), from);
    onSuspect(s, e);
  }

  /** A death or leave that arrived in a datagram from {@code from}, as {@link #onSuspect}. */
  void onDead(Dead d, NodeAddress from) {
    MemberEntry e = ctx.table.get(d.name());
    correctIfStale(e, d.incarnation(), d.from(), from);
    onDead(d, e);
  }

  void onAlive(Alive a) {
    onAlive(a, false);
  }

  /**
   * Applies an alive update.
   *
   * @param checked true when the member itself said it, answering at its held address (or when a
   *     claim check found nothing there): skips the plausibility and address checks
   */
  void onAlive(Alive a, boolean checked) {
    if (a.name().equals(ctx.localName)) {
      onAliveAboutSelf(a);
      return;
    }
    if (a.incarnation() > Incarnations.MAX) {
      ctx.stats.reject(Rejection.IMPLAUSIBLE_INCARNATION);
      return;
    }
    MemberEntry e = ctx.table.get(a.name());
    if (e == null) {
      if (!resurrects(a)) {
        addMember(a);
      }
      return;
    }
    if (a.incarnation() > e.incarnation) {
      if (!checked && !acceptable(e, a)) {
        return;
      }
      MemberState prev = e.state;
      boolean infoChanged = !e.info.sameAs(a.name(), a.address(), a.startId(), a.metadata());
      MemberInfo before = e.info;
      if (infoChanged) {
        ctx.table.beforeChange(e); // the digests hash the instance (a new start id)
        e.info =
            ctx.interner.intern(new MemberInfo(a.name(), a.address(), a.startId(), a.metadata()));
        ctx.table.afterChange(e);
        if (!before.address().equals(a.address())) {
          e.answered = false; // the new address has yet to prove it receives
        }
      }
      ctx.changeState(e, a.incarnation(), MemberState.ALIVE);
      gossip.enqueueAlive(e, false);
      if (before.startId() != a.startId()) {
        // a new instance took the name over: tell the old one, which refutes at once should it
        // still be running (the takeover was then a lie); one small datagram, lost if it is gone
        gossip.sendAlone(before.address(), List.of(ctx.encode(a)));
      }
      if (prev == MemberState.DEAD || prev == MemberState.LEFT) {
        gossip.promptRound();
      }
      switch (prev) {
        case DEAD, LEFT -> ctx.emit(MembershipEventType.JOINED, e, prev);
        case SUSPECT -> ctx.emit(MembershipEventType.RECOVERED, e, prev);
        case ALIVE -> {
          if (infoChanged) {
            ctx.emit(MembershipEventType.UPDATED, e, prev);
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
      Message ours = e.state == MemberState.ALIVE ? NodeContext.aliveOf(e) : ctx.accusation(e);
      List<byte[]> answer = List.of(ctx.encode(ours));
      boolean member = a.address().equals(e.info.address());
      gossip.answer(member ? e : null, a.address(), answer);
      if (e.state != MemberState.ALIVE && a.startId() != e.info.startId()) {
        gossip.enqueue(e, ours, false);
      }
    }
  }

  /**
   * Whether a newer alive about a held member may be applied now: not when its incarnation jumps
   * implausibly (the member is asked instead), not when it moves an instance to another address,
   * and not when it moves a live member to another address (a new instance must first show that the
   * old one is gone; a DEAD or LEFT one may restart elsewhere at once).
   */
  private boolean acceptable(MemberEntry e, Alive a) {
    if (!Incarnations.plausible(e.incarnation, a.incarnation())) {
      ctx.stats.reject(Rejection.IMPLAUSIBLE_INCARNATION);
      checks.check(e, null);
      return false;
    }
    if (!a.address().equals(e.info.address())) {
      if (a.startId() == e.info.startId()) {
        // one instance never changes its address, whatever state it is held in: otherwise a
        // forged leave followed by a forged alive would move it
        checks.conflict(e, a, true);
        return false;
      }
      if (e.state.isLive()) {
        checks.check(e, a);
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code a} is stale news of a member whose tombstone this node reaped: the same
   * instance, not newer than when it was declared DEAD or LEFT. It is refused and answered with
   * that accusation, so that a member in fact running (the other side of a long partition) refutes
   * and comes back at a higher incarnation. Anything newer drops the record.
   */
  private boolean resurrects(Alive a) {
    ReapedMembers.Reaped r = reaped.get(a.name());
    if (r == null) {
      return false;
    }
    if (!ReapedMembers.refuses(r, a.startId(), a.incarnation())) {
      reaped.remove(a.name());
      return false;
    }
    ctx.stats.resurrectionsRefused++;
    gossip.reply(a.address(), List.of(ctx.encode(r.accusation(ctx.localName))));
    return true;
  }

  private void addMember(Alive a) {
    if (ctx.leaving) {
      return;
    }
    if (ctx.table.size() >= ctx.cfg.maxMembers()) {
      ctx.stats.reject(Rejection.MEMBER_LIMIT);
      return;
    }
    long now = ctx.now;
    MemberInfo info =
        ctx.interner.intern(new MemberInfo(a.name(), a.address(), a.startId(), a.metadata()));
    MemberEntry e = new MemberEntry(info, a.incarnation(), MemberState.ALIVE, now);
    ctx.table.add(e);
    ctx.viewChanged();
    if (!mergingJoinState) {
      gossip.enqueueAlive(e, false);
      gossip.promptRound();
    }
    ctx.emit(MembershipEventType.JOINED, e, null);
    RememberedAccusation remembered = accusations.remove(a.name());
    Message acc =
        remembered != null && now - remembered.at() <= ctx.cfg.tombstoneTimeout().toMillis()
            ? remembered.message()
            : null;
    if (acc != null
        && accusedStartId(acc) == a.startId()
        && accusedIncarnation(acc) >= a.incarnation()) {
      // an accusation arrived before the member did: make sure it learns and refutes, and apply
      // it here too (precedence must not depend on arrival order); applying re-gossips it
      gossip.reply(a.address(), List.of(ctx.encode(acc)));
      if (acc instanceof Suspect s) {
        onSuspect(s);
      } else {
        onDead((Dead) acc);
      }
    }
  }

  private void onAliveAboutSelf(Alive a) {
    MemberEntry self = ctx.self;
    if (a.startId() == ctx.startId) {
      // only this node raises its own incarnation: a higher one it never sent is refuted, within
      // the plausible step (a forged ceiling must not leave it unable to refute ever again)
      if (a.incarnation() > self.incarnation && !ctx.leaving) {
        refuteIfPlausible(a.incarnation());
      }
      return;
    }
    // another instance claims our name: a restart of ours we outlive, or a lasting clash
    if (ctx.leaving) {
      return;
    }
    if (a.incarnation() < self.incarnation) {
      // older than what this instance has refuted: a record of a previous instance still making
      // its way round (each seed of a restart answers with one), already beaten; only a claim that
      // keeps up with this instance's refutations is another live member
      return;
    }
    long now = ctx.now;
    if (foreignAlives.size() == CLASH_CLAIMS) {
      foreignAlives.pollFirst();
    }
    foreignAlives.addLast(now);
    if (foreignAlives.size() == CLASH_CLAIMS
        && foreignAlives.peekFirst() >= now - CLASH_WINDOW_MS) {
      ctx.stats.nameClashes++;
      if (now - lastClashLog > CLASH_WINDOW_MS) {
        lastClashLog = now;
        log.error(
            "Name clash: another live member at {} uses this node's name '{}' (this node is at {});"
                + " give every member a unique name",
            a.address(),
            LogSafe.text(ctx.localName),
            self.info.address());
      }
    }
    refuteIfPlausible(a.incarnation());
  }

  /**
   * Refutes an accusation (or a claim) about this node at {@code accused}, unless it lies beyond
   * the refutable step above this node's own incarnation (or at the ceiling): then it is counted
   * and ignored.
   */
  private void refuteIfPlausible(long accused) {
    if (!Incarnations.refutable(ctx.self.incarnation, accused)) {
      ctx.stats.reject(Rejection.IMPLAUSIBLE_INCARNATION);
      return;
    }
    suspicions.refute(accused);
  }

  /** An accusation of this node at {@code incarnation} about the instance {@code startId}. */
  private void accusedSelf(long incarnation, long startId) {
    if (ctx.leaving) {
      return;
    }
    if (startId != ctx.startId) {
      // About another instance of this name (an earlier one, or an impostor): not an accusation
      // of this one, but whoever holds that instance must learn of this one. Beat its incarnation
      // (a replayed leave or death therefore only raises ours), or announce this one again.
      ctx.stats.reject(Rejection.OTHER_INSTANCE);
      if (incarnation >= ctx.self.incarnation) {
        refuteIfPlausible(incarnation);
      } else {
        reannounce();
      }
      return;
    }
    if (incarnation >= ctx.self.incarnation) {
      refuteIfPlausible(incarnation);
    }
  }

  /** Gossips this node's alive again, at most once a probe interval. */
  private void reannounce() {
    long now = ctx.now;
    if (now - lastReannounce < ctx.probeIntervalMs) {
      return;
    }
    lastReannounce = now;
    gossip.enqueueAlive(ctx.self, true);
  }

  void onSuspect(Suspect s) {
    onSuspect(s, ctx.table.get(s.name()));
  }

  /** Applies a suspicion of {@code e}, the entry of its name ({@code null}: not known). */
  private void onSuspect(Suspect s, MemberEntry e) {
    if (s.name().equals(ctx.localName)) {
      accusedSelf(s.incarnation(), s.startId());
      return;
    }
    if (e == null) {
      remember(s);
      return;
    }
    if (!admitAccusation(e, s.incarnation(), s.startId())) {
      return;
    }
    switch (e.state) {
      case ALIVE -> {
        suspicions.start(e, s.incarnation(), s.from());
        gossip.enqueue(e, s, false);
      }
      case SUSPECT -> {
        if (s.incarnation() > e.incarnation) {
          suspicions.start(e, s.incarnation(), s.from());
          gossip.enqueue(e, s, false);
        } else if (ctx.cfg.lifeguard() && suspicions.confirm(e, s.from())) {
          gossip.enqueue(e, s, false);
        }
      }
      default -> {
        // DEAD and LEFT are not revived or re-accused by a suspicion
      }
    }
  }

  /**
   * Whether an accusation at {@code incarnation} of instance {@code startId} concerns {@code e} at
   * all: not when it is about another instance, older than what is held, or implausibly newer.
   */
  private boolean admitAccusation(MemberEntry e, long incarnation, long startId) {
    if (startId != e.info.startId()) {
      ctx.stats.reject(Rejection.OTHER_INSTANCE);
      return false;
    }
    if (incarnation < e.incarnation) {
      return false;
    }
    if (!Incarnations.plausible(e.incarnation, incarnation)) {
      ctx.stats.reject(Rejection.IMPLAUSIBLE_INCARNATION);
      return false;
    }
    return true;
  }

  void onDead(Dead d) {
    onDead(d, ctx.table.get(d.name()));
  }

  /** Applies a death or leave of {@code e}, the entry of its name ({@code null}: not known). */
  private void onDead(Dead d, MemberEntry e) {
    if (d.name().equals(ctx.localName)) {
      accusedSelf(d.incarnation(), d.startId());
      return;
    }
    if (e == null) {
      if (!d.isLeave()) {
        remember(d);
      }
      return;
    }
    if (!admitAccusation(e, d.incarnation(), d.startId())) {
      return;
    }
    if (d.isLeave()) {
      if (e.state == MemberState.LEFT) {
        return;
      }
      MemberState prev = e.state;
      ctx.changeState(e, d.incarnation(), MemberState.LEFT);
      tombstones.add(e);
      gossip.enqueue(e, d, true);
      gossip.promptRound();
      tellTheAccused(e, d);
      ctx.emit(MembershipEventType.LEFT, e, prev);
    } else {
      if (e.state == MemberState.DEAD || e.state == MemberState.LEFT) {
        return;
      }
      MemberState prev = e.state;
      ctx.changeState(e, d.incarnation(), MemberState.DEAD);
      tombstones.add(e);
      gossip.enqueue(e, d, false);
      gossip.promptRound();
      tellTheAccused(e, d);
      ctx.emit(MembershipEventType.FAILED, e, prev);
    }
  }

  /**
   * Sends a death or leave learned from others to the member itself, once: gossip reaches a member
   * held DEAD or LEFT only by chance, and one that is in fact running (the news was a lie) must
   * refute at once. One small datagram; a member that left ignores it, a dead one never gets it.
   */
  private void tellTheAccused(MemberEntry e, Dead d) {
    gossip.sendAlone(e.info.address(), List.of(ctx.encode(d)));
  }

  private static long accusedIncarnation(Message m) {
    if (m instanceof Suspect s) {
      return s.incarnation();
    }
    return m instanceof Dead d ? d.incarnation() : -1;
  }

  private static long accusedStartId(Message m) {
    if (m instanceof Suspect s) {
      return s.startId();
    }
    return ((Dead) m).startId();
  }

  private void remember(Message accusation) {
    if (accusedIncarnation(accusation) > Incarnations.MAX) {
      ctx.stats.reject(Rejection.IMPLAUSIBLE_INCARNATION);
      return;
    }
    long now = ctx.now;
    String name = accusation instanceof Suspect s ? s.name() : ((Dead) accusation).name();
    accusations.remove(name);
    accusations.put(name, new RememberedAccusation(accusation, now));
    long ttl = ctx.cfg.tombstoneTimeout().toMillis();
    var it = accusations.values().iterator();
    while (it.hasNext()) {
      RememberedAccusation eldest = it.next();
      if (accusations.size() <= MAX_REMEMBERED_ACCUSATIONS && now - eldest.at() <= ttl) {
        break;
      }
      it.remove(); // over the count, or older than a tombstone would live
    }
  }

  /** Applies the member records of a full push-pull state that passed the inbound checks. */
  void merge(PushPull p, InboundChecks inbound) {
    merge(p, inbound, false);
  }

  /**
   * As {@link #merge(PushPull, InboundChecks)}; with {@code joinAnswer} the state is the answer to
   * this node's first join (it was in no cluster yet), whose members are added without being
   * gossiped again (a joiner that re-gossiped the whole view it was handed would, in a cluster of N
   * starting together, send N times N records that every other member already holds). Everything
   * else in it (a newer alive, an accusation) is applied and gossiped as usual.
   */
  void merge(PushPull p, InboundChecks inbound, boolean joinAnswer) {
    // the answers to stale records leave packed per destination once the state is merged
    gossip.holdAnswers();
    mergingJoinState = joinAnswer;
    try {
      for (MemberRecord r : p.members()) {
        if (!inbound.admit(r)) {
          continue;
        }
        switch (r.state()) {
          case ALIVE -> onAlive(aliveOf(r));
          case LEFT -> onDead(new Dead(r.name(), r.incarnation(), r.startId(), r.name()));
          default -> mergeAccusation(r, p.source());
        }
      }
    } finally {
      mergingJoinState = false;
      gossip.releaseAnswers();
    }
  }

  /** Second-hand SUSPECT or DEAD from a push-pull only starts a local suspicion. */
  private void mergeAccusation(MemberRecord r, String source) {
    if (r.name().equals(ctx.localName)) {
      accusedSelf(r.incarnation(), r.startId());
      return;
    }
    MemberEntry e = ctx.table.get(r.name());
    if (e == null) {
      if (r.state() == MemberState.DEAD) {
        return; // a tombstone we never knew: nothing to learn
      }
      onAlive(aliveOf(r));
    }
    onSuspect(new Suspect(r.name(), r.incarnation(), r.startId(), source));
  }

  private static Alive aliveOf(MemberRecord r) {
    return new Alive(r.name(), r.address(), r.incarnation(), r.startId(), r.metadata());
  }
}
