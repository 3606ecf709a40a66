package dev.swim.core.protocol;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.ProtocolStats.Rejection;
import dev.swim.core.wire.Message.Ack;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Ping;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a member itself, at the address this node holds for it, before believing a claim about it
 * that would do lasting harm if false: that it moved to another address (an address hijack), or
 * that its incarnation jumped further than any member raises its own. The check is a ping over the
 * stream transport to the held address; the member answers with an ack and its own alive record. A
 * connection to an address cannot be faked from elsewhere, so that answer is the member's own word:
 *
 * <ul>
 *   <li>it answers as the instance held: the claim of a new address is a conflict (counted, logged
 *       once per member per minute), the member keeps its address; its own record is applied, so an
 *       incarnation this node refused as implausible is repaired;
 *   <li>nothing answers as that member there: the instance at the held address is gone, and a
 *       pending claim of a new address by a new instance (a restart elsewhere) is applied.
 * </ul>
 *
 * Bounded: at most {@value #MAX_IN_FLIGHT} checks at once (more are counted and skipped), at most
 * one per member per probe interval, and the conflict log remembers at most {@value
 * #MAX_REMEMBERED} members.
 */
final class ClaimChecks {
  // the documented logger category of the protocol's warnings (docs/operations.md)
  private static final Logger log = LoggerFactory.getLogger(SwimNode.class);
  static final int MAX_IN_FLIGHT = 64;
  static final int MAX_REMEMBERED = 1024;
  private static final long LOG_EVERY_MS = 60_000;

  /** One check in flight. */
  private static final class Check {
    final MemberEntry entry;
    final NodeAddress heldAddress;
    final long heldStartId;
    Alive claim;

    Check(MemberEntry entry, Alive claim) {
      this.entry = entry;
      this.heldAddress = entry.info.address();
      this.heldStartId = entry.info.startId();
      this.claim = claim;
    }
  }

  private final NodeContext ctx;
  private final Map<Long, Check> bySeq = new HashMap<>();
  private final Map<String, Check> byName = new HashMap<>();
  private final RecentTimes lastCheck;
  private final RecentTimes lastLog = new RecentTimes(MAX_REMEMBERED, LOG_EVERY_MS);
  private MembershipUpdates updates;

  ClaimChecks(NodeContext ctx) {
    this.ctx = ctx;
    this.lastCheck = new RecentTimes(MAX_REMEMBERED, ctx.probeIntervalMs);
  }

  void bind(MembershipUpdates updates) {
    this.updates = updates;
  }

  /**
   * Checks {@code e} at its held address; {@code claim}, when not null, is an alive of another
   * instance at another address, applied only if nothing answers there as the held instance.
   */
  void check(MemberEntry e, Alive claim) {
    Check pending = byName.get(e.name());
    if (pending != null) {
      if (claim != null
          && (pending.claim == null || claim.incarnation() > pending.claim.incarnation())) {
        pending.claim = claim;
      }
      return;
    }
    long now = ctx.now;
    if (claim == null && lastCheck.within(e.name(), now)) {
      return;
    }
    if (bySeq.size() >= MAX_IN_FLIGHT) {
      ctx.stats.reject(Rejection.CHECK_LIMIT);
      return;
    }
    long seq = ctx.nextSeq();
    Check c = new Check(e, claim);
    bySeq.put(seq, c);
    byName.put(e.name(), c);
    lastCheck.record(e.name(), now);
    ctx.stats.claimChecks++;
    byte[] ping =
        ctx.codec.encodeFrame(new Ping(seq, e.name(), ctx.localName, ctx.self.info.address()));
    ctx.stats.streamBytesSent += ping.length;
    ctx.count(dev.swim.core.wire.Message.Types.PING, true);
    ctx.outbox.streamRequest(
        c.heldAddress, ping, Outbox.StreamPurpose.CHECK, seq, Outbox.NO_DEADLINE);
  }

  /** The answer to check {@code seq}: an ack and, from current nodes, the member's own alive. */
  void onAnswer(long seq, NodeAddress to, Ack ack, Alive own) {
    Check c = finish(seq);
    if (c == null) {
      return;
    }
    String name = c.entry.name();
    boolean answered = ack != null && ack.source().equals(name) && to.equals(c.heldAddress);
    if (!answered) {
      onGone(c);
      return;
    }
    boolean sameInstance = own == null || own.startId() == c.heldStartId;
    if (own != null && own.name().equals(name) && own.address().equals(c.heldAddress)) {
      updates.onAlive(own, true); // the member's own word about itself, from its own address
    }
    if (c.claim != null) {
      // someone still answers as this member at its held address: the move is not believed
      conflict(c.entry, c.claim, sameInstance);
    }
  }

  /** Check {@code seq} failed: nothing answered at the held address. */
  void onFailed(long seq) {
    Check c = finish(seq);
    if (c != null) {
      onGone(c);
    }
  }

  private Check finish(long seq) {
    Check c = bySeq.remove(seq);
    if (c != null) {
      byName.remove(c.entry.name(), c);
    }
    return c;
  }

  private void onGone(Check c) {
    MemberEntry e = c.entry;
    if (c.claim == null
        || ctx.table.get(e.name()) != e
        || !e.info.address().equals(c.heldAddress)) {
      return;
    }
    updates.onAlive(c.claim, true); // the held instance is gone: the new one moves in
  }

  /** Counts and (once per member per minute) logs a refused move of a live member. */
  void conflict(MemberEntry e, Alive claim, boolean sameInstance) {
    ctx.stats.conflicts++;
    long now = ctx.now;
    if (lastLog.within(e.name(), now)) {
      return;
    }
    lastLog.record(e.name(), now);
    log.warn(
        "Address conflict for member '{}': it answers at {}, but a claim places {} at {};"
            + " keeping {} (further conflicts for this member are only counted for a minute)",
        LogSafe.text(e.name()),
        e.info.address(),
        sameInstance ? "the same instance" : "another instance",
        claim.address(),
        e.info.address());
  }

  /** Checks in flight (for tests). */
  int inFlight() {
    return bySeq.size();
  }
}
