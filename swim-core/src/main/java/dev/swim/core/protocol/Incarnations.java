package dev.swim.core.protocol;

/**
 * What makes an incarnation believable. Only a member raises its own incarnation, one step per
 * refutation or metadata change, so an update claiming far more than what this node holds is a lie
 * (or corruption) rather than news: refused, counted, and checked with the member itself. The
 * ceiling keeps every sum below {@link Long#MAX_VALUE}, so an incarnation never wraps negative.
 */
final class Incarnations {
  /** No incarnation above this is accepted; an attacker needs 2^42 steps to push anyone there. */
  static final long MAX = 1L << 62;

  /** The most an update may raise an incarnation this node holds. */
  static final long MAX_STEP = 1L << 20;

  private Incarnations() {}

  /** Whether {@code claimed} may follow {@code held} (both for one instance of one member). */
  static boolean plausible(long held, long claimed) {
    return claimed >= 0 && claimed <= MAX && claimed - held <= MAX_STEP;
  }

  /** The incarnation that beats both arguments; never beyond {@link #MAX}. */
  static long above(long own, long accused) {
    long next = Math.addExact(Math.max(own, accused), 1);
    if (next > MAX) {
      throw new ArithmeticException("incarnation would pass the ceiling " + MAX);
    }
    return next;
  }
}
