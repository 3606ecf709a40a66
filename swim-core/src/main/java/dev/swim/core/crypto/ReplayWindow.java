package dev.swim.core.crypto;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The nonces of packets opened in the last window (60 s by default), so that an exact replay is
 * recognised. Bounded: beyond the capacity the oldest nonces are forgotten. Thread-safe.
 */
final class ReplayWindow {

  private record Nonce(long high, int low) {}

  private final long windowMillis;
  private final int capacity;
  private final LongSupplier clockMillis;
  private final LinkedHashMap<Nonce, Long> seen = new LinkedHashMap<>();

  ReplayWindow(long windowMillis, int capacity, LongSupplier clockMillis) {
    if (windowMillis <= 0 || capacity < 1) {
      throw new IllegalArgumentException("window and capacity must be positive");
    }
    this.windowMillis = windowMillis;
    this.capacity = capacity;
    this.clockMillis = clockMillis;
  }

  /**
   * Records the 12-byte nonce at {@code offset} of {@code packet}; false when it was already seen
   * within the window (a replay).
   */
  synchronized boolean firstSeen(byte[] packet, int offset) {
    long now = clockMillis.getAsLong();
    Iterator<Map.Entry<Nonce, Long>> it = seen.entrySet().iterator();
    while (it.hasNext() && now - it.next().getValue() >= windowMillis) {
      it.remove();
    }
    ByteBuffer b = ByteBuffer.wrap(packet, offset, 12);
    Nonce nonce = new Nonce(b.getLong(), b.getInt());
    if (seen.containsKey(nonce)) {
      return false;
    }
    if (seen.size() >= capacity) {
      it = seen.entrySet().iterator();
      it.next();
      it.remove();
    }
    seen.put(nonce, now);
    return true;
  }

  /** How many nonces are remembered now. */
  synchronized int size() {
    return seen.size();
  }
}
