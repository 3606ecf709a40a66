package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("UserEventDedup")
class UserEventDedupTest {

  final UserEventDedup dedup = new UserEventDedup();

  @Test
  @DisplayName("delivers each (origin, seq) once")
  void onceEach() {
    assertThat(dedup.firstTime("a", 5)).isTrue();
    assertThat(dedup.firstTime("a", 5)).isFalse();
    assertThat(dedup.firstTime("b", 5)).as("origins are independent").isTrue();
  }

  @Test
  @DisplayName("accepts out-of-order events within the window")
  void outOfOrderWithinWindow() {
    assertThat(dedup.firstTime("a", 100)).isTrue();
    assertThat(dedup.firstTime("a", 90)).isTrue();
    assertThat(dedup.firstTime("a", 90)).isFalse();
    assertThat(dedup.firstTime("a", 101)).isTrue();
  }

  @Test
  @DisplayName("anything older than the 1,024-event window counts as seen")
  void olderThanWindowIsSeen() {
    dedup.firstTime("a", 2000);

    assertThat(dedup.firstTime("a", 2000 - 1024)).isFalse();
    assertThat(dedup.firstTime("a", 2000 - 1023)).isTrue();
  }

  @Test
  @DisplayName(
      "slots reused by the sliding window are cleared: an old mark never hides a new event")
  void slidingClearsReusedSlots() {
    dedup.firstTime("a", 4); // slot 4
    dedup.firstTime("a", 500);
    dedup.firstTime("a", 1033); // slides through 1028, which reuses slot 4

    assertThat(dedup.firstTime("a", 1028)).as("in the window, never seen").isTrue();
    assertThat(dedup.firstTime("a", 500)).as("in the window, seen").isFalse();
  }

  @Test
  @DisplayName("a jump past the whole window forgets everything before it")
  void jumpPastWindow() {
    dedup.firstTime("a", 1);
    assertThat(dedup.firstTime("a", 1 + 5000)).isTrue();
    assertThat(dedup.firstTime("a", 5000)).isTrue();
    assertThat(dedup.firstTime("a", 1)).isFalse();
  }
}
