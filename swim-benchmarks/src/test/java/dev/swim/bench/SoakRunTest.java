package dev.swim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoakRunTest {

  private static List<SoakRun.Minute> minutes(int count, long lastHeap, long lastThreads) {
    List<SoakRun.Minute> out = new ArrayList<>();
    for (int m = 1; m <= count; m++) {
      boolean late = m > count - 5;
      out.add(
          new SoakRun.Minute(
              m,
              late ? lastHeap : 1_000_000,
              late ? lastThreads : 20,
              50,
              0.3,
              3000,
              120.0,
              6 * m,
              0));
    }
    return out;
  }

  @Test
  void flatFiguresAreSteady() {
    String json = SoakRun.summary(minutes(30, 1_040_000, 20), 180);
    assertThat(json)
        .contains("\"verdict\":\"steady\"")
        .contains("\"heap_after_gc_last5_over_min5_10\":1.04");
  }

  @Test
  void aHeapThatGrowsMoreThanFivePercentIsReported() {
    assertThat(SoakRun.summary(minutes(30, 1_060_000, 20), 180))
        .contains("\"verdict\":\"grows\"")
        .contains("\"heap_after_gc_last5_over_min5_10\":1.06");
  }

  @Test
  void growingThreadsAreReported() {
    assertThat(SoakRun.summary(minutes(30, 1_000_000, 22), 180))
        .contains("\"verdict\":\"grows\"")
        .contains("\"threads_last5_over_min5_10\":1.1");
  }

  @Test
  void aShortSoakSaysItCannotCompare() {
    assertThat(SoakRun.summary(minutes(10, 1_000_000, 20), 60)).contains("too short");
  }

  @Test
  void aMinuteLineCarriesTheIssueFields() {
    String line = minutes(1, 1, 1).get(0).toJson();
    assertThat(line)
        .contains("\"soak_minute\":1")
        .contains("\"heap_after_gc_bytes\":")
        .contains("\"threads\":")
        .contains("\"open_fds\":")
        .contains("\"cpu_ms_per_node_s\":")
        .contains("\"lo_bytes_per_node_s\":");
  }
}
