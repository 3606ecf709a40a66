package dev.swim.core.protocol;

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
  // the confirmers: the first two inline (k is 2 with the default suspicion multiplier), any more
  // in an array of k - 2 made when the third arrives; a suspicion is read on every accusation
  private String first;
  private String second;
  private String[] more;
  private int confirmations;
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
    if (confirmations >= wanted || from.equals(accuser) || seen(from)) {
      return false;
    }
    switch (confirmations) {
      case 0 -> first = from;
      case 1 -> second = from;
      default -> {
        if (more == null) {
          more = new String[wanted - 2];
        }
        more[confirmations - 2] = from;
      }
    }
    confirmations++;
    return true;
  }

  private boolean seen(String from) {
    if (confirmations > 0 && from.equals(first)) {
      return true;
    }
    if (confirmations > 1 && from.equals(second)) {
      return true;
    }
    for (int i = 2; i < confirmations; i++) {
      if (from.equals(more[i - 2])) {
        return true;
      }
    }
    return false;
  }

  int confirmations() {
    return confirmations;
  }

  /** When the member is declared dead, given the confirmations so far. */
  long deadline() {
    return startedAt + Formulas.suspicionTimeoutMillis(minMillis, maxMillis, wanted, confirmations);
  }
}
