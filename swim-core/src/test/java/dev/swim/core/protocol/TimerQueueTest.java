package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TimerQueue")
class TimerQueueTest {

  final TimerQueue timers = new TimerQueue();
  final List<String> ran = new ArrayList<>();

  private TimerQueue.Timer at(long at, String name) {
    return timers.schedule(at, name, () -> ran.add(name));
  }

  @Test
  @DisplayName("timers run by deadline, and those with the same deadline in scheduling order")
  void deadlineThenSchedulingOrder() {
    at(30, "c");
    at(10, "a1");
    at(20, "b");
    at(10, "a2");

    assertThat(timers.nextDeadline()).isEqualTo(10);
    timers.runDue(25);
    assertThat(ran).containsExactly("a1", "a2", "b");
    assertThat(timers.nextDeadline()).isEqualTo(30);
  }

  @Test
  @DisplayName("a cancelled timer never runs, and one at the head no longer sets the deadline")
  void cancelled() {
    TimerQueue.Timer first = at(10, "first");
    at(20, "second");
    first.cancel();

    assertThat(timers.nextDeadline()).isEqualTo(20);
    timers.runDue(100);
    assertThat(ran).containsExactly("second");
    assertThat(timers.nextDeadline()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  @DisplayName("a timer scheduled by a running one runs in the same call when it is due")
  void scheduledWhileRunning() {
    timers.schedule(5, "outer", () -> timers.schedule(5, "inner", () -> ran.add("inner")));
    timers.runDue(5);
    assertThat(ran).containsExactly("inner");
  }

  @Test
  @DisplayName("purging mostly cancelled timers keeps the rest, in the same order")
  void purgeKeepsOrder() {
    SplittableRandom random = new SplittableRandom(7);
    List<Long> expected = new ArrayList<>();
    List<Long> got = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      long when = random.nextLong(1_000);
      long id = i;
      TimerQueue.Timer t = timers.schedule(when, "t", () -> got.add(id));
      if (random.nextInt(4) == 0) {
        expected.add(when * 10_000 + id);
      } else {
        t.cancel(); // most are cancelled, so purges happen on the way
      }
    }
    assertThat(timers.size()).isLessThan(2_000);

    timers.runDue(1_000);

    expected.sort(null);
    assertThat(got).containsExactlyElementsOf(expected.stream().map(k -> k % 10_000).toList());
  }
}
