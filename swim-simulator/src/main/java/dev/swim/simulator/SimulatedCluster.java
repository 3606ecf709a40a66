package dev.swim.simulator;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.runtime.GossiperConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cluster of simulated members for a test of your own: the real protocol, codec and settings in
 * virtual time, seeded, so the same test sees the same run every time and ten simulated minutes
 * take a fraction of a second. Start it converged or through seeds, crash, restart, partition or
 * slow members, run time forward, and assert on each member's view.
 *
 * <pre>{@code
 * SimulatedCluster cluster = SimulatedCluster.converged(5, SwimConfig.lan(), 42);
 * cluster.crash(4);
 * cluster.runFor(Duration.ofSeconds(30));
 * assertThat(cluster.stateAt(0, cluster.name(4))).isEqualTo(MemberState.DEAD);
 * }</pre>
 */
public final class SimulatedCluster {

  private final Simulator sim;
  private final List<MembershipEvent> events = new ArrayList<>();

  private SimulatedCluster(Simulator sim) {
    this.sim = sim;
    sim.addSink((node, at, event) -> events.add(event));
  }

  /**
   * {@code n} members that already know each other, with {@code config}, seeded by {@code seed}.
   */
  public static SimulatedCluster converged(int n, SwimConfig config, long seed) {
    return converged(n, config, seed, 0.0);
  }

  /** As {@link #converged(int, SwimConfig, long)}, losing each datagram with {@code loss}. */
  public static SimulatedCluster converged(int n, SwimConfig config, long seed, double loss) {
    SimulatedCluster c = create(config, seed, loss);
    c.sim.startConverged(n);
    return c;
  }

  /**
   * {@code n} members of a member configuration (for example one read by {@link MemberSettings}),
   * with its transport overhead, cluster label, metadata and TCP fallback, starting converged.
   */
  public static SimulatedCluster converged(int n, GossiperConfig member, long seed, double loss) {
    SimulatedCluster c = create(member.protocol(), seed, loss);
    c.sim.transport(member.clusterLabel(), MemberSettings.datagramOverhead(member));
    c.sim.tcpFallback(member.tcpFallbackProbe() && !member.tcpOnly());
    c.sim.startConverged(n, member.metadata());
    return c;
  }

  /** An empty cluster; members then join through the first one with {@link #join()}. */
  public static SimulatedCluster empty(SwimConfig config, long seed) {
    SimulatedCluster c = create(config, seed, 0.0);
    return c;
  }

  private static SimulatedCluster create(SwimConfig config, long seed, double loss) {
    Simulator.Network net = new Simulator.Network();
    net.loss = loss;
    return new SimulatedCluster(new Simulator(seed, Objects.requireNonNull(config), net));
  }

  /** Starts one more member, which joins through the first member; returns its index. */
  public int join() {
    if (sim.hosts().isEmpty()) {
      sim.startJoining(Map.of());
      sim.useSeeds(0);
      return 0;
    }
    return sim.startJoining(Map.of()).index();
  }

  /** Runs virtual time forward. */
  public SimulatedCluster runFor(Duration d) {
    sim.runFor(d.toMillis());
    return this;
  }

  /** The virtual time, in milliseconds since the start. */
  public long nowMillis() {
    return sim.now();
  }

  /** How many members were started (crashed ones included). */
  public int size() {
    return sim.hosts().size();
  }

  /** The name of member {@code i}. */
  public String name(int i) {
    return sim.host(i).name();
  }

  /** Stops member {@code i} at once, without a leave (a crash). */
  public void crash(int i) {
    sim.crash(i);
  }

  /** Restarts member {@code i} as a new instance, at the same or a new address. */
  public void restart(int i, boolean newAddress) {
    sim.restart(i, newAddress);
  }

  /** Delays everything member {@code i} receives by {@code delay}. */
  public void slow(int i, Duration delay) {
    sim.slow(i, delay.toMillis());
  }

  /** Cuts the network between the members whose {@code side} differs. */
  public void partition(int[] side) {
    sim.partition(side);
  }

  /** Ends every partition. */
  public void heal() {
    sim.heal();
  }

  /** Member {@code i}'s view: every member it knows, itself included. */
  public List<Member> view(int i) {
    return sim.host(i).node().members();
  }

  /** The state member {@code observer} holds for {@code name}, or null if it does not know it. */
  public MemberState stateAt(int observer, String name) {
    return sim.host(observer).node().stateOf(name);
  }

  /** Whether every running member holds every other running member ALIVE. */
  public boolean converged() {
    for (Simulator.Host h : sim.hosts()) {
      if (h.crashed()) {
        continue;
      }
      for (Simulator.Host other : sim.hosts()) {
        if (!other.crashed() && h.node().stateOf(other.name()) != MemberState.ALIVE) {
          return false;
        }
      }
    }
    return true;
  }

  /** Every membership event any member emitted so far, in virtual-time order. */
  public List<MembershipEvent> events() {
    return List.copyOf(events);
  }

  /** The simulator underneath, for what this class does not cover. */
  public Simulator simulator() {
    return sim;
  }
}
