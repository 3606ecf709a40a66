package dev.swim.test.junit;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.runtime.GossiperState;
import dev.swim.core.settings.Profile;
import dev.swim.test.transport.InMemoryNetwork;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SwimCluster} in real time: real {@link Gossiper}s with their own threads and timers,
 * connected by a private {@link InMemoryNetwork} instead of sockets. Each member binds {@code
 * 127.0.0.1} on a virtual port of that network; partitions cut the network, a crash closes a
 * Gossiper without a leave. Thread-safe.
 */
public final class RealSwimCluster implements SwimCluster {

  /** How long an await waits between two checks of its condition. */
  public static final long POLL_MILLIS = 20;

  /** How long a member's graceful {@link #leave} may take. */
  public static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(5);

  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  private final InMemoryNetwork network;
  private final Profile profile;
  private final List<Gossiper> members;

  private RealSwimCluster(InMemoryNetwork network, Profile profile, List<Gossiper> members) {
    this.network = network;
    this.profile = profile;
    this.members = List.copyOf(members);
  }

  /**
   * Starts {@code members} Gossipers of {@code profile} on a new in-memory network: {@code node-0}
   * first, then the others joining through it in the background. They do not know each other yet.
   *
   * @throws IllegalStateException when a member fails to start (those already started are closed)
   */
  public static RealSwimCluster start(int members, Profile profile) {
    SwimClusterExtension.requireMembers(members);
    Objects.requireNonNull(profile, "profile");
    InMemoryNetwork network =
        new InMemoryNetwork(
            "swim-cluster-" + CLUSTERS.incrementAndGet(),
            InMemoryNetwork.DEFAULT_QUEUE_CAPACITY,
            InMemoryNetwork.DEFAULT_MAX_FRAME_BYTES);
    List<Gossiper> started = new ArrayList<>();
    try {
      for (int i = 0; i < members; i++) {
        List<String> seeds = i == 0 ? List.of() : List.of(started.get(0).localAddress().toString());
        GossiperConfig config =
            GossiperConfig.builder("node-" + i)
                .profile(profile)
                .encryptionRequired(false)
                .bindAddress("127.0.0.1")
                .bindPort(0)
                .seeds(seeds)
                .leaveTimeout(LEAVE_TIMEOUT)
                .build();
        Gossiper g = Gossiper.create(config, network.transport());
        started.add(g);
        g.start();
      }
    } catch (IOException | RuntimeException e) {
      started.forEach(Gossiper::close);
      throw new IllegalStateException(
          "member " + (started.size() - 1) + " of the test cluster failed to start", e);
    }
    return new RealSwimCluster(network, profile, started);
  }

  /** Member {@code member}'s Gossiper, for what this class does not cover. */
  public Gossiper gossiper(int member) {
    return members.get(member);
  }

  /** The in-memory network the members talk over (drop counters, isolation). */
  public InMemoryNetwork network() {
    return network;
  }

  /**
   * Member {@code member} leaves gracefully (at most {@link #LEAVE_TIMEOUT}) and closes; the others
   * then hold it LEFT.
   *
   * @return whether the leave was fully gossiped before the timeout
   */
  public boolean leave(int member) {
    Gossiper g = members.get(member);
    try {
      return g.leave(LEAVE_TIMEOUT);
    } finally {
      g.close();
    }
  }

  @Override
  public SwimTime time() {
    return SwimTime.REAL;
  }

  @Override
  public Profile profile() {
    return profile;
  }

  @Override
  public int size() {
    return members.size();
  }

  @Override
  public String name(int member) {
    return members.get(member).config().nodeName();
  }

  @Override
  public boolean isRunning(int member) {
    GossiperState s = members.get(member).state();
    return s == GossiperState.JOINING || s == GossiperState.RUNNING;
  }

  @Override
  public List<Member> view(int member) {
    return members.get(member).members();
  }

  @Override
  public @Nullable MemberState stateAt(int observer, String name) {
    return members.get(observer).member(name).map(Member::state).orElse(null);
  }

  @Override
  public void crash(int member) {
    members.get(member).close();
  }

  @Override
  public void partition(int... sides) {
    if (sides.length != size()) {
      throw new IllegalArgumentException(
          "one side per member: " + size() + " members, " + sides.length + " sides");
    }
    Map<Integer, List<NodeAddress>> bySide = new TreeMap<>();
    for (int i = 0; i < sides.length; i++) {
      bySide.computeIfAbsent(sides[i], s -> new ArrayList<>()).add(address(i));
    }
    network.partition(List.copyOf(bySide.values()));
  }

  private NodeAddress address(int member) {
    return members.get(member).boundAddress();
  }

  @Override
  public void heal() {
    network.heal();
  }

  @Override
  public void runFor(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, was " + duration);
    }
    sleep(duration.toMillis());
  }

  @Override
  public void awaitUntil(String description, Duration within, BooleanSupplier condition) {
    long start = System.nanoTime();
    long deadline = start + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError(
            "Not true within " + within.toMillis() + " ms: " + description + describe());
      }
      sleep(POLL_MILLIS);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }

  /** Closes every member (without a leave). Idempotent. */
  @Override
  public void close() {
    members.forEach(Gossiper::close);
  }

  @Override
  public String toString() {
    return "RealSwimCluster{" + size() + " members, " + profile.value() + ", " + network + "}";
  }
}
