package dev.swim.core.runtime;

import dev.swim.core.member.MembershipEvent;

/**
 * Receives membership events in order, on the Gossiper's event thread, never while protocol state
 * is locked: it may call any {@link Gossiper} method. A slow listener delays later events, not the
 * protocol.
 */
@FunctionalInterface
public interface MembershipListener {
  /** Called once per event, in the order the node saw them. */
  void onMembershipEvent(MembershipEvent event);
}
