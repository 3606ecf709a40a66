package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LocalHealth (Lifeguard awareness)")
class LocalHealthTest {

  final LocalHealth health = new LocalHealth(8);

  @Test
  @DisplayName("starts healthy: score 0, durations unscaled")
  void startsHealthy() {
    assertThat(health.score()).isZero();
    assertThat(health.scale(1000)).isEqualTo(1000);
  }

  @Test
  @DisplayName("the score rises and falls with deltas and scales durations by score + 1")
  void scalesByScorePlusOne() {
    health.apply(3);
    assertThat(health.score()).isEqualTo(3);
    assertThat(health.scale(500)).isEqualTo(2000);

    health.apply(-1);
    assertThat(health.scale(500)).isEqualTo(1500);
  }

  @Test
  @DisplayName("the score stays within 0..max-1, so the multiplier is at most max")
  void clamps() {
    health.apply(100);
    assertThat(health.score()).isEqualTo(7);
    assertThat(health.scale(1000)).isEqualTo(8000);

    health.apply(-100);
    assertThat(health.score()).isZero();
  }
}
