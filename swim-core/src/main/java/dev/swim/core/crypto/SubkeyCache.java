package dev.swim.core.crypto;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per sender id, the cluster key that last opened one of its packets and the subkey derived from
 * it, so that one HKDF runs per peer rather than per packet. Only subkeys that opened a packet are
 * kept, so traffic that does not authenticate cannot push real peers out. Bounded: beyond the
 * capacity the least recently used sender is evicted (and counted). Thread-safe.
 */
final class SubkeyCache {

  /** A cluster key and the subkey one sender derives from it. Never printed. */
  static final class Entry {
    final SecretKeySpec key;
    final SecretKeySpec subkey;

    Entry(SecretKeySpec key, SecretKeySpec subkey) {
      this.key = key;
      this.subkey = subkey;
    }

    /** No key material. */
    @Override
    public String toString() {
      return "SubkeyCache.Entry";
    }
  }

  private final int capacity;
  private final LinkedHashMap<Long, Entry> bySender = new LinkedHashMap<>(16, 0.75f, true);
  private long evictions;

  SubkeyCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  /** The entry of {@code senderId}, or null. */
  synchronized Entry get(long senderId) {
    return bySender.get(senderId);
  }

  /** Remembers the key and subkey that opened a packet of {@code senderId}. */
  synchronized void put(long senderId, Entry entry) {
    if (bySender.put(senderId, entry) == null && bySender.size() > capacity) {
      Iterator<Map.Entry<Long, Entry>> eldest = bySender.entrySet().iterator();
      eldest.next();
      eldest.remove();
      evictions++;
    }
  }

  /** How many senders have a subkey here now. */
  synchronized int size() {
    return bySender.size();
  }

  /** How many senders were evicted to stay within the capacity, since creation. */
  synchronized long evictions() {
    return evictions;
  }
}
