package dev.swim.core.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which user events were seen, per origin, in a sliding window of the latest 1,024
 * sequence numbers; anything older than the window counts as seen. Origins start their sequence at
 * their clock, so a restarted origin continues above its old numbers.
 *
 * <p>Bounded: at most {@value #MAX_ORIGINS} origins are remembered; beyond that the one heard from
 * least recently is forgotten (its events stopped circulating long before) and counted.
 */
final class UserEventDedup {
  private static final int WINDOW = 1024;
  static final int MAX_ORIGINS = 16_384;

  private static final class Window {
    long max = Long.MIN_VALUE;
    final long[] bits = new long[WINDOW / 64];
  }

  private final Runnable onEvict;
  private final Map<String, Window> byOrigin =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
          if (size() > MAX_ORIGINS) {
            onEvict.run();
            return true;
          }
          return false;
        }
      };

  UserEventDedup(Runnable onEvict) {
    this.onEvict = onEvict;
  }

  UserEventDedup() {
    this(() -> {});
  }

  /** How many origins are remembered. */
  int origins() {
    return byOrigin.size();
  }

  /** Marks (origin, seq) seen; returns false when it had been seen already (or is too old). */
  boolean firstTime(String origin, long seq) {
    Window w = byOrigin.computeIfAbsent(origin, o -> new Window());
    if (w.max == Long.MIN_VALUE) {
      w.max = seq;
      set(w, seq);
      return true;
    }
    if (seq > w.max) {
      long shift = seq - w.max;
      if (shift >= WINDOW) {
        java.util.Arrays.fill(w.bits, 0L);
      } else {
        for (long s = w.max + 1; s <= seq; s++) {
          clear(w, s);
        }
      }
      w.max = seq;
      set(w, seq);
      return true;
    }
    if (w.max - seq >= WINDOW) {
      return false;
    }
    if (isSet(w, seq)) {
      return false;
    }
    set(w, seq);
    return true;
  }

  private static int index(long seq) {
    return (int) Math.floorMod(seq, (long) WINDOW);
  }

  private static void set(Window w, long seq) {
    int i = index(seq);
    w.bits[i >>> 6] |= 1L << (i & 63);
  }

  private static void clear(Window w, long seq) {
    int i = index(seq);
    w.bits[i >>> 6] &= ~(1L << (i & 63));
  }

  private static boolean isSet(Window w, long seq) {
    int i = index(seq);
    return (w.bits[i >>> 6] & (1L << (i & 63))) != 0;
  }
}
