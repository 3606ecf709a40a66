package dev.swim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterCommandTest {
  private static final double TIMED_OUT = Double.POSITIVE_INFINITY;

  @Test
  void theMedianOfAnOddCountIsTheMiddleValue() {
    assertThat(ClusterCommand.median(List.of(30.0, 10.0, 20.0))).isEqualTo(20.0);
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValuesRounded() {
    assertThat(ClusterCommand.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
    assertThat(ClusterCommand.median(List.of(10.0, 10.25))).isEqualTo(10.1); // 10.125
  }

  @Test
  void aTimeoutCountsAsTheSlowestValue() {
    assertThat(ClusterCommand.median(List.of(10.0, TIMED_OUT, 20.0))).isEqualTo(20.0);
    assertThat(ClusterCommand.median(List.of(10.0, 20.0, 30.0, TIMED_OUT))).isEqualTo(25.0);
  }

  @Test
  void aMedianThatIsATimeoutIsNull() {
    assertThat(ClusterCommand.median(List.of(TIMED_OUT))).isNull();
    assertThat(ClusterCommand.median(List.of(10.0, TIMED_OUT))).isNull();
    assertThat(ClusterCommand.median(List.of(TIMED_OUT, TIMED_OUT, 5.0))).isNull();
  }

  @Test
  void noValuesHaveNoMedian() {
    assertThat(ClusterCommand.median(List.of())).isNull();
  }
}
