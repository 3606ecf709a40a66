package dev.swim.test.junit;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.settings.Profile;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A small SWIM cluster for a test, in virtual time ({@link VirtualSwimCluster}) or real time
 * ({@link RealSwimCluster}): members {@code 0} to {@code size() - 1}, named {@code node-<i>}, each
 * with its own view of the others. {@link SwimClusterTest} starts one per test; the classes' {@code
 * start} methods start one by hand.
 *
 * <p>Awaits take a bound and fail with an {@link AssertionError} describing every member's view
 * when the condition does not hold within it. In virtual time the bound is virtual and the await
 * runs the clock forward; in real time it is wall-clock time and the await polls.
 */
public interface SwimCluster extends AutoCloseable {

  /** The bound of the awaits that take none: generous, since failure detection takes seconds. */
  Duration DEFAULT_WAIT = Duration.ofSeconds(60);

  /** Which clock the members run on. */
  SwimTime time();

  /** The protocol profile every member runs. */
  Profile profile();

  /** How many members were started (crashed ones included). */
  int size();

  /** The name of member {@code member}. */
  String name(int member);

  /** Whether member {@code member} is still running (not crashed, left or closed). */
  boolean isRunning(int member);

  /** Member {@code member}'s view: every member it knows, itself and tombstones included. */
  List<Member> view(int member);

  /** The state member {@code observer} holds for the member called {@code name}; null if none. */
  @Nullable MemberState stateAt(int observer, String name);

  /** Stops member {@code member} at once, without a leave: the others must detect it. */
  void crash(int member);

  /**
   * Cuts the network between members whose sides differ: {@code sides[i]} is member {@code i}'s
   * side (one entry per member). Replaces any earlier partition.
   */
  void partition(int... sides);

  /** Ends every partition. */
  void heal();

  /**
   * Lets {@code duration} pass: in virtual time runs the clock forward, in real time waits that
   * long. Prefer the awaits for assertions.
   */
  void runFor(Duration duration);

  /**
   * Waits until {@code condition} holds, at most {@code within}; in virtual time the clock runs
   * forward meanwhile.
   *
   * @throws AssertionError naming {@code description} and every running member's view
   */
  void awaitUntil(String description, Duration within, BooleanSupplier condition);

  /** Whether every running member holds every other running member ALIVE. */
  default boolean converged() {
    for (int i = 0; i < size(); i++) {
      if (!isRunning(i)) {
        continue;
      }
      for (int j = 0; j < size(); j++) {
        if (isRunning(j) && stateAt(i, name(j)) != MemberState.ALIVE) {
          return false;
        }
      }
    }
    return true;
  }

  /** Waits until the cluster {@link #converged()}, at most {@link #DEFAULT_WAIT}. */
  default void awaitConverged() {
    awaitConverged(DEFAULT_WAIT);
  }

  /** Waits until the cluster {@link #converged()}, at most {@code within}. */
  default void awaitConverged(Duration within) {
    awaitUntil(
        "every running member sees every other running member ALIVE", within, this::converged);
  }

  /**
   * Waits until member {@code observer} holds the member called {@code name} in {@code state}, at
   * most {@link #DEFAULT_WAIT}.
   */
  default void awaitState(int observer, String name, MemberState state) {
    awaitState(observer, name, state, DEFAULT_WAIT);
  }

  /**
   * Waits until member {@code observer} holds the member called {@code name} in {@code state}, at
   * most {@code within}.
   */
  default void awaitState(int observer, String name, MemberState state, Duration within) {
    awaitUntil(
        name(observer) + " holds " + name + " " + state,
        within,
        () -> stateAt(observer, name) == state);
  }

  /**
   * Waits until every running member other than the one called {@code name} holds it in {@code
   * state}, at most {@link #DEFAULT_WAIT}.
   */
  default void awaitStateEverywhere(String name, MemberState state) {
    awaitStateEverywhere(name, state, DEFAULT_WAIT);
  }

  /**
   * Waits until every running member other than the one called {@code name} holds it in {@code
   * state}, at most {@code within}.
   */
  default void awaitStateEverywhere(String name, MemberState state, Duration within) {
    awaitUntil(
        "every running member holds " + name + " " + state,
        within,
        () -> {
          for (int i = 0; i < size(); i++) {
            if (isRunning(i) && !name(i).equals(name) && stateAt(i, name) != state) {
              return false;
            }
          }
          return true;
        });
  }

  /** Every running member's view, one line each: {@code node-0: node-0=ALIVE node-1=SUSPECT}. */
  default String describe() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < size(); i++) {
      sb.append('\n').append(name(i)).append(": ");
      if (!isRunning(i)) {
        sb.append("(stopped)");
        continue;
      }
      for (Member m : view(i)) {
        sb.append(m.name()).append('=').append(m.state()).append(' ');
      }
    }
    return sb.toString();
  }

  /** Stops every member and releases what the cluster holds. Idempotent. */
  @Override
  void close();
}
