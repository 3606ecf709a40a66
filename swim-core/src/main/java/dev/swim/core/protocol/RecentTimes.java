package dev.swim.core.protocol;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When something last happened, per name, for a rate limit: a name is forgotten once its time is
 * older than the window (the limit no longer needs it), and at most {@code max} names are kept (the
 * eldest goes first). Emptied, it gives its table back, so a burst leaves no memory behind.
 */
final class RecentTimes {
  private static final int SMALL = 16;

  private final int max;
  private final long windowMs;
  private Map<String, Long> at = new LinkedHashMap<>();
  private int highWater;

  RecentTimes(int max, long windowMs) {
    this.max = max;
    this.windowMs = windowMs;
  }

  /** Whether {@code name} was recorded less than the window before {@code now}. */
  boolean within(String name, long now) {
    expire(now);
    Long t = at.isEmpty() ? null : at.get(name);
    return t != null && now - t < windowMs;
  }

  /** Records that it happened to {@code name} at {@code now}. */
  void record(String name, long now) {
    at.remove(name);
    at.put(name, now);
    highWater = Math.max(highWater, at.size());
    if (at.size() > max) {
      Iterator<Long> eldest = at.values().iterator();
      eldest.next();
      eldest.remove();
    }
    expire(now);
  }

  /** Names held (for tests). */
  int size() {
    return at.size();
  }

  private void expire(long now) {
    Iterator<Long> it = at.values().iterator();
    while (it.hasNext()) {
      if (now - it.next() < windowMs) {
        return;
      }
      it.remove();
    }
    if (highWater > SMALL) {
      at = new LinkedHashMap<>();
      highWater = 0;
    }
  }
}
