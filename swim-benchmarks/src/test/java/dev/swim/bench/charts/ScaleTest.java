package dev.swim.bench.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Axis scales: round ticks, mapping onto pixels, labels. */
class ScaleTest {

  @Test
  void linearScalesWidenToRoundTicks() {
    Scale s = Scale.linear(0, 10, 6);
    assertThat(s.ticks()).containsExactly(0.0, 2.0, 4.0, 6.0, 8.0, 10.0);
    assertThat(s.ticks().stream().map(s::label)).containsExactly("0", "2", "4", "6", "8", "10");

    Scale f = Scale.linear(0.13, 0.91, 5);
    assertThat(f.min()).isEqualTo(0.0);
    assertThat(f.max()).isEqualTo(1.0);
    assertThat(f.ticks().stream().map(f::label))
        .containsExactly("0.0", "0.2", "0.4", "0.6", "0.8", "1.0");

    Scale big = Scale.linear(0, 12_345, 5);
    assertThat(big.ticks().stream().map(big::label))
        .containsExactly("0", "5,000", "10,000", "15,000");

    Scale negative = Scale.linear(-3, 7, 5);
    assertThat(negative.ticks()).containsExactly(-4.0, -2.0, 0.0, 2.0, 4.0, 6.0, 8.0);
  }

  @Test
  void anEmptyRangeBecomesOneUnitWide() {
    Scale s = Scale.linear(5, 5, 5);
    assertThat(s.min()).isEqualTo(5.0);
    assertThat(s.max()).isEqualTo(6.0);
    assertThatThrownBy(() -> Scale.linear(0, Double.NaN, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mapsTheDomainOntoThePixelRangeEitherWay() {
    Scale s = Scale.linear(0, 10, 5);
    assertThat(s.map(0, 80, 730)).isEqualTo(80.0);
    assertThat(s.map(10, 80, 730)).isEqualTo(730.0);
    assertThat(s.map(5, 80, 730)).isEqualTo(405.0);
    // y axes run upwards: the domain's minimum at the bottom
    assertThat(s.map(0, 356, 56)).isEqualTo(356.0);
    assertThat(s.map(10, 356, 56)).isEqualTo(56.0);
  }

  @Test
  void log2ScalesTickAtPowersOfTwo() {
    Scale s = Scale.log2(16, 256);
    assertThat(s.ticks()).containsExactly(16.0, 32.0, 64.0, 128.0, 256.0);
    assertThat(s.map(64, 0, 100)).isCloseTo(50.0, within(1e-9));
    assertThat(s.map(16, 0, 100)).isCloseTo(0.0, within(1e-9));
    assertThat(s.map(256, 0, 100)).isCloseTo(100.0, within(1e-9));

    Scale widened = Scale.log2(20, 300);
    assertThat(widened.min()).isEqualTo(16.0);
    assertThat(widened.max()).isEqualTo(512.0);
    assertThat(Scale.log2(16, 16).ticks()).containsExactly(16.0, 32.0);
    assertThatThrownBy(() -> Scale.log2(0, 16)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
    assertThat(Scale.niceStep(0.3)).isCloseTo(0.5, within(1e-12));
    assertThat(Scale.niceStep(1)).isEqualTo(1.0);
    assertThat(Scale.niceStep(1.5)).isEqualTo(2.0);
    assertThat(Scale.niceStep(7)).isEqualTo(10.0);
    assertThat(Scale.niceStep(2469)).isEqualTo(5000.0);
  }

  @Test
  void labelsGroupThousandsAndNeverShowANegativeZero() {
    assertThat(Scale.format(1_234_567.891, 1)).isEqualTo("1,234,567.9");
    assertThat(Scale.format(-0.001, 2)).isEqualTo("0.00");
    assertThat(Scale.format(2.5, 0)).isEqualTo("3");
    assertThat(Scale.format(0.125, 2)).isEqualTo("0.13");
  }
}
