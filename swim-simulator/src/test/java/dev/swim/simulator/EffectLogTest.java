package dev.swim.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the threads of a round caused, put back into the order of one thread. */
@DisplayName("EffectLog")
class EffectLogTest {

  @Test
  @DisplayName("effects of several logs run by position, each position's in the order added")
  void appliesInPositionOrder() {
    List<String> ran = new ArrayList<>();
    EffectLog a = new EffectLog();
    EffectLog b = new EffectLog();
    // thread a took the hosts of positions 3 and 0, thread b those of 1 and 2
    a.at(3);
    a.add(() -> ran.add("3a"));
    a.add(() -> ran.add("3b"));
    a.at(0);
    a.add(() -> ran.add("0a"));
    b.at(2);
    b.add(() -> ran.add("2a"));
    b.at(1);
    b.add(() -> ran.add("1a"));
    b.add(() -> ran.add("1b"));

    EffectLog.applyInOrder(new EffectLog[] {a, b, null}, 4);

    assertThat(ran).containsExactly("0a", "1a", "1b", "2a", "3a", "3b");
    ran.clear();
    EffectLog.applyInOrder(new EffectLog[] {a, b}, 4);
    assertThat(ran).as("applied effects are gone").isEmpty();
  }

  @Test
  @DisplayName("a log grows past its first capacity and keeps every effect")
  void grows() {
    List<Integer> ran = new ArrayList<>();
    EffectLog log = new EffectLog();
    for (int i = 0; i < 1_000; i++) {
      log.at(i);
      int v = i;
      log.add(() -> ran.add(v));
    }
    EffectLog.applyInOrder(new EffectLog[] {log}, 1_000);
    assertThat(ran).hasSize(1_000).isSorted();
  }

  @Test
  @DisplayName("a discarded log runs nothing")
  void discardRunsNothing() {
    List<String> ran = new ArrayList<>();
    EffectLog log = new EffectLog();
    log.at(0);
    log.add(() -> ran.add("x"));
    EffectLog.discard(new EffectLog[] {log, null});
    EffectLog.applyInOrder(new EffectLog[] {log}, 1);
    assertThat(ran).isEmpty();
  }
}
