package dev.swim.core.transport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a generous bound passes; for real-socket tests. */
public final class Await {

  private Await() {}

  /**
   * Waits until {@code condition} holds.
   *
   * @throws AssertionError when it still does not hold after {@code bound}
   */
  public static void await(Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("condition not met within " + bound);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting", e);
      }
    }
  }

  /** Waits up to 10 seconds until {@code condition} holds. */
  public static void await(BooleanSupplier condition) {
    await(Duration.ofSeconds(10), condition);
  }
}
