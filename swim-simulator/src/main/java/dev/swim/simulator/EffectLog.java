package dev.swim.simulator;

import java.util.Arrays;

/**
 * What the nodes one thread processed during a parallel round did to the world outside themselves
 * (packets handed to the network, events for the sinks, wake-ups to schedule), each tagged with the
 * round position of the event that caused it, so that the round can apply them afterwards in
 * exactly the order a single thread would have.
 */
final class EffectLog {
  private int[] positions = new int[64];
  private Runnable[] effects = new Runnable[64];
  private int size;
  private int position;

  /** Tags what is added from now on with the round position {@code p}. */
  void at(int p) {
    position = p;
  }

  void add(Runnable effect) {
    if (size == effects.length) {
      positions = Arrays.copyOf(positions, size * 2);
      effects = Arrays.copyOf(effects, size * 2);
    }
    positions[size] = position;
    effects[size++] = effect;
  }

  /**
   * Runs every effect of {@code logs} (null entries are skipped) in order of position, below {@code
   * positions}, then empties them. All effects of one position are in one log, in the order they
   * happened, and keep that order.
   */
  static void applyInOrder(EffectLog[] logs, int positions) {
    int[] start = new int[positions + 1];
    int total = 0;
    for (EffectLog log : logs) {
      if (log != null) {
        for (int i = 0; i < log.size; i++) {
          start[log.positions[i] + 1]++;
        }
        total += log.size;
      }
    }
    for (int p = 0; p < positions; p++) {
      start[p + 1] += start[p];
    }
    Runnable[] ordered = new Runnable[total];
    for (EffectLog log : logs) {
      if (log != null) {
        for (int i = 0; i < log.size; i++) {
          ordered[start[log.positions[i]]++] = log.effects[i];
          log.effects[i] = null;
        }
        log.size = 0;
      }
    }
    for (Runnable r : ordered) {
      r.run();
    }
  }

  /** Empties {@code logs} without running anything (null entries are skipped). */
  static void discard(EffectLog[] logs) {
    for (EffectLog log : logs) {
      if (log != null) {
        Arrays.fill(log.effects, 0, log.size, null);
        log.size = 0;
      }
    }
  }
}
