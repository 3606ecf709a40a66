package dev.swim.core.runtime;

import static dev.swim.core.runtime.GossiperState.CREATED;
import static dev.swim.core.runtime.GossiperState.JOINING;
import static dev.swim.core.runtime.GossiperState.LEAVING;
import static dev.swim.core.runtime.GossiperState.LEFT;
import static dev.swim.core.runtime.GossiperState.RUNNING;
import static dev.swim.core.runtime.GossiperState.STOPPED;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The lifecycle transitions the tests expect, written down apart from {@link Lifecycle}. */
final class LifecycleTransitions {
  static final Map<GossiperState, Set<GossiperState>> NEXT =
      Map.of(
          CREATED, Set.of(JOINING, RUNNING, STOPPED),
          JOINING, Set.of(RUNNING, LEAVING, STOPPED),
          RUNNING, Set.of(LEAVING, STOPPED),
          LEAVING, Set.of(LEFT, STOPPED),
          LEFT, Set.of(STOPPED),
          STOPPED, Set.of());

  private LifecycleTransitions() {}

  /** Whether {@code from -> to} is one legal step. */
  static boolean legal(GossiperState from, GossiperState to) {
    return NEXT.get(from).contains(to);
  }

  /**
   * Whether {@code to} follows {@code from} after zero or more legal steps: what two successive
   * polls may see, since a poll can miss a state that lasted only briefly.
   */
  static boolean reachable(GossiperState from, GossiperState to) {
    Set<GossiperState> seen = EnumSet.of(from);
    Deque<GossiperState> todo = new ArrayDeque<>(seen);
    while (!todo.isEmpty()) {
      for (GossiperState next : NEXT.get(todo.pop())) {
        if (seen.add(next)) {
          todo.push(next);
        }
      }
    }
    return seen.contains(to);
  }
}
