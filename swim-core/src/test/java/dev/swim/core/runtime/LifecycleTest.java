package dev.swim.core.runtime;

import static dev.swim.core.runtime.GossiperState.CREATED;
import static dev.swim.core.runtime.GossiperState.JOINING;
import static dev.swim.core.runtime.GossiperState.LEAVING;
import static dev.swim.core.runtime.GossiperState.LEFT;
import static dev.swim.core.runtime.GossiperState.RUNNING;
import static dev.swim.core.runtime.GossiperState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Every transition method of {@link Lifecycle} tried from every state. */
class LifecycleTest {

  /** A transition method and the state it must lead to from each state it accepts. */
  private record Transition(
      String name, Predicate<Lifecycle> method, Map<GossiperState, GossiperState> accepts) {}

  private static final List<Transition> TRANSITIONS =
      List.of(
          new Transition("start(seeds)", l -> l.start(true), Map.of(CREATED, JOINING)),
          new Transition("start(no seeds)", l -> l.start(false), Map.of(CREATED, RUNNING)),
          new Transition("joined", Lifecycle::joined, Map.of(JOINING, RUNNING)),
          new Transition("leaving", Lifecycle::leaving, Map.of(JOINING, LEAVING, RUNNING, LEAVING)),
          new Transition("left", Lifecycle::left, Map.of(LEAVING, LEFT)),
          new Transition(
              "stop",
              Lifecycle::stop,
              Map.of(
                  CREATED, STOPPED,
                  JOINING, STOPPED,
                  RUNNING, STOPPED,
                  LEAVING, STOPPED,
                  LEFT, STOPPED)));

  /** A fresh state machine brought to {@code state} through legal transitions. */
  private static Lifecycle in(GossiperState state) {
    Lifecycle l = new Lifecycle();
    boolean ok =
        switch (state) {
          case CREATED -> true;
          case JOINING -> l.start(true);
          case RUNNING -> l.start(false);
          case LEAVING -> l.start(false) && l.leaving();
          case LEFT -> l.start(false) && l.leaving() && l.left();
          case STOPPED -> l.stop();
        };
    assertThat(ok).as("reached %s", state).isTrue();
    assertThat(l.current()).isEqualTo(state);
    return l;
  }

  @Test
  void startsCreated() {
    assertThat(new Lifecycle().current()).isEqualTo(CREATED);
  }

  @Test
  void legalTransitionsHappenAndIllegalOnesChangeNothing() {
    for (Transition t : TRANSITIONS) {
      for (GossiperState from : GossiperState.values()) {
        Lifecycle l = in(from);
        GossiperState expected = t.accepts().get(from);
        boolean moved = t.method().test(l);
        String what = t.name() + " from " + from;
        if (expected == null) {
          assertThat(moved).as(what + " refused").isFalse();
          assertThat(l.current()).as(what + " leaves the state").isEqualTo(from);
        } else {
          assertThat(moved).as(what + " happens").isTrue();
          assertThat(l.current()).as(what).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void theMethodsMakeExactlyTheLifecycleTransitions() {
    Map<GossiperState, Set<GossiperState>> made = new EnumMap<>(GossiperState.class);
    for (GossiperState s : GossiperState.values()) {
      made.put(s, EnumSet.noneOf(GossiperState.class));
    }
    for (Transition t : TRANSITIONS) {
      t.accepts().forEach((from, to) -> made.get(from).add(to));
    }
    assertThat(made).isEqualTo(LifecycleTransitions.NEXT);
  }

  @Test
  void stoppedIsFinal() {
    Lifecycle l = in(STOPPED);
    for (Transition t : TRANSITIONS) {
      assertThat(t.method().test(l)).as(t.name()).isFalse();
    }
    assertThat(l.current()).isEqualTo(STOPPED);
  }
}
