package dev.swim.simulator;

import dev.swim.core.protocol.Formulas;
import dev.swim.core.protocol.SwimConfig;

/**
 * The time bounds the simulation tests hold the protocol to, each derived from the configuration
 * through {@link Formulas}. One place, so every test states the same reasoning.
 *
 * <p>Notation: T = probe interval, G = gossip interval, f = gossip fan-out, N = members, M =
 * crashed members, p = datagram loss.
 */
final class SimulationBounds {

  private SimulationBounds() {}

  /**
   * Time for an update to reach every member by gossip, with a factor 2 of slack: {@code 2 x
   * ceil(logisticRounds(N, f, p, 1 - 1/(2N))) x G} (Formulas.logisticRounds is the epidemic model
   * that memberlist's and Serf's convergence figures use). 2.8 s at N = 100 on LAN.
   */
  static long disseminationMs(SwimConfig c, int n, double loss) {
    double rounds = Formulas.logisticRounds(n, c.gossipNodes(), loss, 1.0 - 1.0 / (2.0 * n));
    return 2 * (long) Math.ceil(rounds) * c.gossipInterval().toMillis();
  }

  /**
   * Time until a crashed member fails someone's probe round. Each of the N - 1 others probes one
   * member per period in a shuffled round-robin, so a given member goes unprobed for a period with
   * probability about (1 - 1/(N-1))^(N-1) = 1/e, and for r periods with about e^-r. Allowing r =
   * ceil(ln(N x M)) makes a miss among M crashed members less likely than 1/N; the failing round
   * itself lasts one more period, and the crash may land mid-period: {@code T x (ceil(ln(N x M)) +
   * 2)}. (SWIM's expected value is only e/(e-1) x T; this is a tail bound.)
   */
  static long firstDetectionMs(SwimConfig c, int n, int crashed) {
    long t = c.probeInterval().toMillis();
    return t * ((long) Math.ceil(Math.log((double) n * crashed)) + 2);
  }

  /**
   * The minimum suspicion timeout for N members: {@code suspicionMult x max(1, log10 N) x T}. No
   * member can be declared DEAD sooner than this after it is first suspected.
   */
  static long suspicionMinMs(SwimConfig c, int n) {
    return Formulas.suspicionMinMillis(c.suspicionMult(), n, c.probeInterval().toMillis());
  }

  /** The maximum suspicion timeout (no confirmations): {@code suspicionMaxTimeoutMult x min}. */
  static long suspicionMaxMs(SwimConfig c, int n) {
    return Formulas.suspicionMaxMillis(suspicionMinMs(c, n), c.suspicionMaxTimeoutMult());
  }

  /**
   * Crash to DEAD at every survivor: first detection + the minimum suspicion timeout +
   * dissemination of the DEAD. The minimum applies because Lifeguard's k = suspicionMult - 2
   * independent confirmations (about one failed probe of the member per period) arrive within it:
   * min is at least suspicionMult periods, more than k. Without confirmations the timeout would be
   * {@link #suspicionMaxMs} (48 s at N = 100), far beyond this bound (about 20 s at N = 100).
   */
  static long crashDetectionMs(SwimConfig c, int n, int crashed, double loss) {
    return firstDetectionMs(c, n, crashed) + suspicionMinMs(c, n) + disseminationMs(c, n, loss);
  }

  /**
   * When a member whose view differs from its peers' pulls the full state by itself: SwimNode
   * compares live digests on acks and, once the view has been quiet for {@code max(2T, retransmit
   * limit x G)}, runs a push-pull (at most every 5 T), so a node that gossip missed catches up
   * within that quiet period plus one probe period.
   */
  static long digestSyncMs(SwimConfig c, int n) {
    long t = c.probeInterval().toMillis();
    long limit = Formulas.retransmitLimit(c.retransmitMult(), n);
    return Math.max(2 * t, limit * c.gossipInterval().toMillis()) + t;
  }

  /**
   * N members joining at once through seeds converge to one view within: the join push-pulls (one
   * stream round trip, which no loss affects), dissemination of every member's alive, and the
   * digest-sync safety net for whoever gossip missed.
   */
  static long joinConvergenceMs(SwimConfig c, int n) {
    return disseminationMs(c, n, 0) + digestSyncMs(c, n);
  }
}
