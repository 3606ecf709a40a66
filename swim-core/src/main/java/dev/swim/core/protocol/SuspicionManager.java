package dev.swim.core.protocol;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.wire.Message.Dead;

/**
 * SWIM's suspicion mechanism with Lifeguard's dynamic suspicion timeouts: a suspected member is
 * declared DEAD when its timeout runs out, the timeout shrinking from the max towards the min as
 * independent members confirm the suspicion; an unconfirmed suspicion is checked with the member
 * itself. And the other side: this node refutes any accusation of itself by raising its
 * incarnation.
 */
final class SuspicionManager {
  private final NodeContext ctx;
  private final Disseminator gossip;
  private final Tombstones tombstones;
  private final AntiEntropy antiEntropy;

  SuspicionManager(
      NodeContext ctx, Disseminator gossip, Tombstones tombstones, AntiEntropy antiEntropy) {
    this.ctx = ctx;
    this.gossip = gossip;
    this.tombstones = tombstones;
    this.antiEntropy = antiEntropy;
  }

  /**
   * Suspects {@code e} at {@code incarnation} on {@code accuser}'s word, restarting the timeout.
   */
  void start(MemberEntry e, long incarnation, String accuser) {
    MemberState prev = e.state;
    if (e.suspicion != null && e.suspicion.timer != null) {
      e.suspicion.timer.cancel();
    }
    ctx.changeState(e, incarnation, MemberState.SUSPECT);
    SwimConfig cfg = ctx.cfg;
    long now = ctx.now;
    int n = ctx.table.liveCount();
    long min = Formulas.suspicionMinMillis(cfg.suspicionMult(), n, ctx.probeIntervalMs);
    long max =
        cfg.lifeguard() ? Formulas.suspicionMaxMillis(min, cfg.suspicionMaxTimeoutMult()) : min;
    int wanted = cfg.lifeguard() ? Formulas.confirmationsWanted(cfg.suspicionMult(), n) : 0;
    Suspicion s = new Suspicion(now, incarnation, min, max, wanted, accuser);
    e.suspicion = s;
    s.timer = ctx.timers.schedule(s.deadline(), "suspicion", () -> expired(e, s));
    if (wanted > 0) {
      ctx.timers.schedule(now + min, "suspicion check", () -> verifyUnconfirmed(e, s));
    }
    if (accuser.equals(ctx.localName)) {
      ctx.stats.suspicions++;
    }
    if (prev == MemberState.ALIVE) {
      ctx.emit(MembershipEventType.SUSPECTED, e, prev);
    }
  }

  /**
   * Counts {@code from}'s accusation of the suspected {@code e} (Lifeguard): when it is a new,
   * independent confirmation the timeout shrinks.
   *
   * @return whether it counted
   */
  boolean confirm(MemberEntry e, String from) {
    if (e.suspicion == null || !e.suspicion.confirm(from)) {
      return false;
    }
    Suspicion s = e.suspicion;
    s.timer.cancel();
    long at = Math.max(ctx.now, s.deadline());
    s.timer = ctx.timers.schedule(at, "suspicion", () -> expired(e, s));
    return true;
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
        || ctx.table.get(e.name()) != e
        || s.confirmations() >= s.wanted
        || ctx.leaving) {
      return;
    }
    antiEntropy.sendPushPull(e.info.address(), true, Outbox.StreamPurpose.PUSH_PULL);
  }

  private void expired(MemberEntry e, Suspicion s) {
    if (e.suspicion != s || e.state != MemberState.SUSPECT || ctx.table.get(e.name()) != e) {
      return;
    }
    ctx.changeState(e, e.incarnation, MemberState.DEAD);
    tombstones.add(e);
    ctx.stats.deadDeclared++;
    gossip.enqueue(e, new Dead(e.name(), e.incarnation, e.info.startId(), ctx.localName), false);
    gossip.promptRound();
    ctx.emit(MembershipEventType.FAILED, e, MemberState.SUSPECT);
  }

  /**
   * Refutes an accusation of this node at {@code accused}: a higher incarnation, gossiped first.
   * The caller has checked that {@code accused} is plausible, so the sum cannot pass the ceiling.
   */
  void refute(long accused) {
    MemberEntry self = ctx.self;
    long next = Incarnations.above(self.incarnation, accused);
    ctx.table.beforeChange(self);
    self.incarnation = next;
    ctx.table.afterChange(self);
    ctx.stats.refutations++;
    if (ctx.cfg.lifeguard()) {
      ctx.health.apply(1);
    }
    gossip.enqueueAlive(self, true);
  }
}
