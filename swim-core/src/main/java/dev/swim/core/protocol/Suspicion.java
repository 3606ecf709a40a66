package dev.swim.core.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * A running suspicion of one member (Lifeguard): starts at the max timeout (or the min when no
 * confirmations can be expected) and shrinks logarithmically as independent members confirm it.
 */
final class Suspicion {
  final long startedAt;
  final long incarnation;
  final long minMillis;
  final long maxMillis;
  final int wanted;
  private final List<String> confirmers = new ArrayList<>(2);
  private final String accuser;
  TimerQueue.Timer timer;

  Suspicion(
      long startedAt,
      long incarnation,
      long minMillis,
      long maxMillis,
      int wanted,
      String accuser) {
    this.startedAt = startedAt;
    this.incarnation = incarnation;
    this.minMillis = minMillis;
    this.maxMillis = maxMillis;
    this.wanted = wanted;
    this.accuser = accuser;
  }

  /**
   * Records a confirmation from {@code from}.
   *
   * @return true when it is new and independent (not the accuser, not seen, not beyond k)
   */
  boolean confirm(String from) {
    if (confirmers.size() >= wanted || from.equals(accuser) || confirmers.contains(from)) {
      return false;
    }
    confirmers.add(from);
    return true;
  }

  int confirmations() {
    return confirmers.size();
  }

  /** When the member is declared dead, given the confirmations so far. */
  long deadline() {
    return startedAt
        + Formulas.suspicionTimeoutMillis(minMillis, maxMillis, wanted, confirmers.size());
  }
}
