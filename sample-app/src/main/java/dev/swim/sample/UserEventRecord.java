package dev.swim.sample;

import dev.swim.spring.event.SwimUserEvent;

/**
 * One user event as {@code GET /events} lists it.
 *
 * @param name the event's name
 * @param origin the member that broadcast it
 * @param payload the payload decoded as UTF-8
 */
public record UserEventRecord(String name, String origin, String payload) {

  /** The record of {@code event}. */
  static UserEventRecord of(SwimUserEvent event) {
    return new UserEventRecord(event.getName(), event.getOrigin(), event.getPayloadAsString());
  }
}
