package dev.swim.bench.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The charts of docs/benchmarks.md are generated from docs/results and nothing else: every
 * checked-in image must be what its data gives now, every result file must have a chart and every
 * chart data.
 */
class ChartsTest {
  @TempDir Path tmp;

  /** The repository's root: the first directory upwards that holds docs/results. */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("docs/results"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("no docs/results above %s", Path.of("").toAbsolutePath()).isNotNull();
    return dir;
  }

  @Test
  void everyCheckedInChartIsUpToDateWithItsData() throws IOException {
    Path root = repositoryRoot();
    List<String> problems =
        Charts.problems(root.resolve("docs/results"), root.resolve("docs/images"));
    assertThat(problems)
        .withFailMessage(
            "the charts of docs/benchmarks.md do not match docs/results:%n  %s",
            String.join(System.lineSeparator() + "  ", problems))
        .isEmpty();
  }

  @Test
  void everyChartIsDrawnFromItsOwnResultFiles() throws IOException {
    Path root = repositoryRoot();
    Map<String, String> charts = Charts.render(root.resolve("docs/results"));
    assertThat(charts.keySet())
        .containsExactlyElementsOf(Charts.SPECS.stream().map(Charts.Spec::image).toList());
    for (Charts.Spec spec : Charts.SPECS) {
      assertThat(charts.get(spec.image()))
          .as(spec.image())
          .contains("<desc>" + Svg.escape(Charts.provenance(spec.inputs().get(0))) + "</desc>");
    }
  }

  /** A copy of the checked-in results, drawn into {@code tmp/images} by the command itself. */
  private Path[] drawnCopy() throws IOException {
    Path results = Files.createDirectories(tmp.resolve("results"));
    Path images = tmp.resolve("images");
    try (Stream<Path> files = Files.list(repositoryRoot().resolve("docs/results"))) {
      for (Path f : files.toList()) {
        Files.copy(f, results.resolve(f.getFileName()));
      }
    }
    assertThat(run("--results", results.toString(), "--images", images.toString())).isZero();
    return new Path[] {results, images};
  }

  private static int run(String... args) throws IOException {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    System.setOut(new PrintStream(sink, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(sink, true, StandardCharsets.UTF_8));
    try {
      return Charts.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void theCommandWritesEveryChartAndRedrawsThemByteForByte() throws IOException {
    Path[] dirs = drawnCopy();
    Path images = dirs[1];
    for (Charts.Spec spec : Charts.SPECS) {
      assertThat(images.resolve(spec.image())).isRegularFile();
    }
    byte[] first = Files.readAllBytes(images.resolve(Charts.SPECS.get(0).image()));
    assertThat(run("--results", dirs[0].toString(), "--images", images.toString())).isZero();
    assertThat(Files.readAllBytes(images.resolve(Charts.SPECS.get(0).image()))).isEqualTo(first);
    assertThat(run("--check", "--results", dirs[0].toString(), "--images", images.toString()))
        .isZero();
    assertThat(Charts.problems(dirs[0], images)).isEmpty();
  }

  @Test
  void aStaleChartIsNamedWithTheCommandThatRedrawsIt() throws IOException {
    Path[] dirs = drawnCopy();
    Path image = dirs[1].resolve("detection.svg");
    Files.writeString(image, Files.readString(image).replace("</svg>", "<!-- edited --></svg>"));

    List<String> problems = Charts.problems(dirs[0], dirs[1]);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .contains("docs/images/detection.svg is stale against docs/results/detection.jsonl")
        .contains(Charts.COMMAND);
    assertThat(run("--check", "--results", dirs[0].toString(), "--images", dirs[1].toString()))
        .isEqualTo(1);
    // the command puts it right
    assertThat(run("--results", dirs[0].toString(), "--images", dirs[1].toString())).isZero();
    assertThat(Charts.problems(dirs[0], dirs[1])).isEmpty();
  }

  @Test
  void changedDataMakesItsChartsStale() throws IOException {
    Path[] dirs = drawnCopy();
    Path cluster = dirs[0].resolve("cluster.jsonl");
    String text = Files.readString(cluster);
    String changed =
        text.replaceFirst("\"cpu_ms_per_node_s\":[0-9.]+", "\"cpu_ms_per_node_s\":9.99");
    assertThat(changed).isNotEqualTo(text);
    Files.writeString(cluster, changed);

    assertThat(Charts.problems(dirs[0], dirs[1]))
        .singleElement()
        .asString()
        .contains("docs/images/cluster-cpu.svg is stale against docs/results/cluster.jsonl");
  }

  @Test
  void aMissingChartAResultFileWithoutChartAndAnImageWithoutDataAreNamed() throws IOException {
    Path[] dirs = drawnCopy();
    Files.delete(dirs[1].resolve("false-deaths.svg"));
    Files.writeString(
        dirs[0].resolve("orphan.jsonl"), "{\"command\":\"c\",\"commit\":\"x\",\"date\":\"d\"}\n");
    Files.writeString(dirs[1].resolve("hand-drawn.svg"), "<svg/>");

    assertThat(Charts.problems(dirs[0], dirs[1]))
        .satisfiesExactlyInAnyOrder(
            p -> assertThat(p).startsWith("docs/images/false-deaths.svg is missing: run `"),
            p -> assertThat(p).startsWith("docs/results/orphan.jsonl has no chart"),
            p -> assertThat(p).startsWith("docs/images/hand-drawn.svg has no data"));
  }

  @Test
  void aChartWithoutDataIsNamedAndTheOthersAreStillDrawn() throws IOException {
    Path[] dirs = drawnCopy();
    // every figure of the cluster scenario unmeasured: its three charts have no point to draw
    StringBuilder rows = new StringBuilder();
    for (int n : new int[] {16, 64}) {
      rows.append("{\"command\":\"c\",\"commit\":\"x\",\"date\":\"d\",\"series\":\"s\",\"n\":")
          .append(n)
          .append(",\"cpu_ms_per_node_s\":null}\n");
    }
    Files.writeString(dirs[0].resolve("cluster.jsonl"), rows);
    Files.delete(dirs[1].resolve("dissemination.svg"));
    Files.delete(dirs[0].resolve("detection.jsonl"));

    assertThat(run("--results", dirs[0].toString(), "--images", dirs[1].toString())).isEqualTo(1);
    assertThat(dirs[1].resolve("dissemination.svg")).isRegularFile();
    List<String> problems = Charts.problems(dirs[0], dirs[1]);
    assertThat(problems)
        .contains(
            "cluster-cpu.svg has no data: no series of it has a point ([cluster.jsonl])",
            "cluster-bytes.svg has no data: no series of it has a point ([cluster.jsonl])",
            "cluster-join.svg has no data: no series of it has a point ([cluster.jsonl])",
            "detection.svg has no data: its result file docs/results/detection.jsonl is missing")
        .hasSize(4);
  }

  @Test
  void aMalformedResultFileIsNamed() throws IOException {
    Path[] dirs = drawnCopy();
    Files.writeString(dirs[0].resolve("false-deaths.jsonl"), "{\"command\":\"c\"}\n");
    assertThat(Charts.problems(dirs[0], dirs[1]))
        .containsExactly(
            "false-deaths.svg cannot be drawn: false-deaths.jsonl line 1: field commit must be a"
                + " string");
  }
}
