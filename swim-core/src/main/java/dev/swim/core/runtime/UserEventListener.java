package dev.swim.core.runtime;

/** Receives cluster-wide user events, at most once each, on the Gossiper's event thread. */
@FunctionalInterface
public interface UserEventListener {
  /**
   * Called once per user event.
   *
   * @param name the event's name
   * @param origin the name of the member that broadcast it
   * @param payload the event's bytes (a copy the listener may keep)
   */
  void onUserEvent(String name, String origin, byte[] payload);
}
