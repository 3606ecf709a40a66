package dev.swim.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The threads that share out a simulator's busy milliseconds. */
@DisplayName("RoundWorkers")
class RoundWorkersTest {

  @Test
  @DisplayName("every part runs once per round, part 0 on the caller, the others on helpers")
  void everyPartOncePerRound() {
    RoundWorkers workers = new RoundWorkers(3);
    AtomicIntegerArray runs = new AtomicIntegerArray(3);
    Set<String> helperThreads = ConcurrentHashMap.newKeySet();
    String caller = Thread.currentThread().getName();
    for (int round = 0; round < 1_000; round++) {
      workers.run(
          part -> {
            runs.incrementAndGet(part);
            String t = Thread.currentThread().getName();
            if (part == 0) {
              assertThat(t).isEqualTo(caller);
            } else {
              helperThreads.add(t);
            }
          });
    }
    assertThat(runs.get(0)).isEqualTo(1_000);
    assertThat(runs.get(1)).isEqualTo(1_000);
    assertThat(runs.get(2)).isEqualTo(1_000);
    assertThat(helperThreads).allMatch(t -> t.startsWith("simulator-part-")).hasSize(2);
  }

  @Test
  @DisplayName("what a helper wrote is visible to the caller when the round returns")
  void writesAreVisibleAfterTheRound() {
    RoundWorkers workers = new RoundWorkers(2);
    long[] slots = new long[2];
    for (int round = 1; round <= 10_000; round++) {
      int r = round;
      workers.run(part -> slots[part] = r);
      assertThat(slots[1]).isEqualTo(round);
    }
  }

  @Test
  @DisplayName("a part's exception reaches the caller after the round, and the next round runs")
  void aFailureIsRethrown() {
    RoundWorkers workers = new RoundWorkers(2);
    assertThatThrownBy(
            () ->
                workers.run(
                    part -> {
                      if (part == 1) {
                        throw new IllegalStateException("part 1 broke");
                      }
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("part 1 broke");
    AtomicIntegerArray runs = new AtomicIntegerArray(2);
    workers.run(runs::incrementAndGet);
    assertThat(runs.get(1)).isEqualTo(1);
  }

  @Test
  @DisplayName("idle helpers end, and the next round starts new ones")
  void idleHelpersEnd() throws InterruptedException {
    RoundWorkers workers = new RoundWorkers(2);
    Thread[] helper = new Thread[1];
    workers.run(
        part -> {
          if (part == 1) {
            helper[0] = Thread.currentThread();
          }
        });
    helper[0].join(30_000); // it ends after a second without work
    assertThat(helper[0].isAlive()).isFalse();
    AtomicIntegerArray runs = new AtomicIntegerArray(2);
    workers.run(runs::incrementAndGet);
    assertThat(runs.get(1)).isEqualTo(1);
  }

  @Test
  @DisplayName("fewer than two parts is refused")
  void needsTwoParts() {
    assertThatThrownBy(() -> new RoundWorkers(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2");
  }
}
