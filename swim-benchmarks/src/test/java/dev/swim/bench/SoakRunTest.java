package dev.swim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private static final long SECOND_NS = 1_000_000_000L;
  private static final long GRACE_NS = 120 * SECOND_NS;

  @Test
  void aDeadMemberNeverRestartedIsAFalseDeath() {
    assertThat(SoakRun.falseDeaths(Set.of("node-3"), Map.of(), 500 * SECOND_NS, GRACE_NS))
        .containsExactly("node-3");
  }

  @Test
  void aDeadMemberRestartedWithinTheGraceIsNot() {
    long now = 500 * SECOND_NS;
    Map<String, Long> restartedAt =
        Map.of("node-1", now - GRACE_NS, "node-2", now - GRACE_NS - 1, "node-3", now);
    assertThat(
            SoakRun.falseDeaths(
                Set.of("node-1", "node-2", "node-3", "node-4"), restartedAt, now, GRACE_NS))
        .containsExactly("node-2", "node-4");
    assertThat(SoakRun.falseDeaths(Set.of(), restartedAt, now, GRACE_NS)).isEmpty();
  }

  @Test
  void aChurnThatKeepsEveryMemberInItsGraceIsRefused() {
    SwimHarness h = new SwimHarness(13, 20_000, false, null);
    // 12 churned members, one restart every 10 s: each member again after 120 s, never out of grace
    assertThatThrownBy(() -> new SoakRun(h, 13, 1_800_000, 10_000, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--churn")
        .hasMessageContaining("--nodes");
    // 13 churned members: 130 s between a member's restarts, 10 s of it out of grace
    new SoakRun(new SwimHarness(14, 20_000, false, null), 14, 1_800_000, 10_000, 10);
  }
}
