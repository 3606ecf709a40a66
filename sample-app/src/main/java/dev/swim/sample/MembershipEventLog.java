package dev.swim.sample;

import dev.swim.spring.event.SwimMembershipEvent;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Keeps every membership event this node received, in order (at most {@value #CAPACITY}). */
@Component
public class MembershipEventLog {

  /** The most events kept; the oldest go first. */
  static final int CAPACITY = 10_000;

  private final List<MembershipEventRecord> events = new ArrayList<>();

  /** Records one event (called in order, on the Gossiper's listener thread). */
  @EventListener
  public void on(SwimMembershipEvent event) {
    synchronized (events) {
      if (events.size() == CAPACITY) {
        events.remove(0);
      }
      events.add(MembershipEventRecord.of(event));
    }
  }

  /** A copy of the events received so far, oldest first. */
  public List<MembershipEventRecord> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }
}
