package dev.swim.core.protocol;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.member.NodeAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps DEAD and LEFT members as tombstones for the tombstone timeout, so late or repeated updates
 * about them are judged by incarnation rather than taken as news, then reaps them from the table
 * (each reap is a REMOVED event) into the smaller record of {@link ReapedMembers}. A member revived
 * in the meantime drops out of the queue.
 */
final class Tombstones {
  private final NodeContext ctx;
  private final Disseminator gossip;
  private final ReapedMembers reaped;
  private final ArrayDeque<MemberEntry> queue = new ArrayDeque<>();
  private TimerQueue.Timer reapTimer;

  Tombstones(NodeContext ctx, Disseminator gossip, ReapedMembers reaped) {
    this.gossip = gossip;
    this.ctx = ctx;
    this.reaped = reaped;
  }

  /** Starts the timeout of a member that just turned DEAD or LEFT. */
  void add(MemberEntry e) {
    queue.addLast(e);
    if (reapTimer == null) {
      reapTimer =
          ctx.timers.schedule(
              e.since + ctx.cfg.tombstoneTimeout().toMillis(), "reap", this::reapTick);
    }
  }

  /** The addresses of members still held DEAD that died at most {@code windowMs} ago. */
  List<NodeAddress> recentlyDead(long windowMs) {
    List<NodeAddress> out = new ArrayList<>();
    for (MemberEntry e : queue) {
      if (e.state == MemberState.DEAD
          && ctx.table.get(e.name()) == e
          && ctx.now - e.since <= windowMs) {
        out.add(e.info.address());
      }
    }
    return out;
  }

  private void reapTick() {
    reapTimer = null;
    long now = ctx.now;
    long ttl = ctx.cfg.tombstoneTimeout().toMillis();
    while (!queue.isEmpty()) {
      MemberEntry e = queue.peekFirst();
      if (ctx.table.get(e.name()) != e || e.state.isLive()) {
        queue.pollFirst(); // revived or already forgotten
        continue;
      }
      if (now - e.since < ttl) {
        break;
      }
      queue.pollFirst();
      ctx.table.remove(e);
      reaped.add(e);
      gossip.forgetMember(e);
      ctx.viewChanged();
      ctx.emit(MembershipEventType.REMOVED, e, e.state);
    }
    if (!queue.isEmpty()) {
      long at = Math.max(now + 1, queue.peekFirst().since + ttl);
      reapTimer = ctx.timers.schedule(Math.min(at, now + 1000), "reap", this::reapTick);
    }
  }
}
