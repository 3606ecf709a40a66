package dev.swim.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The per-round and per-crash figures {@code simulate} prints for the charts of docs/benchmarks.md:
 * {@code dissemination_holders} (members holding the metadata change at the end of each gossip
 * round) and {@code detect_first_each_s} / {@code detect_all_each_s} (one detection time per
 * crash).
 */
@DisplayName("simulate: dissemination curve and per-crash detection times")
class SimulateCurvesTest {
  private static final int NODES = 40;

  /** One 150 s run of 40 members with 4 crashes, shared by the tests that read its line. */
  private static String crashRun;

  @BeforeAll
  static void runOnce() {
    crashRun =
        run(
            "--nodes",
            Integer.toString(NODES),
            "--crash",
            "4",
            "--seed",
            "2",
            "--duration",
            "150s");
  }

  @Test
  @DisplayName("holders per round count the origin and every member reached within that round")
  void holdersPerRoundIsCumulative() {
    assertThat(SimulateCommand.holdersPerRound(new int[] {0, 1, 1, 3})).containsExactly(2, 4, 4, 5);
    assertThat(SimulateCommand.holdersPerRound(new int[] {2, 2})).containsExactly(1, 1, 3);
    assertThat(SimulateCommand.holdersPerRound(null)).isEmpty();
    assertThat(SimulateCommand.holdersPerRound(new int[0])).isEmpty();
  }

  @Test
  @DisplayName("the curve ends with every member holding the change, at the p100 round")
  void disseminationCurveReachesEveryMember() {
    String json = crashRun;

    int[] holders = ints(json, "dissemination_holders");
    assertThat(holders).isNotEmpty();
    for (int r = 1; r < holders.length; r++) {
      assertThat(holders[r]).as("round %d", r).isGreaterThanOrEqualTo(holders[r - 1]);
    }
    assertThat(holders[holders.length - 1]).isEqualTo(NODES);
    assertThat(holders.length - 1).isEqualTo((int) number(json, "dissemination_rounds_p100"));
    assertThat((int) number(json, "gossip_nodes")).isEqualTo(3);
    assertThat((int) number(json, "gossip_interval_ms")).isEqualTo(200);
  }

  @Test
  @DisplayName("the JSON says whether Lifeguard ran, as swim.lifeguard set it")
  void reportsLifeguard() {
    String common = "--nodes 10 --duration 70s --set swim.tcp-fallback-probe=false --set ";
    assertThat(run((common + "swim.lifeguard=false").split(" "))).contains("\"lifeguard\":false");
    assertThat(run((common + "swim.lifeguard=true").split(" "))).contains("\"lifeguard\":true");
    assertThat(run("--nodes", "10", "--duration", "70s")).contains("\"lifeguard\":true");
  }

  @Test
  @DisplayName("one detection time per crash, none before the minimum suspicion timeout")
  void perCrashDetectionTimes() {
    String json = crashRun;

    double[] first = doubles(json, "detect_first_each_s");
    double[] all = doubles(json, "detect_all_each_s");
    assertThat(first).hasSize(4);
    assertThat(all).hasSize(4);
    assertThat(all).containsExactly(sorted(all));
    assertThat(first).containsExactly(sorted(first));
    assertThat(all[all.length - 1]).isEqualTo(nested(json, "detect_all_s", "max"));
    assertThat(first[first.length - 1]).isEqualTo(nested(json, "detect_first_s", "max"));
    double minSuspicion = number(json, "model_suspicion_min_s");
    for (int i = 0; i < all.length; i++) {
      // a member is declared DEAD only after a suspicion of at least the minimum timeout, and
      // every survivor holds it DEAD no sooner than the first one does
      assertThat(first[i]).isGreaterThanOrEqualTo(minSuspicion);
      assertThat(all[i]).isGreaterThanOrEqualTo(first[i]);
    }
  }

  private static double[] sorted(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s;
  }

  private static String run(String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      SimulateCommand.run(args);
    } finally {
      System.setOut(out);
    }
    String[] lines = buf.toString(StandardCharsets.UTF_8).trim().split("\n");
    return lines[lines.length - 1];
  }

  private static String raw(String json, String field, String valuePattern) {
    Matcher m = Pattern.compile("\"" + field + "\":(" + valuePattern + ")").matcher(json);
    assertThat(m.find()).as("%s in %s", field, json).isTrue();
    return m.group(1);
  }

  private static double number(String json, String field) {
    return Double.parseDouble(raw(json, field, "-?[0-9.]+"));
  }

  private static double nested(String json, String object, String field) {
    return number(raw(json, object, "\\{[^}]*\\}"), field);
  }

  private static double[] doubles(String json, String field) {
    String array = raw(json, field, "\\[[^]]*\\]");
    String inner = array.substring(1, array.length() - 1);
    return inner.isEmpty()
        ? new double[0]
        : Arrays.stream(inner.split(",")).mapToDouble(Double::parseDouble).toArray();
  }

  private static int[] ints(String json, String field) {
    return Arrays.stream(doubles(json, field)).mapToInt(d -> (int) d).toArray();
  }
}
