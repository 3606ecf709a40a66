package dev.swim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SteadyCountersTest {
  private static final SteadyCounters A = new SteadyCounters(1, 2, 3, 4, 5, 6);
  private static final SteadyCounters B = new SteadyCounters(10, 20, 30, 40, 50, 60);

  @Test
  void plusAndMinusWorkFieldByField() {
    assertThat(A.plus(B)).isEqualTo(new SteadyCounters(11, 22, 33, 44, 55, 66));
    assertThat(B.minus(A)).isEqualTo(new SteadyCounters(9, 18, 27, 36, 45, 54));
    assertThat(SteadyCounters.ZERO.plus(A)).isEqualTo(A);
  }

  @Test
  void theJsonNamesEachField() {
    assertThat(A.toJson())
        .isEqualTo(
            "{\"suspicions\":1,\"dead_sent\":2,\"suspect_sent\":3,\"datagram_bytes_sent\":4,"
                + "\"stream_bytes_sent\":5,\"messages_sent\":6}");
  }

  @Test
  void aLineParsesBackToTheSameCounters() {
    SteadyCounters big = new SteadyCounters(7, 0, 1, 12_345_678_901L, 98_765_432_109L, 3);
    assertThat(SteadyCounters.parse(big.toLine())).isEqualTo(big);
  }

  @Test
  void onlyExactlySixIntegersParse() {
    assertThatThrownBy(() -> SteadyCounters.parse("1 2 3 4 5"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1 2 3 4 5");
    assertThatThrownBy(() -> SteadyCounters.parse("1 2 3 4 5 6 7"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SteadyCounters.parse("1 2 3 4 5 x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1 2 3 4 5 x");
    assertThatThrownBy(() -> SteadyCounters.parse("")).isInstanceOf(IllegalStateException.class);
  }
}
