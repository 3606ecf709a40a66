package dev.swim.core.crypto;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which counters of each sender have been opened, so that an exact replay is recognised however
 * late it comes. Per sender: the highest counter seen and a bitmap of the {@code size} counters up
 * to it; a counter in that range is accepted once, a counter below it is refused (too old to tell,
 * so treated as a replay), a higher one slides the window up. An unknown sender starts a new window
 * at its first counter.
 *
 * <p>Bounded: beyond {@code maxSenders} the least recently heard sender is forgotten (and counted);
 * its next packet starts a new window. Counters are unsigned. Thread-safe.
 */
final class ReplayWindow {

  /** One sender's state. */
  private static final class Window {
    long highest;
    final long[] bits;

    Window(long first, int words) {
      highest = first;
      bits = new long[words];
    }
  }

  private final int size;
  private final int maxSenders;
  private final LinkedHashMap<Long, Window> senders = new LinkedHashMap<>(16, 0.75f, true);
  private long forgotten;

  /**
   * A window of {@code size} counters per sender for at most {@code maxSenders} senders.
   *
   * @param size counters remembered below each sender's highest: a power of two, at least 64
   * @param maxSenders senders remembered at once
   */
  ReplayWindow(int size, int maxSenders) {
    if (size < 64 || Integer.bitCount(size) != 1 || maxSenders < 1) {
      throw new IllegalArgumentException(
          "size must be a power of two >= 64 and maxSenders positive");
    }
    this.size = size;
    this.maxSenders = maxSenders;
  }

  /**
   * Records {@code counter} of {@code senderId}; false when it was seen already or is older than
   * the sender's window (a replay).
   */
  synchronized boolean firstSeen(long senderId, long counter) {
    Window w = senders.get(senderId);
    if (w == null) {
      if (senders.size() >= maxSenders) {
        Iterator<Map.Entry<Long, Window>> eldest = senders.entrySet().iterator();
        eldest.next();
        eldest.remove();
        forgotten++;
      }
      w = new Window(counter, size / 64);
      senders.put(senderId, w);
      set(w, counter);
      return true;
    }
    if (Long.compareUnsigned(counter, w.highest) > 0) {
      long ahead = counter - w.highest; // unsigned: negative means beyond 2^63
      if (ahead < 0 || ahead >= size) {
        Arrays.fill(w.bits, 0L);
      } else {
        long c = w.highest + 1;
        while (c != counter) { // forget the counters that slide out, a word at a time if possible
          int b = bit(c);
          if ((b & 63) == 0 && counter - c >= 64) {
            w.bits[b >>> 6] = 0L;
            c += 64;
          } else {
            w.bits[b >>> 6] &= ~(1L << b);
            c++;
          }
        }
      }
      w.highest = counter;
      set(w, counter);
      return true;
    }
    long behind = w.highest - counter;
    if (behind < 0 || behind >= size) {
      return false; // below the window: cannot tell, so refused
    }
    if (isSet(w, counter)) {
      return false;
    }
    set(w, counter);
    return true;
  }

  /** How many senders are remembered now. */
  synchronized int senders() {
    return senders.size();
  }

  /** How many senders have been forgotten to stay within the bound, since creation. */
  synchronized long forgotten() {
    return forgotten;
  }

  private int bit(long counter) {
    return (int) (counter & (size - 1));
  }

  private void set(Window w, long counter) {
    int b = bit(counter);
    w.bits[b >>> 6] |= 1L << b;
  }

  private boolean isSet(Window w, long counter) {
    int b = bit(counter);
    return (w.bits[b >>> 6] & (1L << b)) != 0;
  }
}
