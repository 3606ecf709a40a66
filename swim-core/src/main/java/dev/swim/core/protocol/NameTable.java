package dev.swim.core.protocol;

import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The member table's index: entries by name in one array of (name, entry) pairs with linear
 * probing. A lookup usually touches one cache line before the entry itself, where a {@code HashMap}
 * touches its bucket array, a node and then the entry; with thousands of members per node (and
 * thousands of nodes in a simulation) those misses were the protocol's largest cost. Names compare
 * by identity first: the codec hands out one shared string per name. Load stays at most one half;
 * removal shifts the following pairs back, so no tombstone slot is ever left behind.
 */
final class NameTable {
  private static final int MIN_CAPACITY = 16;

  /** Pairs: a name at 2i, its entry at 2i + 1; a null name marks a free slot. */
  private Object[] slots = new Object[2 * MIN_CAPACITY];

  private int bits = 4;
  private int size;

  /** The entry of {@code name}, or {@code null}. */
  MemberEntry get(String name) {
    Object[] s = slots;
    int mask = (s.length >> 1) - 1;
    for (int i = home(name); ; i = (i + 1) & mask) {
      Object k = s[i << 1];
      if (k == null) {
        return null;
      }
      if (k == name || k.equals(name)) {
        return (MemberEntry) s[(i << 1) + 1];
      }
    }
  }

  /** Sets the entry of {@code name}, replacing any. */
  void put(String name, MemberEntry e) {
    if (2 * (size + 1) > slots.length >> 1) {
      grow();
    }
    Object[] s = slots;
    int mask = (s.length >> 1) - 1;
    for (int i = home(name); ; i = (i + 1) & mask) {
      Object k = s[i << 1];
      if (k == null) {
        s[i << 1] = name;
        s[(i << 1) + 1] = e;
        size++;
        return;
      }
      if (k == name || k.equals(name)) {
        s[(i << 1) + 1] = e;
        return;
      }
    }
  }

  /** Removes {@code name} if its entry is {@code e}; returns whether it did. */
  boolean remove(String name, MemberEntry e) {
    Object[] s = slots;
    int mask = (s.length >> 1) - 1;
    int i = home(name);
    while (true) {
      Object k = s[i << 1];
      if (k == null) {
        return false;
      }
      if (k == name || k.equals(name)) {
        break;
      }
      i = (i + 1) & mask;
    }
    if (s[(i << 1) + 1] != e) {
      return false;
    }
    // backward shift: move each following pair whose home is not after the hole into it
    int hole = i;
    for (int j = (hole + 1) & mask; s[j << 1] != null; j = (j + 1) & mask) {
      int h = home((String) s[j << 1]);
      boolean homeAfterHole = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j);
      if (!homeAfterHole) {
        s[hole << 1] = s[j << 1];
        s[(hole << 1) + 1] = s[(j << 1) + 1];
        hole = j;
      }
    }
    s[hole << 1] = null;
    s[(hole << 1) + 1] = null;
    size--;
    return true;
  }

  int size() {
    return size;
  }

  /** The entries, in slot order (no order is promised). */
  Collection<MemberEntry> values() {
    return new AbstractCollection<>() {
      @Override
      public Iterator<MemberEntry> iterator() {
        return new Iterator<>() {
          private final Object[] s = slots;
          private int next = advance(0);

          private int advance(int from) {
            int i = from;
            while (i < s.length >> 1 && s[i << 1] == null) {
              i++;
            }
            return i;
          }

          @Override
          public boolean hasNext() {
            return next < s.length >> 1;
          }

          @Override
          public MemberEntry next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            MemberEntry e = (MemberEntry) s[(next << 1) + 1];
            next = advance(next + 1);
            return e;
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /** The slot a name hashes to: Fibonacci hashing of the string's own (cached) hash. */
  private int home(String name) {
    return (name.hashCode() * 0x9E3779B9) >>> (32 - bits);
  }

  private void grow() {
    Object[] old = slots;
    bits++;
    slots = new Object[2 << bits];
    size = 0;
    for (int i = 0; i < old.length; i += 2) {
      if (old[i] != null) {
        put((String) old[i], (MemberEntry) old[i + 1]);
      }
    }
  }
}
