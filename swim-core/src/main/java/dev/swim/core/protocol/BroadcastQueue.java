package dev.swim.core.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates waiting to be piggybacked, each sent at most a retransmit limit of times. Priority items
 * (leaves, refutations) go first; then the least-sent. Among items sent equally often, the one that
 * reached that count last goes first: a new update ahead of older ones, and the updates of the last
 * packet ahead of those sent earlier, so the newest news spreads fastest (as memberlist orders its
 * queue, newest first). A newer update with the same key (the member's name) replaces the queued
 * one.
 *
 * <p>Every member of a cluster can hold one item per member (a mass join queues an alive for each
 * newcomer), so an item is kept small: it sits in a doubly linked list per transmit count, which
 * makes adding, taking and re-queueing O(1) with no tree node per item.
 */
final class BroadcastQueue {

  private static final int MAX_SCAN_MISSES = 32;

  static final class Item {
    final String key;
    final byte[] bytes;
    final boolean priority;
    int transmits;
    Item prev;
    Item next;

    /** Where the {@link Slots} recorded this item (theirs to set and read), or null. */
    Object slot;

    Item(String key, byte[] bytes, boolean priority) {
      this.key = key;
      this.bytes = bytes;
      this.priority = priority;
    }
  }

  /**
   * The items of one class (priority or not), one list per transmit count. Counts from {@link
   * #MAX_BUCKET} on share the last list (real retransmit limits stay far below it), and {@link
   * #low} skips the empty lists below the least-sent item.
   */
  private static final class Buckets {
    static final int MAX_BUCKET = 1024;

    Item[] heads = new Item[8];
    Item[] tails = new Item[8];
    int low;

    static int bucketOf(Item item) {
      return Math.min(item.transmits, MAX_BUCKET);
    }

    void ensure(int bucket) {
      if (bucket >= heads.length) {
        int n = Math.max(bucket + 1, heads.length * 2);
        heads = Arrays.copyOf(heads, n);
        tails = Arrays.copyOf(tails, n);
      }
    }

    void addFirst(Item item) {
      int b = bucketOf(item);
      ensure(b);
      low = Math.min(low, b);
      item.prev = null;
      item.next = heads[b];
      if (heads[b] != null) {
        heads[b].prev = item;
      } else {
        tails[b] = item;
      }
      heads[b] = item;
    }

    void unlink(Item item) {
      int b = bucketOf(item);
      if (item.prev != null) {
        item.prev.next = item.next;
      } else {
        heads[b] = item.next;
      }
      if (item.next != null) {
        item.next.prev = item.prev;
      } else {
        tails[b] = item.prev;
      }
      item.prev = null;
      item.next = null;
    }

    /** The most-sent list's oldest item, or null when empty. */
    Item last() {
      for (int b = tails.length - 1; b >= 0; b--) {
        if (tails[b] != null) {
          return tails[b];
        }
      }
      return null;
    }
  }

  /**
   * Where the queue finds the item queued under a key. The member queue keeps it on the member's
   * table entry, which spares every node a second map over all members (a mass join queues an item
   * per member at every member); other queues use a map.
   */
  interface Slots {
    /** The item queued under {@code key}, or null. */
    Item get(String key);

    /** Records {@code item} as the one queued under its key. */
    void put(Item item);

    /** Forgets {@code item} if it is still the one recorded under its key. */
    void remove(Item item);
  }

  /** Slots in a hash map. */
  static final class MapSlots implements Slots {
    private final Map<String, Item> byKey = new HashMap<>();

    @Override
    public Item get(String key) {
      return byKey.get(key);
    }

    @Override
    public void put(Item item) {
      byKey.put(item.key, item);
    }

    @Override
    public void remove(Item item) {
      byKey.remove(item.key, item);
    }
  }

  private final Buckets priorityItems = new Buckets();
  private final Buckets normalItems = new Buckets();
  private final Slots slots;
  private final int maxItems;
  private int size;
  private long pendingBytes;

  BroadcastQueue(int maxItems) {
    this(maxItems, new MapSlots());
  }

  BroadcastQueue(int maxItems, Slots slots) {
    this.maxItems = maxItems;
    this.slots = slots;
  }

  private Buckets of(Item item) {
    return item.priority ? priorityItems : normalItems;
  }

  private void remove(Item item) {
    of(item).unlink(item);
    retire(item);
  }

  private void retire(Item item) {
    slots.remove(item);
    size--;
    pendingBytes -= item.bytes.length;
  }

  /** Queues {@code bytes} under {@code key}, replacing any queued item with that key. */
  void add(String key, byte[] bytes, boolean priority) {
    Item old = slots.get(key);
    if (old != null) {
      remove(old);
    }
    Item item = new Item(key, bytes, priority);
    slots.put(item);
    size++;
    of(item).addFirst(item);
    pendingBytes += bytes.length;
    while (size > maxItems) {
      // drop the most-sent, oldest non-priority item (a priority one only if nothing else is left)
      Item last = normalItems.last();
      remove(last != null ? last : priorityItems.last());
    }
  }

  /**
   * Takes updates for one packet: up to {@code budget} bytes, each item costing its length plus
   * {@code perItemOverhead}, and at most {@code maxItems} items; counts a transmit for each and
   * retires items at {@code limit}. Only what is returned counts as sent.
   */
  List<byte[]> take(int budget, int perItemOverhead, int limit, int maxItems) {
    if (size == 0 || budget <= perItemOverhead || maxItems <= 0) {
      return List.of();
    }
    List<byte[]> out = new ArrayList<>();
    List<Item> taken = new ArrayList<>();
    int[] state = {budget, 0, maxItems}; // remaining bytes, misses, remaining items
    scan(priorityItems, perItemOverhead, state, out, taken);
    scan(normalItems, perItemOverhead, state, out, taken);
    // back in reverse, each to the front of its next list: the items just sent lead their new
    // count in the order they were taken, so the newest news keeps going first
    for (int i = taken.size() - 1; i >= 0; i--) {
      Item item = taken.get(i);
      item.transmits++;
      if (item.transmits >= limit) {
        retire(item);
      } else {
        of(item).addFirst(item);
      }
    }
    return out;
  }

  private static void scan(
      Buckets buckets, int perItemOverhead, int[] state, List<byte[]> out, List<Item> taken) {
    while (buckets.low < buckets.heads.length - 1 && buckets.heads[buckets.low] == null) {
      buckets.low++;
    }
    for (int b = buckets.low; b < buckets.heads.length; b++) {
      Item item = buckets.heads[b];
      while (item != null) {
        if (state[0] <= perItemOverhead || state[1] >= MAX_SCAN_MISSES || state[2] <= 0) {
          return;
        }
        Item next = item.next;
        int cost = item.bytes.length + perItemOverhead;
        if (cost > state[0]) {
          state[1]++;
        } else {
          buckets.unlink(item);
          state[0] -= cost;
          state[2]--;
          out.add(item.bytes);
          taken.add(item);
        }
        item = next;
      }
    }
  }

  /** Bytes a packet would need to carry every queued item once, at {@code perItemOverhead} each. */
  long pendingBytes(int perItemOverhead) {
    return pendingBytes + (long) perItemOverhead * size;
  }

  /** Whether an item with this key is still queued. */
  boolean contains(String key) {
    return slots.get(key) != null;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }
}
