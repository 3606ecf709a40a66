package dev.swim.sample;

import dev.swim.spring.event.SwimMembershipEvent;
import java.time.Instant;

/**
 * One membership event as {@code GET /membership-events} lists it.
 *
 * @param type JOINED, UPDATED, SUSPECTED, RECOVERED, FAILED, LEFT or REMOVED
 * @param member the member's name
 * @param state the member's state after the event: ALIVE, SUSPECT, DEAD or LEFT
 * @param at when this node received the event, as an ISO-8601 instant
 */
public record MembershipEventRecord(String type, String member, String state, String at) {

  /** The record of {@code event}, received now. */
  static MembershipEventRecord of(SwimMembershipEvent event) {
    return new MembershipEventRecord(
        event.getType().name(),
        event.getMember().name(),
        event.getMember().state().name(),
        Instant.ofEpochMilli(event.getTimestamp()).toString());
  }
}
