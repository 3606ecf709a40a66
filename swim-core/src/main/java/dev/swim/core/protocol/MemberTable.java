package dev.swim.core.protocol;

import dev.swim.core.member.MemberState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One node's view of the cluster: entries by name, the shuffled round-robin probe order, live
 * counts and an order-independent digest of (name, incarnation, live) used to spot diverged views.
 */
final class MemberTable {
  private final NameTable byName = new NameTable();
  private final ArrayList<MemberEntry> order = new ArrayList<>();
  private final RandomGenerator random;
  private final String localName;
  private int cursor;
  private int live;
  private long digest;
  private long liveDigest;
  private long version;
  // names changed since the last drainChanges, when a driver asked for them (else null)
  private LinkedHashSet<String> changed;

  MemberTable(String localName, RandomGenerator random) {
    this.localName = localName;
    this.random = random;
  }

  MemberEntry get(String name) {
    return byName.get(name);
  }

  Collection<MemberEntry> entries() {
    return byName.values();
  }

  int size() {
    return byName.size();
  }

  /** Members believed running (ALIVE or SUSPECT), the local node included. */
  int liveCount() {
    return live;
  }

  long digest() {
    return digest;
  }

  /** Counts every change a member snapshot can show: entries added, changed or removed. */
  long version() {
    return version;
  }

  /**
   * Starts recording the name of every entry added, changed or removed, for {@link #drainChanges}.
   * At most one name per entry is held between drains, so the record is bounded by the table.
   */
  void trackChanges() {
    if (changed == null) {
      changed = new LinkedHashSet<>();
    }
  }

  /**
   * Hands over the names changed since the last call (see {@link #trackChanges}), in order of their
   * first change, and forgets them.
   */
  List<String> drainChanges() {
    if (changed == null || changed.isEmpty()) {
      return List.of();
    }
    List<String> out = List.copyOf(changed);
    changed.clear();
    return out;
  }

  private void changed(MemberEntry e) {
    version++;
    if (changed != null) {
      changed.add(e.name());
    }
  }

  /**
   * Digest of the live members' instances (name and start id) only: stable under suspicion and
   * refutation churn, changed by a join, a death or a restart.
   */
  long liveDigest() {
    return liveDigest;
  }

  /** Adds a new entry at a random position of the probe order. */
  void add(MemberEntry e) {
    byName.put(e.name(), e);
    if (e.state.isLive()) {
      live++;
      liveDigest += e.info.instanceHash();
    }
    digest += e.digestTerm();
    changed(e);
    if (!e.name().equals(localName)) {
      // at a random place of the probe order in O(1): appended, then swapped with a random entry
      // (the displaced entry, now last, is still probed in this pass if it was not yet)
      order.add(e);
      int last = order.size() - 1;
      int at = random.nextInt(order.size());
      order.set(last, order.get(at));
      order.set(at, e);
    }
  }

  /** Call before mutating an entry's incarnation or state. */
  void beforeChange(MemberEntry e) {
    if (e.state.isLive()) {
      live--;
      liveDigest -= e.info.instanceHash();
    }
    digest -= e.digestTerm();
  }

  /** Call after mutating an entry's incarnation or state. */
  void afterChange(MemberEntry e) {
    if (e.state.isLive()) {
      live++;
      liveDigest += e.info.instanceHash();
    }
    digest += e.digestTerm();
    changed(e);
  }

  /** Forgets an entry (reaped tombstone). The probe order drops it lazily. */
  void remove(MemberEntry e) {
    if (byName.remove(e.name(), e)) {
      if (e.state.isLive()) {
        live--;
        liveDigest -= e.info.instanceHash();
      }
      digest -= e.digestTerm();
      changed(e);
    }
  }

  /**
   * The next member to probe: walks a random permutation of the others, skipping DEAD, LEFT and
   * forgotten entries, and reshuffles at each wrap.
   */
  MemberEntry nextProbeTarget() {
    for (int tries = 0; tries <= order.size() + 1; tries++) {
      if (cursor >= order.size()) {
        reshuffle();
        if (order.isEmpty()) {
          return null;
        }
      }
      MemberEntry e = order.get(cursor++);
      if (e.state.isLive() && byName.get(e.name()) == e) {
        return e;
      }
    }
    return null;
  }

  private void reshuffle() {
    order.clear();
    for (MemberEntry e : byName.values()) {
      if (!e.name().equals(localName)) {
        order.add(e);
      }
    }
    order.sort((a, b) -> a.name().compareTo(b.name())); // deterministic before the shuffle
    for (int i = order.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      MemberEntry t = order.get(i);
      order.set(i, order.get(j));
      order.set(j, t);
    }
    cursor = 0;
  }

  /**
   * Up to {@code k} distinct random members other than the local node and {@code exclude} that
   * satisfy {@code eligible}.
   */
  List<MemberEntry> randomMembers(
      int k, String exclude, java.util.function.Predicate<MemberEntry> eligible) {
    List<MemberEntry> out = new ArrayList<>(k);
    int n = order.size();
    if (n == 0 || k <= 0) {
      return out;
    }
    int attempts = 3 * k + 8;
    for (int i = 0; i < attempts && out.size() < k; i++) {
      MemberEntry e = order.get(random.nextInt(n));
      if (byName.get(e.name()) != e
          || e.name().equals(exclude)
          || out.contains(e)
          || !eligible.test(e)) {
        continue;
      }
      out.add(e);
    }
    if (out.size() < k && n <= 4 * k + 8) {
      // small clusters: make sure every eligible member can be found
      for (MemberEntry e : order) {
        if (out.size() >= k) {
          break;
        }
        if (byName.get(e.name()) == e
            && !e.name().equals(exclude)
            && !out.contains(e)
            && eligible.test(e)) {
          out.add(e);
        }
      }
    }
    return out;
  }

  /** Counts entries by state. */
  @SuppressWarnings("EnumOrdinal") // a dense per-state array, never stored or sent
  int[] countByState() {
    int[] counts = new int[MemberState.values().length];
    for (MemberEntry e : byName.values()) {
      counts[e.state.ordinal()]++;
    }
    return counts;
  }
}
