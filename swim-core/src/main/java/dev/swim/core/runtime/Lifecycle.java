package dev.swim.core.runtime;

import static dev.swim.core.runtime.GossiperState.CREATED;
import static dev.swim.core.runtime.GossiperState.JOINING;
import static dev.swim.core.runtime.GossiperState.LEAVING;
import static dev.swim.core.runtime.GossiperState.LEFT;
import static dev.swim.core.runtime.GossiperState.RUNNING;
import static dev.swim.core.runtime.GossiperState.STOPPED;

import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Gossiper's lifecycle state as one atomic state machine: the only place it is stored or
 * changed. Each transition is a compare-and-set that reports whether it happened, so any thread may
 * attempt one and a transition that lost a race can never undo the one that won. The legal
 * transitions, and nothing else:
 *
 * <pre>
 * CREATED         -> JOINING | RUNNING   start (JOINING when there are seeds)
 * JOINING         -> RUNNING             joined
 * JOINING|RUNNING -> LEAVING             leaving
 * LEAVING         -> LEFT                left
 * any but STOPPED -> STOPPED             stop
 * </pre>
 *
 * <p>STOPPED is final.
 */
final class Lifecycle {
  private static final Set<GossiperState> NOT_STARTED = Set.of(CREATED);
  private static final Set<GossiperState> UNJOINED = Set.of(JOINING);
  private static final Set<GossiperState> MEMBER = Set.of(JOINING, RUNNING);
  private static final Set<GossiperState> DEPARTING = Set.of(LEAVING);
  private static final Set<GossiperState> NOT_STOPPED =
      Set.of(CREATED, JOINING, RUNNING, LEAVING, LEFT);

  private final AtomicReference<GossiperState> state = new AtomicReference<>(CREATED);

  /** The state now. */
  GossiperState current() {
    return state.get();
  }

  /** CREATED to JOINING (with seeds to join) or RUNNING (without); false from any other state. */
  boolean start(boolean hasSeeds) {
    return move(NOT_STARTED, hasSeeds ? JOINING : RUNNING);
  }

  /** JOINING to RUNNING, once a seed answered; false from any other state. */
  boolean joined() {
    return move(UNJOINED, RUNNING);
  }

  /** JOINING or RUNNING to LEAVING; false from any other state. */
  boolean leaving() {
    return move(MEMBER, LEAVING);
  }

  /** LEAVING to LEFT, once the leave is done or given up on; false from any other state. */
  boolean left() {
    return move(DEPARTING, LEFT);
  }

  /** Any state to STOPPED; false when already STOPPED. */
  boolean stop() {
    return move(NOT_STOPPED, STOPPED);
  }

  private boolean move(Set<GossiperState> from, GossiperState to) {
    while (true) {
      GossiperState now = state.get();
      if (!from.contains(now)) {
        return false;
      }
      if (state.compareAndSet(now, to)) {
        return true;
      }
    }
  }
}
