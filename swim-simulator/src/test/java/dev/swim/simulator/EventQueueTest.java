package dev.swim.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The simulator's event queue gives events in exactly the order of a priority queue over (time,
 * creation order), whatever the mix of near, far and past times and of adds between takes.
 */
class EventQueueTest {

  private static final class Ev extends EventQueue.Entry {
    Ev(long at, long order) {
      super(at, order);
    }
  }

  @Test
  void takesEventsInTheOrderOfAPriorityQueue() {
    for (long seed = 1; seed <= 20; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      EventQueue<Ev> q = new EventQueue<>();
      PriorityQueue<Ev> reference = new PriorityQueue<>(Ev::compareTo);
      long now = 0;
      long order = 0;
      for (int step = 0; step < 20_000; step++) {
        int op = r.nextInt(10);
        if (op < 6) {
          long at =
              switch (r.nextInt(4)) {
                case 0 -> now + r.nextInt(3); // a datagram's latency
                case 1 -> now + r.nextInt(2_000); // a timer
                case 2 -> now + EventQueue.SPAN + r.nextInt(3 * EventQueue.SPAN); // beyond the ring
                default -> Math.max(0, now - r.nextInt(5)); // a caller scheduling in the past
              };
          Ev e = new Ev(at, order++);
          q.add(e);
          reference.add(e);
        } else {
          Ev expected = reference.peek();
          assertThat(q.peek()).isSameAs(expected);
          Ev got = q.poll();
          assertThat(got).as("seed %d step %d", seed, step).isSameAs(reference.poll());
          if (got != null) {
            now = Math.max(now, got.at);
          }
        }
      }
      while (!reference.isEmpty()) {
        assertThat(q.poll()).isSameAs(reference.poll());
      }
      assertThat(q.poll()).isNull();
      assertThat(q.peek()).isNull();
    }
  }
}
