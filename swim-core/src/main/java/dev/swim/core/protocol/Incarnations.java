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

  /** The most an update may raise an incarnation this node holds of another member. */
  static final long MAX_STEP = 1L << 20;

  /**
   * The most an accusation may lie above this node's own incarnation and still be refuted. Larger
   * than {@link #MAX_STEP}: lies accepted elsewhere (each within the step) can carry the others'
   * view of this node ahead of its own before it hears of them, and it must still beat that view.
   * Pushing a member to the ceiling thus takes at least 2^22 forged messages.
   */
  static final long MAX_SELF_STEP = 1L << 40;

  private Incarnations() {}

  /** Whether {@code claimed} may follow {@code held} (both for one instance of one member). */
  static boolean plausible(long held, long claimed) {
    return claimed >= 0 && claimed <= MAX && claimed - held <= MAX_STEP;
  }

  /** Whether this node may refute an accusation of itself at {@code accused}. */
  static boolean refutable(long own, long accused) {
    return accused >= 0 && accused < MAX && accused - own <= MAX_SELF_STEP;
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
