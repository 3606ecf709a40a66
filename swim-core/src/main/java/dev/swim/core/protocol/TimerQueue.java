package dev.swim.core.protocol;

import java.util.PriorityQueue;

/**
 * The node's timers, on the caller's clock. The driver asks for {@link #nextDeadline()} and calls
 * {@link #runDue(long)}; nothing here reads a clock or starts a thread.
 */
final class TimerQueue {

  /** A scheduled action; cancel it by {@link #cancel()}. */
  static final class Timer implements Comparable<Timer> {
    final long at;
    final long order;
    final Runnable action;
    boolean cancelled;

    Timer(long at, long order, Runnable action) {
      this.at = at;
      this.order = order;
      this.action = action;
    }

    void cancel() {
      cancelled = true;
    }

    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }

  private final PriorityQueue<Timer> queue = new PriorityQueue<>();
  private long order;

  Timer schedule(long at, Runnable action) {
    Timer t = new Timer(at, order++, action);
    queue.add(t);
    return t;
  }

  /** The earliest pending deadline, or {@link Long#MAX_VALUE}. */
  long nextDeadline() {
    Timer t = queue.peek();
    while (t != null && t.cancelled) {
      queue.poll();
      t = queue.peek();
    }
    return t == null ? Long.MAX_VALUE : t.at;
  }

  /** Runs every timer due at {@code now}, in deadline order (including ones they schedule). */
  void runDue(long now) {
    while (true) {
      Timer t = queue.peek();
      if (t == null || t.at > now) {
        return;
      }
      queue.poll();
      if (!t.cancelled) {
        t.action.run();
      }
    }
  }

  int size() {
    return queue.size();
  }
}
