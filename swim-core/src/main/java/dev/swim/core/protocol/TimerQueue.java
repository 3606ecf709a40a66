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
    final String name;
    final Runnable action;
    final TimerQueue queue;
    boolean cancelled;
    boolean done;

    Timer(long at, long order, String name, Runnable action, TimerQueue queue) {
      this.at = at;
      this.order = order;
      this.name = name;
      this.action = action;
      this.queue = queue;
    }

    void cancel() {
      if (!cancelled && !done) {
        cancelled = true;
        queue.cancelledPending++;
        queue.purgeIfMostlyCancelled();
      }
    }

    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }

  private final PriorityQueue<Timer> queue = new PriorityQueue<>();
  private long order;

  /** Cancelled timers still in the heap; they are dropped when they come up or in a purge. */
  private int cancelledPending;

  /** Where an exception thrown by a timer's action goes; the other due timers still run. */
  interface Errors {
    void record(String what, RuntimeException e);
  }

  private Errors errors =
      (what, e) -> {
        throw e;
      };

  /** Routes exceptions thrown by timer actions to {@code errors}. */
  void onErrors(Errors errors) {
    this.errors = errors;
  }

  /** Schedules {@code action} at {@code at}; {@code name} says what it is in error reports. */
  Timer schedule(long at, String name, Runnable action) {
    Timer t = new Timer(at, order++, name, action, this);
    queue.add(t);
    return t;
  }

  /**
   * Drops every cancelled timer at once when they are most of the heap (Lifeguard reschedules a
   * suspicion timer on every confirmation, and acked probes cancel theirs), so the heap, and every
   * operation on it, stays the size of what is really pending.
   */
  private void purgeIfMostlyCancelled() {
    if (cancelledPending > 32 && cancelledPending > queue.size() / 2) {
      queue.removeIf(t -> t.cancelled);
      cancelledPending = 0;
    }
  }

  private Timer pollHead() {
    Timer t = queue.poll();
    t.done = true;
    if (t.cancelled) {
      cancelledPending--;
    }
    return t;
  }

  /** The earliest pending deadline, or {@link Long#MAX_VALUE}. */
  long nextDeadline() {
    Timer t = queue.peek();
    while (t != null && t.cancelled) {
      pollHead();
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
      pollHead();
      if (!t.cancelled) {
        try {
          t.action.run();
        } catch (RuntimeException e) {
          errors.record("the " + t.name + " timer", e);
        }
      }
    }
  }

  int size() {
    return queue.size();
  }
}
