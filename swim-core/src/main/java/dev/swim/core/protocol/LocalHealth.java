package dev.swim.core.protocol;

/**
 * Lifeguard's local health ("awareness"): a score in {@code [0, max - 1]} that rises when this node
 * looks unhealthy (failed probes, missed nacks, having to refute) and falls with each successful
 * probe. The probe interval and timeout are multiplied by {@code score + 1}, so a slow node probes
 * less and accuses more slowly.
 */
final class LocalHealth {
  private final int max;
  private int score;

  LocalHealth(int awarenessMaxMultiplier) {
    this.max = awarenessMaxMultiplier;
  }

  /** Applies a delta and clamps to the allowed range. */
  void apply(int delta) {
    score = Math.max(0, Math.min(max - 1, score + delta));
  }

  /** The current score (0 = healthy). */
  int score() {
    return score;
  }

  /** Scales a duration by {@code score + 1}. */
  long scale(long millis) {
    return millis * (score + 1);
  }
}
