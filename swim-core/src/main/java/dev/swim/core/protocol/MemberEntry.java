package dev.swim.core.protocol;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;

/** One member's mutable state in one node's table. Touched only by the protocol thread. */
final class MemberEntry {
  MemberInfo info;
  long incarnation;
  MemberState state;
  long since;
  Suspicion suspicion;

  /** The update about this member waiting in the broadcast queue, if any. */
  BroadcastQueue.Item queued;

  /**
   * Whether the member has proved that it receives at its current address (it acked one of this
   * node's pings, or answered a stream this node opened there). Until then it gets no gossip: a
   * gossip round that picks it sends it a small ping asking for that proof instead (at most one per
   * probe interval), and its probes prove it too; a lie that adds a member at someone else's
   * address costs that address a few pings, not a stream of gossip. Asking only when a round picks
   * the member keeps the cost to what gossip costs: a joiner handed a thousand members, or a
   * thousand members each learning of every joiner, sends no burst of pings. Cleared when the
   * address changes.
   */
  boolean answered;

  /** The sequence number of the last ping sent to ask for that proof (0: none). */
  long validationSeq;

  /** When that ping went out. */
  long validationAt = Long.MIN_VALUE / 2;

  MemberEntry(MemberInfo info, long incarnation, MemberState state, long since) {
    this.info = info;
    this.incarnation = incarnation;
    this.state = state;
    this.since = since;
  }

  String name() {
    return info.name();
  }

  Member snapshot() {
    return new Member(
        info.name(), info.address(), state, incarnation, info.metadata(), info.startId(), since);
  }

  /** This entry's contribution to the membership digest. */
  long digestTerm() {
    long h = info.nameHash() ^ (incarnation * 0x9E3779B97F4A7C15L);
    h ^= state.isLive() ? 0x5851F42D4C957F2DL : 0x14057B7EF767814FL;
    h ^= h >>> 31;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 29;
    return h;
  }
}
