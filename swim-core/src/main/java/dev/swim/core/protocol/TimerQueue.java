package dev.swim.core.protocol;

import java.util.Arrays;

/**
 * The node's timers, on the caller's clock. The driver asks for {@link #nextDeadline()} and calls
 * {@link #runDue(long)}; nothing here reads a clock or starts a thread.
 *
 * <p>Timers run in order of (deadline, scheduling order). The heap keeps each timer's two keys in
 * arrays of its own beside the timers, so sifting compares neighbouring longs instead of reading
 * timer objects scattered over the heap: with a suspicion timer per suspected member (rescheduled
 * at every confirmation) the heap is hundreds deep, and a simulation drives thousands of them.
 */
final class TimerQueue {

  private static final int INITIAL_CAPACITY = 16;

  /** A scheduled action; cancel it by {@link #cancel()}. */
  static final class Timer {
    final long at;
    final String name;
    final Runnable action;
    final TimerQueue queue;
    boolean cancelled;
    boolean done;

    Timer(long at, String name, Runnable action, TimerQueue queue) {
      this.at = at;
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
  }

  // a binary heap: the timer at i and its keys at ats[i] and orders[i]
  private Timer[] timers = new Timer[INITIAL_CAPACITY];
  private long[] ats = new long[INITIAL_CAPACITY];
  private long[] orders = new long[INITIAL_CAPACITY];
  private int size;
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
    Timer t = new Timer(at, name, action, this);
    if (size == timers.length) {
      int n = size * 2;
      timers = Arrays.copyOf(timers, n);
      ats = Arrays.copyOf(ats, n);
      orders = Arrays.copyOf(orders, n);
    }
    siftUp(size++, t, at, order++);
    return t;
  }

  /**
   * Drops every cancelled timer at once when they are most of the heap (Lifeguard reschedules a
   * suspicion timer on every confirmation, and acked probes cancel theirs), so the heap, and every
   * operation on it, stays the size of what is really pending.
   */
  private void purgeIfMostlyCancelled() {
    if (cancelledPending > 32 && cancelledPending > size / 2) {
      int kept = 0;
      for (int i = 0; i < size; i++) {
        if (!timers[i].cancelled) {
          timers[kept] = timers[i];
          ats[kept] = ats[i];
          orders[kept] = orders[i];
          kept++;
        }
      }
      Arrays.fill(timers, kept, size, null);
      size = kept;
      for (int i = (size >>> 1) - 1; i >= 0; i--) {
        siftDown(i, timers[i], ats[i], orders[i]);
      }
      cancelledPending = 0;
    }
  }

  private static boolean before(long at, long order, long otherAt, long otherOrder) {
    return at < otherAt || (at == otherAt && order < otherOrder);
  }

  private void siftUp(int from, Timer t, long at, long ord) {
    int i = from;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(at, ord, ats[parent], orders[parent])) {
        break;
      }
      timers[i] = timers[parent];
      ats[i] = ats[parent];
      orders[i] = orders[parent];
      i = parent;
    }
    timers[i] = t;
    ats[i] = at;
    orders[i] = ord;
  }

  private void siftDown(int from, Timer t, long at, long ord) {
    int i = from;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && before(ats[right], orders[right], ats[child], orders[child])) {
        child = right;
      }
      if (!before(ats[child], orders[child], at, ord)) {
        break;
      }
      timers[i] = timers[child];
      ats[i] = ats[child];
      orders[i] = orders[child];
      i = child;
    }
    timers[i] = t;
    ats[i] = at;
    orders[i] = ord;
  }

  /** Takes the earliest timer off the heap (the heap is not empty). */
  private Timer pollHead() {
    Timer t = timers[0];
    int last = --size;
    Timer moved = timers[last];
    timers[last] = null;
    if (last > 0) {
      siftDown(0, moved, ats[last], orders[last]);
    }
    t.done = true;
    if (t.cancelled) {
      cancelledPending--;
    }
    return t;
  }

  /** The earliest pending deadline, or {@link Long#MAX_VALUE}. */
  long nextDeadline() {
    while (size > 0 && timers[0].cancelled) {
      pollHead();
    }
    return size == 0 ? Long.MAX_VALUE : ats[0];
  }

  /** Runs every timer due at {@code now}, in deadline order (including ones they schedule). */
  void runDue(long now) {
    while (size > 0 && ats[0] <= now) {
      Timer t = pollHead();
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
    return size;
  }
}
