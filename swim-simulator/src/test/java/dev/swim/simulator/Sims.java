package dev.swim.simulator;

import dev.swim.core.protocol.SwimConfig;
import java.util.Map;

/**
 * Builds the simulated clusters the simulation tests start from, and reports what they measured.
 */
final class Sims {

  private Sims() {}

  /** A network with the simulator's LAN latency and the given datagram loss. */
  static Simulator.Network network(double loss) {
    Simulator.Network net = new Simulator.Network();
    net.loss = loss;
    return net;
  }

  /** {@code n} members that already know each other, as after a long uptime. */
  static Simulator converged(long seed, SwimConfig config, double loss, int n) {
    Simulator sim = new Simulator(seed, config, network(loss));
    sim.startConverged(n);
    return sim;
  }

  /**
   * {@code n} members that all start at time 0 and join through the seeds {@code seeds} (host
   * indexes, in increasing order): each seed joins through the seeds before it, everyone else
   * through all of them. The seeds are kept for restarts and partition healing.
   */
  static Simulator joiningThroughSeeds(long seed, SwimConfig config, int n, int... seeds) {
    Simulator sim = new Simulator(seed, config, network(0));
    for (int i = 0; i < n; i++) {
      int known = 0;
      while (known < seeds.length && seeds[known] < i) {
        known++;
      }
      sim.useSeeds(java.util.Arrays.copyOf(seeds, known));
      sim.startJoining(Map.of());
    }
    sim.useSeeds(seeds);
    return sim;
  }

  /** Prints one line of measurements for the test report (never asserted on). */
  static void report(String test, long wallStartNanos, String measured) {
    long wallMs = (System.nanoTime() - wallStartNanos) / 1_000_000;
    System.out.println("[simulation] " + test + ": " + measured + " (wall " + wallMs + " ms)");
  }
}
