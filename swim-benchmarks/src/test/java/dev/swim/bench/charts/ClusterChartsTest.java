package dev.swim.bench.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster-scenario charts: one series per implementation, unmeasured rows named, not drawn. */
class ClusterChartsTest {
  @TempDir Path dir;

  @Test
  void drawsEachSeriesAgainstNAndNamesWhatWasNotMeasured() throws Exception {
    String p = "\"command\":\"c\",\"commit\":\"x\",\"date\":\"d\",";
    Path file =
        Files.writeString(
            dir.resolve("cluster.jsonl"),
            "{"
                + p
                + "\"series\":\"ours\",\"n\":16,\"runs\":3,\"cpu_ms_per_node_s\":1.5}\n"
                + "{"
                + p
                + "\"series\":\"peer <x>\",\"n\":16,\"runs\":3,\"cpu_ms_per_node_s\":4}\n"
                + "{"
                + p
                + "\"series\":\"ours\",\"n\":256,\"runs\":1,\"cpu_ms_per_node_s\":0.5}\n"
                + "{"
                + p
                + "\"series\":\"peer <x>\",\"n\":128,\"runs\":0,\"note\":\"no fds\","
                + "\"cpu_ms_per_node_s\":null}\n");
    Chart chart = ClusterCharts.chart(ResultFile.read(file), ClusterCharts.CPU);

    assertThat(chart.seriesList())
        .extracting(Chart.Series::name)
        .containsExactly("ours", "peer <x>");
    assertThat(chart.seriesList().get(0).points())
        .extracting(q -> q[0] + "=" + q[1])
        .containsExactly("16.0=1.5", "256.0=0.5");
    assertThat(chart.seriesList().get(1).points()).hasSize(1);
    String text = String.join(" ", Xml.texts(Xml.parse(chart.render()), "text"));
    assertThat(text)
        .contains("peer <x> at N = 128: no fds.")
        .contains("ours at N = 256: 1 run, not the median of 3.")
        .contains("memberlist (Go) is not drawn");
  }

  @Test
  void memberlistIsDrawnWhenRowsMeasureItAndTheWindowComesFromTheRows() throws Exception {
    String p = "\"command\":\"c\",\"commit\":\"x\",\"date\":\"d\",";
    Path file =
        Files.writeString(
            dir.resolve("cluster.jsonl"),
            "{"
                + p
                + "\"series\":\"ours old\",\"impl\":\"swim\",\"n\":16,\"runs\":3,"
                + "\"cpu_ms_per_node_s\":1.5,\"join_converge_ms\":70,"
                + "\"settle_s\":10,\"measure_s\":20}\n"
                + "{"
                + p
                + "\"series\":\"ours\",\"impl\":\"swim\",\"n\":64,\"runs\":3,"
                + "\"cpu_ms_per_node_s\":0.3,\"join_converge_ms\":283,"
                + "\"settle_s\":30,\"measure_s\":60}\n"
                + "{"
                + p
                + "\"series\":\"memberlist 0.2.2\",\"impl\":\"memberlist\",\"n\":64,"
                + "\"runs\":3,\"cpu_ms_per_node_s\":0.4,\"join_converge_ms\":1378,"
                + "\"settle_s\":30,\"measure_s\":60}\n");
    ResultFile rows = ResultFile.read(file);

    Chart cpu = ClusterCharts.chart(rows, ClusterCharts.CPU);
    assertThat(cpu.seriesList())
        .extracting(Chart.Series::name)
        .containsExactly("ours old", "ours", "memberlist 0.2.2");
    assertThat(cpu.seriesList().get(2).points())
        .extracting(q -> q[0] + "=" + q[1])
        .containsExactly("64.0=0.4");
    String text = String.join(" ", Xml.texts(Xml.parse(cpu.render()), "text"));
    assertThat(text)
        .doesNotContain("is not drawn")
        .contains("ran the same scenario as a Go program")
        .contains("20 s after a 10 s settle for ours old")
        .contains("60 s after a 30 s settle for ours and memberlist 0.2.2")
        .doesNotContain("a 20 s steady window");

    // join time is not measured over the window: no window note
    String join =
        String.join(
            " ",
            Xml.texts(Xml.parse(ClusterCharts.chart(rows, ClusterCharts.JOIN).render()), "text"));
    assertThat(join).doesNotContain("Steady window");
  }
}
