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
    List<byte[]> out = new ArrayList<>();
    takeInto(out, budget, perItemOverhead, limit, maxItems);
    return out;
  }

  /**
   * As {@link #take}, appending the updates to {@code out}; returns the bytes they cost, overhead
   * included. Allocates nothing but what {@code out} needs to grow.
   */
  int takeInto(List<byte[]> out, int budget, int perItemOverhead, int limit, int maxItems) {
    if (size == 0 || budget <= perItemOverhead || maxItems <= 0) {
      return 0;
    }
    remaining = budget;
    misses = 0;
    room = maxItems;
    taken = 0;
    scan(priorityItems, perItemOverhead, out);
    scan(normalItems, perItemOverhead, out);
    // back in reverse, each to the front of its next list: the items just sent lead their new
    // count in the order they were taken, so the newest news keeps going first
    Item[] t = scratch;
    for (int i = taken - 1; i >= 0; i--) {
      Item item = t[i];
      t[i] = null;
      item.transmits++;
      if (item.transmits >= limit) {
        retire(item);
      } else {
        of(item).addFirst(item);
      }
    }
    return budget - remaining;
  }

  // the scan's state for one take: bytes left, items that did not fit, items left, items taken
  private int remaining;
  private int misses;
  private int room;
  private int taken;

  /** The items of the take in progress, in the order taken (reused: one take at a time). */
  private Item[] scratch = new Item[16];

  private void scan(Buckets buckets, int perItemOverhead, List<byte[]> out) {
    while (buckets.low < buckets.heads.length - 1 && buckets.heads[buckets.low] == null) {
      buckets.low++;
    }
    for (int b = buckets.low; b < buckets.heads.length; b++) {
      Item item = buckets.heads[b];
      while (item != null) {
        if (remaining <= perItemOverhead || misses >= MAX_SCAN_MISSES || room <= 0) {
          return;
        }
        Item next = item.next;
        int cost = item.bytes.length + perItemOverhead;
        if (cost > remaining) {
          misses++;
        } else {
          buckets.unlink(item);
          remaining -= cost;
          room--;
          out.add(item.bytes);
          if (taken == scratch.length) {
            scratch = Arrays.copyOf(scratch, taken * 2);
          }
          scratch[taken++] = item;
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
