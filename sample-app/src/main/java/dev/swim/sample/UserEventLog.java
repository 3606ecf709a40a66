package dev.swim.sample;

import dev.swim.spring.event.SwimUserEvent;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Keeps every user event this node received, in order (at most {@value #CAPACITY}). */
@Component
public class UserEventLog {

  /** The most events kept; the oldest go first. */
  static final int CAPACITY = 10_000;

  private final List<UserEventRecord> events = new ArrayList<>();

  /** Records one event (called in order, on the Gossiper's listener thread). */
  @EventListener
  public void on(SwimUserEvent event) {
    synchronized (events) {
      if (events.size() == CAPACITY) {
        events.remove(0);
      }
      events.add(UserEventRecord.of(event));
    }
  }

  /** A copy of the events received so far, oldest first. */
  public List<UserEventRecord> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }
}
