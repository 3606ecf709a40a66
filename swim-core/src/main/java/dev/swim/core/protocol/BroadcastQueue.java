package dev.swim.core.protocol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Updates waiting to be piggybacked, each sent at most a retransmit limit of times. Priority items
 * (leaves, refutations) go first; then the least-sent, newest first. A newer update with the same
 * key (the member's name) replaces the queued one.
 */
final class BroadcastQueue {

  private static final int MAX_SCAN_MISSES = 32;

  private static final class Item implements Comparable<Item> {
    final String key;
    final byte[] bytes;
    final boolean priority;
    final long id;
    int transmits;

    Item(String key, byte[] bytes, boolean priority, long id) {
      this.key = key;
      this.bytes = bytes;
      this.priority = priority;
      this.id = id;
    }

    @Override
    public int compareTo(Item o) {
      if (priority != o.priority) {
        return priority ? -1 : 1;
      }
      int c = Integer.compare(transmits, o.transmits);
      return c != 0 ? c : Long.compare(o.id, id);
    }
  }

  private final TreeSet<Item> ordered = new TreeSet<>();
  private final Map<String, Item> byKey = new HashMap<>();
  private final int maxItems;
  private long nextId;
  private long pendingBytes;

  BroadcastQueue(int maxItems) {
    this.maxItems = maxItems;
  }

  /** Queues {@code bytes} under {@code key}, replacing any queued item with that key. */
  void add(String key, byte[] bytes, boolean priority) {
    Item old = byKey.remove(key);
    if (old != null) {
      ordered.remove(old);
      pendingBytes -= old.bytes.length;
    }
    Item item = new Item(key, bytes, priority, nextId++);
    byKey.put(key, item);
    ordered.add(item);
    pendingBytes += bytes.length;
    while (ordered.size() > maxItems) {
      // drop the most-sent, oldest non-priority item
      Item last = ordered.pollLast();
      byKey.remove(last.key);
      pendingBytes -= last.bytes.length;
    }
  }

  /**
   * Takes updates for one packet: up to {@code budget} bytes, each item costing its length plus
   * {@code perItemOverhead}; counts a transmit for each and retires items at {@code limit}.
   */
  List<byte[]> take(int budget, int perItemOverhead, int limit) {
    if (ordered.isEmpty() || budget <= perItemOverhead) {
      return List.of();
    }
    List<byte[]> out = new ArrayList<>();
    List<Item> taken = new ArrayList<>();
    int remaining = budget;
    int misses = 0;
    Iterator<Item> it = ordered.iterator();
    while (it.hasNext() && remaining > perItemOverhead && misses < MAX_SCAN_MISSES) {
      Item item = it.next();
      int cost = item.bytes.length + perItemOverhead;
      if (cost > remaining) {
        misses++;
        continue;
      }
      it.remove();
      remaining -= cost;
      out.add(item.bytes);
      taken.add(item);
    }
    for (Item item : taken) {
      item.transmits++;
      if (item.transmits >= limit) {
        byKey.remove(item.key);
        pendingBytes -= item.bytes.length;
      } else {
        ordered.add(item);
      }
    }
    return out;
  }

  /** Bytes a packet would need to carry every queued item once, at {@code perItemOverhead} each. */
  long pendingBytes(int perItemOverhead) {
    return pendingBytes + (long) perItemOverhead * ordered.size();
  }

  /** Whether an item with this key is still queued. */
  boolean contains(String key) {
    return byKey.containsKey(key);
  }

  int size() {
    return ordered.size();
  }

  boolean isEmpty() {
    return ordered.isEmpty();
  }
}
