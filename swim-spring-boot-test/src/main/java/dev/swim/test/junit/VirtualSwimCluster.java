package dev.swim.test.junit;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.settings.Profile;
import dev.swim.simulator.SimulatedCluster;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SwimCluster} in virtual time: swim-simulator's {@link SimulatedCluster}, the real
 * protocol and codec on a seeded virtual clock in the test's own thread. Nothing runs between the
 * test's calls; {@link #runFor} and the awaits move the clock, in steps of {@value #STEP_MILLIS} ms
 * for the awaits. Not thread-safe: use it from the test's thread.
 */
public final class VirtualSwimCluster implements SwimCluster {

  /** How far an await runs the clock between two checks of its condition. */
  public static final long STEP_MILLIS = 100;

  private final SimulatedCluster cluster;
  private final Profile profile;
  private boolean closed;

  private VirtualSwimCluster(SimulatedCluster cluster, Profile profile) {
    this.cluster = cluster;
    this.profile = profile;
  }

  /**
   * Starts {@code members} members of {@code profile}, seeded by {@code seed}: {@code node-0}
   * first, then the others joining through it. They do not know each other yet.
   */
  public static VirtualSwimCluster start(int members, Profile profile, long seed) {
    SwimClusterExtension.requireMembers(members);
    SimulatedCluster c =
        SimulatedCluster.empty(SwimConfig.of(Objects.requireNonNull(profile)), seed);
    for (int i = 0; i < members; i++) {
      c.join();
    }
    return new VirtualSwimCluster(c, profile);
  }

  /** The simulated cluster underneath, for what this class does not cover (slow members...). */
  public SimulatedCluster simulated() {
    return cluster;
  }

  /** The virtual time, in milliseconds since the start. */
  public long nowMillis() {
    return cluster.nowMillis();
  }

  @Override
  public SwimTime time() {
    return SwimTime.VIRTUAL;
  }

  @Override
  public Profile profile() {
    return profile;
  }

  @Override
  public int size() {
    return cluster.size();
  }

  @Override
  public String name(int member) {
    Objects.checkIndex(member, size());
    return cluster.name(member);
  }

  @Override
  public boolean isRunning(int member) {
    Objects.checkIndex(member, size());
    return !closed && !cluster.simulator().host(member).crashed();
  }

  @Override
  public List<Member> view(int member) {
    Objects.checkIndex(member, size());
    return cluster.view(member);
  }

  @Override
  public @Nullable MemberState stateAt(int observer, String name) {
    Objects.checkIndex(observer, size());
    return cluster.stateAt(observer, name);
  }

  @Override
  public void crash(int member) {
    Objects.checkIndex(member, size());
    cluster.crash(member);
  }

  @Override
  public void partition(int... sides) {
    if (sides.length != size()) {
      throw new IllegalArgumentException(
          "one side per member: " + size() + " members, " + sides.length + " sides");
    }
    cluster.partition(sides.clone());
  }

  @Override
  public void heal() {
    cluster.heal();
  }

  @Override
  public void runFor(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, was " + duration);
    }
    cluster.runFor(duration);
  }

  @Override
  public void awaitUntil(String description, Duration within, BooleanSupplier condition) {
    long start = cluster.nowMillis();
    long end = start + within.toMillis();
    while (!condition.getAsBoolean()) {
      long now = cluster.nowMillis();
      if (now >= end) {
        throw new AssertionError(
            "Not true within "
                + within.toMillis()
                + " ms of virtual time (at "
                + now
                + " ms): "
                + description
                + describe());
      }
      cluster.runFor(Duration.ofMillis(Math.min(STEP_MILLIS, end - now)));
    }
  }

  /** Nothing to release: the simulated members live only in this object. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "VirtualSwimCluster{"
        + size()
        + " members, "
        + profile.value()
        + ", t="
        + nowMillis()
        + " ms}";
  }
}
