package dev.swim.core.wire;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

/**
 * The member names a decoder saw recently, so that a name decoded again is the same {@code String}
 * instead of a new one: no allocation per name per message, and table lookups by name compare
 * references instead of bytes. Direct-mapped and fixed in size: a name that hashes to a taken slot
 * replaces it, so hostile input can only make it miss, never grow. ASCII names only; any other name
 * is decoded as usual. Safe to share between threads: a slot always holds a whole string, and every
 * hit is checked against the bytes.
 */
public final class NameCache {
  private final String[] slots;
  private final int mask;

  /** A cache of {@code size} slots, rounded up to a power of two. */
  public NameCache(int size) {
    int n = Integer.highestOneBit(Math.max(16, size - 1) << 1);
    this.slots = new String[n];
    this.mask = n - 1;
  }

  /**
   * The cached name equal to the ASCII bytes {@code buf[off, off + len)}, caching a new one if
   * needed, or null when they are not all ASCII.
   */
  String intern(byte[] buf, int off, int len) {
    int h = 0;
    for (int i = off, end = off + len; i < end; i++) {
      byte b = buf[i];
      if (b < 0) {
        return null;
      }
      h = 31 * h + b;
    }
    int slot = (h ^ (h >>> 16)) & mask;
    String s = slots[slot];
    if (s != null && matches(s, buf, off, len)) {
      return s;
    }
    s = new String(buf, off, len, ISO_8859_1);
    slots[slot] = s;
    return s;
  }

  private static boolean matches(String s, byte[] buf, int off, int len) {
    if (s.length() != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (s.charAt(i) != buf[off + i]) {
        return false;
      }
    }
    return true;
  }
}
