package dev.swim.core.protocol;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.Message.Dead;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.random.RandomGenerator;

/**
 * What this node remembers of members whose tombstones it has reaped: per name, the instance (start
 * id), the incarnation it was declared DEAD or LEFT at, its address, and when. A record lives for
 * the reconnect timeout and there are at most as many as the member limit (the oldest goes first,
 * and that eviction is counted).
 *
 * <p>It serves two rules. No resurrection: news of the same instance that is not newer than the
 * record (a stale alive from a member that was partitioned away, or a datagram delayed in the
 * network) does not bring the member back; a new instance or a higher incarnation does. And
 * reconnection: the members that failed (not those that left) are the ones {@link AntiEntropy}
 * contacts again, so that two halves of a partition that outlasted the tombstones find each other.
 */
final class ReapedMembers {

  /** One reaped member. */
  record Reaped(
      String name, NodeAddress address, long startId, long incarnation, boolean left, long since) {

    /** The accusation that stated its end: a live instance that hears it refutes. */
    Dead accusation(String localName) {
      return new Dead(name, incarnation, startId, left ? name : localName);
    }
  }

  private final NodeContext ctx;
  private final LinkedHashMap<String, Reaped> byName = new LinkedHashMap<>();
  private int failed;

  ReapedMembers(NodeContext ctx) {
    this.ctx = ctx;
  }

  /** Remembers a member whose tombstone was just reaped. */
  void add(MemberEntry e) {
    expire();
    if (ctx.cfg.reconnectTimeout().isZero()) {
      return;
    }
    remove(e.name());
    Reaped r =
        new Reaped(
            e.name(),
            e.info.address(),
            e.info.startId(),
            e.incarnation,
            e.state == MemberState.LEFT,
            e.since);
    byName.put(r.name(), r);
    if (!r.left()) {
      failed++;
    }
    if (byName.size() > ctx.cfg.maxMembers()) {
      Iterator<Reaped> eldest = byName.values().iterator();
      drop(eldest.next());
      eldest.remove();
      ctx.stats.reapedRecordsEvicted++;
    }
  }

  /** The record of {@code name} within the reconnect timeout, or {@code null}. */
  Reaped get(String name) {
    Reaped r = byName.isEmpty() ? null : byName.get(name);
    return r == null || ctx.now - r.since() > ctx.cfg.reconnectTimeout().toMillis() ? null : r;
  }

  /**
   * Whether news of an alive {@code incarnation} of instance {@code startId} is stale against the
   * record of its reaped member: the same instance, not newer.
   */
  static boolean refuses(Reaped r, long startId, long incarnation) {
    return r.startId() == startId && incarnation <= r.incarnation();
  }

  /** Forgets the record of {@code name} (its member is back, newer). */
  void remove(String name) {
    Reaped r = byName.isEmpty() ? null : byName.remove(name);
    if (r != null) {
      drop(r);
    }
  }

  private void drop(Reaped r) {
    if (!r.left()) {
      failed--;
    }
  }

  /** Drops the records older than the reconnect timeout (records come in age order). */
  void expire() {
    long timeout = ctx.cfg.reconnectTimeout().toMillis();
    Iterator<Reaped> it = byName.values().iterator();
    while (it.hasNext()) {
      Reaped r = it.next();
      if (ctx.now - r.since() <= timeout) {
        break;
      }
      drop(r);
      it.remove();
    }
  }

  /** Records of members that failed, within the reconnect timeout. */
  int failedCount() {
    return failed;
  }

  /**
   * A member that failed, picked at random, or {@code null} when there is none. Walks the records:
   * it runs once a reconnect interval, not per message.
   */
  Reaped randomFailed(RandomGenerator random) {
    if (failed == 0) {
      return null;
    }
    int skip = random.nextInt(failed);
    for (Reaped r : byName.values()) {
      if (!r.left() && skip-- == 0) {
        return r;
      }
    }
    return null;
  }
}
