package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rate limits' memory: bounded by count and by age. */
class RecentTimesTest {

  @Test
  void aNameIsWithinTheWindowUntilItPasses() {
    RecentTimes t = new RecentTimes(10, 1_000);
    t.record("a", 5_000);

    assertThat(t.within("a", 5_999)).isTrue();
    assertThat(t.within("a", 6_000)).isFalse();
    assertThat(t.within("b", 5_500)).isFalse();
  }

  @Test
  void namesOlderThanTheWindowAreForgotten() {
    RecentTimes t = new RecentTimes(1_000, 1_000);
    for (int i = 0; i < 500; i++) {
      t.record("m" + i, i);
    }
    assertThat(t.size()).isEqualTo(500);

    t.record("late", 10_000);

    assertThat(t.size()).as("only the name recorded within the window is kept").isEqualTo(1);
  }

  @Test
  void atMostMaxNamesAreKeptTheEldestGoingFirst() {
    RecentTimes t = new RecentTimes(3, 60_000);
    t.record("a", 1);
    t.record("b", 2);
    t.record("c", 3);
    t.record("d", 4);

    assertThat(t.size()).isEqualTo(3);
    assertThat(t.within("a", 5)).isFalse();
    assertThat(t.within("d", 5)).isTrue();
  }
}
