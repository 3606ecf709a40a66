package dev.swim.core.protocol;

/**
 * The protocol's formulas, written once. Every timing the node uses comes from here, and the docs'
 * tables are computed from these methods.
 */
public final class Formulas {
  private Formulas() {}

  /**
   * Minimum suspicion timeout: {@code suspicionMult x max(1, log10 n) x probeInterval}.
   *
   * @param n the number of members the node knows (alive or suspect, itself included)
   */
  public static long suspicionMinMillis(int suspicionMult, int n, long probeIntervalMillis) {
    double scale = Math.max(1.0, Math.log10(Math.max(1, n)));
    return (long) Math.floor(suspicionMult * scale * probeIntervalMillis);
  }

  /** Maximum suspicion timeout: {@code suspicionMaxTimeoutMult x min}. */
  public static long suspicionMaxMillis(long minMillis, int suspicionMaxTimeoutMult) {
    return minMillis * suspicionMaxTimeoutMult;
  }

  /**
   * Independent confirmations wanted before the timeout reaches its minimum: {@code suspicionMult -
   * 2}, or 0 when fewer than that many + 2 other members exist to confirm.
   *
   * @param n the number of members the node knows, itself included
   */
  public static int confirmationsWanted(int suspicionMult, int n) {
    int k = Math.max(0, suspicionMult - 2);
    return (n - 2 < k) ? 0 : k;
  }

  /**
   * Lifeguard's suspicion timeout after {@code c} confirmations, measured from when the suspicion
   * started: {@code max(min, max - (max - min) x ln(c + 1) / ln(k + 1))}; {@code min} when {@code k
   * = 0}.
   */
  public static long suspicionTimeoutMillis(long minMillis, long maxMillis, int k, int c) {
    if (k <= 0) {
      return minMillis;
    }
    double frac = Math.log(c + 1.0) / Math.log(k + 1.0);
    long t = (long) Math.floor(maxMillis - frac * (maxMillis - minMillis));
    return Math.max(minMillis, t);
  }

  /** How many times each member sends one update: {@code retransmitMult x ceil(log10(n + 1))}. */
  public static int retransmitLimit(int retransmitMult, int n) {
    int scale = (int) Math.ceil(Math.log10(n + 1.0));
    return retransmitMult * Math.max(1, scale);
  }

  /**
   * The push-pull period for {@code n} members: the base up to 32 members, then multiplied by
   * {@code ceil(log2 n - log2 32) + 1}, so anti-entropy traffic per member stays flat as N grows.
   */
  public static long pushPullIntervalMillis(long baseMillis, int n) {
    if (n <= 32) {
      return baseMillis;
    }
    double mult = Math.ceil(Math.log(n) / Math.log(2) - 5.0) + 1.0;
    return (long) (baseMillis * mult);
  }

  /** SWIM's expected time to the first detection of a crash: {@code T x e / (e - 1)}. */
  public static double expectedFirstDetectionMillis(long probeIntervalMillis) {
    return probeIntervalMillis * Math.E / (Math.E - 1.0);
  }

  /**
   * Rounds for an update to reach a fraction {@code x} of {@code n} members in the logistic
   * epidemic model (Serf's simulator): {@code ln((n + 1) x / (1 - x)) / (f (1 - loss) / 2)}.
   */
  public static double logisticRounds(int n, int fanout, double loss, double x) {
    double c = fanout * (1.0 - loss) / 2.0;
    return Math.log((n + 1.0) * x / (1.0 - x)) / c;
  }

  /** The push lower bound on dissemination rounds: {@code log_(f+1) n}. */
  public static double pushLowerBoundRounds(int n, int fanout) {
    return Math.log(n) / Math.log(fanout + 1.0);
  }
}
