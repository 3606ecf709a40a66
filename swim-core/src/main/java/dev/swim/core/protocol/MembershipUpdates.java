package dev.swim.core.protocol;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.member.NodeAddress;
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
 */
final class MembershipUpdates {
  // the documented logger category of the protocol's warnings (docs/operations.md)
  private static final Logger log = LoggerFactory.getLogger(SwimNode.class);
  private static final int MAX_REMEMBERED_ACCUSATIONS = 1024;

  private final NodeContext ctx;
  private final Disseminator gossip;
  private final Tombstones tombstones;
  private final SuspicionManager suspicions;

  /** Accusations about members not known yet, with when they arrived; bounded in count and time. */
  private final LinkedHashMap<String, RememberedAccusation> accusations = new LinkedHashMap<>();

  private record RememberedAccusation(Message message, long at) {}

  private final ArrayDeque<Long> foreignAlives = new ArrayDeque<>();
  private long lastClashLog = Long.MIN_VALUE / 2;

  MembershipUpdates(
      NodeContext ctx, Disseminator gossip, Tombstones tombstones, SuspicionManager suspicions) {
    this.ctx = ctx;
    this.gossip = gossip;
    this.tombstones = tombstones;
    this.suspicions = suspicions;
  }

  /**
   * A stale accusation (lower incarnation than the member's current ALIVE) tells us its sender
   * missed a refutation: answer it with the newer alive, so stragglers cannot sit on an old
   * suspicion until it expires into a false DEAD.
   */
  void correctIfStale(String name, long accusedIncarnation, NodeAddress from) {
    if (from == null) {
      return;
    }
    MemberEntry e = ctx.table.get(name);
    if (e != null && e.state == MemberState.ALIVE && accusedIncarnation < e.incarnation) {
      gossip.send(from, List.of(ctx.encode(NodeContext.aliveOf(e))));
    }
  }

  void onAlive(Alive a) {
    if (a.name().equals(ctx.localName)) {
      onAliveAboutSelf(a);
      return;
    }
    MemberEntry e = ctx.table.get(a.name());
    if (e == null) {
      if (ctx.leaving) {
        return;
      }
      long now = ctx.now;
      MemberInfo info =
          ctx.interner.intern(new MemberInfo(a.name(), a.address(), a.startId(), a.metadata()));
      e = new MemberEntry(info, a.incarnation(), MemberState.ALIVE, now);
      ctx.table.add(e);
      ctx.viewChanged();
      gossip.enqueueAlive(e, false);
      gossip.promptRound();
      ctx.emit(MembershipEventType.JOINED, e, null);
      RememberedAccusation remembered = accusations.remove(a.name());
      Message acc =
          remembered != null && now - remembered.at() <= ctx.cfg.tombstoneTimeout().toMillis()
              ? remembered.message()
              : null;
      if (acc != null && accusedIncarnation(acc) >= a.incarnation()) {
        // an accusation arrived before the member did: make sure it learns and refutes, and apply
        // it here too (precedence must not depend on arrival order); applying re-gossips it
        gossip.send(a.address(), List.of(ctx.encode(acc)));
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
        e.info =
            ctx.interner.intern(new MemberInfo(a.name(), a.address(), a.startId(), a.metadata()));
      }
      ctx.changeState(e, a.incarnation(), MemberState.ALIVE);
      gossip.enqueueAlive(e, false);
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
      gossip.send(a.address(), List.of(ctx.encode(ours)));
      if (e.state != MemberState.ALIVE && a.startId() != e.info.startId()) {
        gossip.enqueue(e.name(), ours, false);
      }
    }
  }

  private void onAliveAboutSelf(Alive a) {
    MemberEntry self = ctx.self;
    if (a.startId() == ctx.startId) {
      if (a.incarnation() > self.incarnation && !ctx.leaving) {
        suspicions.refute(a.incarnation());
      }
      return;
    }
    // another instance claims our name: a restart of ours we outlive, or a lasting clash
    if (ctx.leaving) {
      return;
    }
    long now = ctx.now;
    foreignAlives.addLast(now);
    while (!foreignAlives.isEmpty() && foreignAlives.peekFirst() < now - 30_000) {
      foreignAlives.pollFirst();
    }
    if (foreignAlives.size() >= 4) {
      ctx.stats.nameClashes++;
      if (now - lastClashLog > 30_000) {
        lastClashLog = now;
        log.error(
            "Name clash: another live member at {} uses this node's name '{}' (this node is at {});"
                + " give every member a unique name",
            a.address(),
            ctx.localName,
            self.info.address());
      }
    }
    if (a.incarnation() >= self.incarnation) {
      suspicions.refute(a.incarnation());
    }
  }

  void onSuspect(Suspect s) {
    if (s.name().equals(ctx.localName)) {
      if (!ctx.leaving && s.incarnation() >= ctx.self.incarnation) {
        suspicions.refute(s.incarnation());
      }
      return;
    }
    MemberEntry e = ctx.table.get(s.name());
    if (e == null) {
      remember(s);
      return;
    }
    if (s.incarnation() < e.incarnation) {
      return;
    }
    switch (e.state) {
      case ALIVE -> {
        suspicions.start(e, s.incarnation(), s.from());
        gossip.enqueue(e.name(), s, false);
      }
      case SUSPECT -> {
        if (s.incarnation() > e.incarnation) {
          suspicions.start(e, s.incarnation(), s.from());
          gossip.enqueue(e.name(), s, false);
        } else if (ctx.cfg.lifeguard() && suspicions.confirm(e, s.from())) {
          gossip.enqueue(e.name(), s, false);
        }
      }
      default -> {
        // DEAD and LEFT are not revived or re-accused by a suspicion
      }
    }
  }

  void onDead(Dead d) {
    if (d.name().equals(ctx.localName)) {
      if (!ctx.leaving && d.incarnation() >= ctx.self.incarnation) {
        suspicions.refute(d.incarnation());
      }
      return;
    }
    MemberEntry e = ctx.table.get(d.name());
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
      ctx.changeState(e, d.incarnation(), MemberState.LEFT);
      tombstones.add(e);
      gossip.enqueue(e.name(), d, true);
      gossip.promptRound();
      ctx.emit(MembershipEventType.LEFT, e, prev);
    } else {
      if (e.state == MemberState.DEAD || e.state == MemberState.LEFT) {
        return;
      }
      MemberState prev = e.state;
      ctx.changeState(e, d.incarnation(), MemberState.DEAD);
      tombstones.add(e);
      gossip.enqueue(e.name(), d, false);
      gossip.promptRound();
      ctx.emit(MembershipEventType.FAILED, e, prev);
    }
  }

  private static long accusedIncarnation(Message m) {
    if (m instanceof Suspect s) {
      return s.incarnation();
    }
    return m instanceof Dead d ? d.incarnation() : -1;
  }

  private void remember(Message accusation) {
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

  /** Applies the member records of a full push-pull state. */
  void merge(PushPull p) {
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
    if (r.name().equals(ctx.localName)) {
      if (!ctx.leaving && r.incarnation() >= ctx.self.incarnation) {
        suspicions.refute(r.incarnation());
      }
      return;
    }
    MemberEntry e = ctx.table.get(r.name());
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
}
