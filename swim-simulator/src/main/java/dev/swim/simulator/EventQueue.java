package dev.swim.simulator;

import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * The simulator's future events, taken in order of (virtual millisecond, creation order), exactly
 * as a priority queue would give them, at a fraction of the cost: a ring of one-millisecond buckets
 * covers the next {@value #SPAN} ms and a heap holds what lies beyond. Within a bucket every event
 * has the same time, so creation order is arrival order and a bucket is a plain FIFO; an event from
 * the heap enters its bucket before anything else can (a bucket only fills once its millisecond is
 * within the ring).
 */
final class EventQueue<E extends EventQueue.Entry> {

  /** Milliseconds the ring covers. */
  static final int SPAN = 1 << 16;

  /** What the queue orders by: a virtual time and a creation sequence number. */
  abstract static class Entry {
    final long at;
    final long order;

    Entry(long at, long order) {
      this.at = at;
      this.order = order;
    }

    int compareTo(Entry o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // an array of a generic type
  private final ArrayDeque<E>[] ring = new ArrayDeque[SPAN];

  private final PriorityQueue<E> far = new PriorityQueue<>(Entry::compareTo);

  /** Events before the ring's start (scheduled in the past by a caller), taken first. */
  private final PriorityQueue<E> late = new PriorityQueue<>(Entry::compareTo);

  /** The millisecond of the ring's first bucket: nothing in the ring is earlier. */
  private long base;

  private int inRing;

  /** Adds an event. */
  void add(E e) {
    if (e.at < base) {
      late.add(e);
    } else if (e.at >= base + SPAN) {
      far.add(e);
    } else {
      bucket(e.at).addLast(e);
      inRing++;
    }
  }

  /** The next event without taking it, or {@code null}. */
  E peek() {
    if (!late.isEmpty()) {
      return late.peek();
    }
    ArrayDeque<E> b = nextBucket();
    return b == null ? null : b.peekFirst();
  }

  /** Takes the next event, or returns {@code null}. */
  E poll() {
    if (!late.isEmpty()) {
      return late.poll();
    }
    ArrayDeque<E> b = nextBucket();
    if (b == null) {
      return null;
    }
    inRing--;
    E e = b.pollFirst();
    if (b.isEmpty()) {
      ring[slot(e.at)] = null; // a burst's capacity is not kept for hours
    }
    return e;
  }

  /**
   * The first non-empty bucket, pulling events from the heap in when the ring is empty; {@code
   * null} when there are no events at all. The ring's start moves to that bucket: nothing is
   * earlier, and an event added later for an earlier time goes to {@link #late}.
   */
  private ArrayDeque<E> nextBucket() {
    if (inRing == 0) {
      if (far.isEmpty()) {
        return null;
      }
      advanceTo(far.peek().at);
    }
    for (long t = base; ; t++) {
      ArrayDeque<E> b = ring[slot(t)];
      if (b != null && !b.isEmpty()) {
        advanceTo(t);
        return b;
      }
    }
  }

  /** Moves the ring's start to {@code t} (no event is earlier) and pulls in what now fits. */
  private void advanceTo(long t) {
    if (t <= base) {
      return;
    }
    base = t;
    while (!far.isEmpty() && far.peek().at < base + SPAN) {
      E e = far.poll();
      bucket(e.at).addLast(e);
      inRing++;
    }
  }

  private ArrayDeque<E> bucket(long t) {
    int s = slot(t);
    ArrayDeque<E> b = ring[s];
    if (b == null) {
      b = new ArrayDeque<>();
      ring[s] = b;
    }
    return b;
  }

  private static int slot(long t) {
    return (int) (t & (SPAN - 1));
  }
}
