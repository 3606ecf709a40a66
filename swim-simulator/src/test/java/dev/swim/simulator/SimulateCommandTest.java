package dev.swim.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.protocol.Formulas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The {@code simulate} command end to end on a small cluster, and its argument checks. */
class SimulateCommandTest {

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

  @Test
  void printsOneJsonObjectWithTheFiguresAndIsDeterministic() {
    String[] args = {"--nodes", "20", "--crash", "2", "--seed", "3", "--duration", "120s"};
    String json = run(args);
    assertThat(json).startsWith("{").endsWith("}");
    assertThat(json)
        .contains(
            "\"nodes\":20",
            "\"seed\":3",
            "\"profile\":\"lan\"",
            "\"false_dead\":0",
            "\"undetected\":0",
            "\"dissemination_reached\":19",
            "\"detect_all_s\":{\"p50\":");
    String again = run(args);
    assertThat(stripVolatile(again)).isEqualTo(stripVolatile(json));
  }

  @Test
  void simulatesTheSampleAppsOwnConfiguration() {
    String json =
        run(
            "--config",
            "../sample-app/src/main/resources/application.yml",
            "--set",
            "swim.probe-interval=800ms",
            "--set",
            "swim.encryption.keys=" + Base64.getEncoder().encodeToString(new byte[16]),
            "--nodes",
            "30",
            "--loss",
            "0.05",
            "--crash",
            "1",
            "--duration",
            "60s");
    assertThat(json)
        .contains(
            "\"config\":\"../sample-app/src/main/resources/application.yml\"",
            "\"overrides\":2",
            "\"datagram_overhead_bytes\":33",
            "\"tcp_fallback\":true",
            "\"undetected\":0")
        .containsPattern("\"not_simulated\":\"[^\"]*swim.bind-port");
    // the model's bounds are those of the configured probe interval
    double first = Math.round(Formulas.expectedFirstDetectionMillis(800) / 1000.0 * 100.0) / 100.0;
    assertThat(json).contains("\"model_first_detect_s\":" + first);
  }

  @Test
  void aBadSettingFailsNamingTheProperty() {
    assertThatThrownBy(() -> run("--set", "swim.probe-timeout=2s", "--nodes", "10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("swim.probe-timeout (2s) must be less than swim.probe-interval");
    assertThatThrownBy(() -> run("--set", "swim.probe-intervall=2s", "--nodes", "10"))
        .hasMessageContaining("unknown setting swim.probe-intervall");
  }

  @Test
  void joinStartReportsConvergence() {
    String json = run("--nodes", "12", "--seed", "5", "--duration", "90s", "--start", "join");
    assertThat(json).contains("\"start\":\"join\"").doesNotContain("\"join_converge_s\":null");
  }

  @Test
  void adversarialRunReportsTheInvariantsAndExitsZeroWhenTheyHold() {
    PrintStream out = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int status;
    try {
      status =
          SimulateCommand.run(
              new String[] {
                "--nodes",
                "30",
                "--adversaries",
                "3",
                "--adversary-kind",
                "insider",
                "--duration",
                "30s",
                "--seed",
                "1"
              });
    } finally {
      System.setOut(out);
    }
    String[] lines = buf.toString(StandardCharsets.UTF_8).trim().split("\n");
    String json = lines[lines.length - 1];
    assertThat(status).isZero();
    assertThat(json)
        .contains(
            "\"adversary_kind\":\"insider\"",
            "\"false_dead\":",
            "\"readdressed\":",
            "\"max_tracked_members\":",
            "\"dropped_oversized\":",
            "\"violations\":0");
    assertThat(json).doesNotContain("\"dropped_oversized\":0,");
  }

  @Test
  void printsTheSameFiguresOnTwoThreadsAsOnOne() {
    String[] args = {"--nodes", "250", "--loss", "0.1", "--crash", "1", "--seed", "4"};
    String[] single = withThreads(args, "1");
    String[] two = withThreads(args, "2");

    String json = run(single);
    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    String twoJson;
    try {
      twoJson = run(two);
    } finally {
      System.setErr(err);
    }

    assertThat(json).contains("\"nodes\":250", "\"undetected\":0");
    assertThat(log.toString(StandardCharsets.UTF_8))
        .as("the two-thread run did share milliseconds out")
        .containsPattern("shared out among 2 threads: [1-9]");
    assertThat(stripVolatile(twoJson)).isEqualTo(stripVolatile(json));
  }

  private static String[] withThreads(String[] args, String threads) {
    String[] out = java.util.Arrays.copyOf(args, args.length + 2);
    out[args.length] = "--threads";
    out[args.length + 1] = threads;
    return out;
  }

  @Test
  void badArgumentsNameTheFlag() {
    assertThatThrownBy(() -> SimulateOptions.parse(new String[] {"--loss", "1.5"}))
        .hasMessageContaining("--loss");
    assertThatThrownBy(() -> SimulateOptions.parse(new String[] {"--threads", "0"}))
        .hasMessageContaining("--threads");
    assertThatThrownBy(() -> SimulateOptions.parse(new String[] {"--bogus", "1"}))
        .hasMessageContaining("--bogus");
    assertThatThrownBy(() -> SimulateOptions.parse(new String[] {"--start", "later"}))
        .hasMessageContaining("--start");
    assertThatThrownBy(() -> SimulateOptions.parse(new String[] {"--adversary-kind", "spy"}))
        .hasMessageContaining("--adversary-kind");
    assertThat(SimulateOptions.duration("1500ms")).isEqualTo(1500);
    assertThat(SimulateOptions.duration("2m")).isEqualTo(120_000);
  }

  private static String stripVolatile(String json) {
    return json.replaceAll("\"(wall_s|peak_heap_mb|bytes_per_member_entry)\":-?[0-9.]+", "");
  }
}
