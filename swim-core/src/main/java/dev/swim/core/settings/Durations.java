package dev.swim.core.settings;

import java.time.Duration;

/** Durations written the way a property value is: {@code 1s}, {@code 500ms}, {@code 1500us}. */
public final class Durations {
  private Durations() {}

  /**
   * Whole hours as {@code 24h}, else the largest unit (s, ms, us, ns) that divides {@code d}
   * exactly; {@code 0s} for zero.
   */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.toSeconds() % 3600 == 0 && d.toNanosPart() == 0) {
      return d.toHours() + "h";
    }
    long nanos = d.toNanos();
    if (nanos % 1_000_000_000L == 0) {
      return d.toSeconds() + "s";
    }
    if (nanos % 1_000_000L == 0) {
      return d.toMillis() + "ms";
    }
    if (nanos % 1_000L == 0) {
      return (nanos / 1_000L) + "us";
    }
    return nanos + "ns";
  }
}
