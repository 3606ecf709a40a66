package dev.swim.core.protocol;

import java.util.function.Predicate;

/**
 * Remembers the strings recently found to pass one rule (a host that is an IP literal, a valid
 * member name), so that the same instance is not checked again for every message: the codec hands
 * out one shared string per name or host it decodes again. Direct-mapped and fixed in size: a
 * string that hashes to a taken slot replaces it, so input can only make it miss, never grow. A hit
 * is by reference, and strings never change, so a hit is exactly a string that passed before.
 */
final class ValidStrings {
  private static final int SLOTS = 256;

  private final Object[] slots = new Object[SLOTS];
  private final Predicate<String> rule;

  ValidStrings(Predicate<String> rule) {
    this.rule = rule;
  }

  /** Whether {@code s} passes the rule. */
  boolean test(String s) {
    int slot = (s.hashCode() * 0x9E3779B9) >>> 24;
    if (slots[slot] == s) {
      return true;
    }
    if (!rule.test(s)) {
      return false;
    }
    slots[slot] = s;
    return true;
  }
}
