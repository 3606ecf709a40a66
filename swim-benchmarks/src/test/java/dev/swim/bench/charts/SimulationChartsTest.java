package dev.swim.bench.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.swim.core.protocol.Formulas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The simulation charts: the logistic model, the detection histogram, and what they read. */
class SimulationChartsTest {
  @TempDir Path dir;

  private static final String PROVENANCE =
      "\"command\":\"java -jar swim-benchmarks.jar simulate\",\"commit\":\"abc\",\"date\":\"d\"";

  private ResultFile file(String name, String... rows) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String r : rows) {
      b.append("{").append(PROVENANCE).append(",").append(r).append("}\n");
    }
    return ResultFile.read(Files.writeString(dir.resolve(name), b));
  }

  @Test
  void theLogisticModelIsTheInverseOfTheProtocolsFormula() {
    for (int n : new int[] {10, 1_000, 10_000}) {
      for (double loss : new double[] {0, 0.1}) {
        for (double x : new double[] {0.1, 0.5, 0.999}) {
          double rounds = Formulas.logisticRounds(n, 3, loss, x);
          assertThat(SimulationCharts.logisticFraction(n, 3, loss, rounds))
              .isCloseTo(x, within(1e-9));
        }
      }
    }
    // one member of N + 2 at round 0, half at ln(N + 1) / c rounds, all in the limit
    assertThat(SimulationCharts.logisticFraction(1_000, 3, 0, 0))
        .isCloseTo(1 / 1002.0, within(1e-12));
    assertThat(SimulationCharts.logisticFraction(1_000, 3, 0, Math.log(1001) / 1.5))
        .isCloseTo(0.5, within(1e-12));
    assertThat(SimulationCharts.logisticFraction(1_000, 3, 0, 100)).isCloseTo(1, within(1e-12));
  }

  @Test
  void theHistogramCountsEachValueInItsHalfSecondBin() {
    List<double[]> bins = SimulationCharts.histogram(List.of(12.0, 12.49, 12.5, 14.2, 12.1));
    assertThat(bins).hasSize(3);
    assertThat(bins.get(0)).containsExactly(12.0, 3.0);
    assertThat(bins.get(1)).containsExactly(12.5, 1.0);
    assertThat(bins.get(2)).containsExactly(14.0, 1.0);
    assertThat(SimulationCharts.histogram(List.of())).isEmpty();
  }

  @Test
  void disseminationDrawsEachSizeBesideItsModel() throws Exception {
    ResultFile f =
        file(
            "dissemination.jsonl",
            "\"nodes\":10000,\"loss\":0.0,\"seed\":1,\"gossip_nodes\":3,\"gossip_interval_ms\":200,"
                + "\"dissemination_holders\":[1,14,315,4282,9443,9982,10000]",
            "\"nodes\":1000,\"loss\":0.0,\"seed\":1,\"gossip_nodes\":3,\"gossip_interval_ms\":200,"
                + "\"dissemination_holders\":[1,29,455,955,996,1000]");
    Chart chart = SimulationCharts.dissemination(f);
    assertThat(chart.seriesList().stream().map(Chart.Series::name))
        .containsExactly(
            "simulated, N = 1,000 (seed 1)",
            "logistic model, N = 1,000, fanout 3",
            "simulated, N = 10,000 (seed 1)",
            "logistic model, N = 10,000, fanout 3");
    Chart.Series measured = chart.seriesList().get(0);
    assertThat(measured.points()).hasSize(6);
    assertThat(measured.points().get(1)).containsExactly(1.0, 0.029);
    assertThat(measured.points().get(5)).containsExactly(5.0, 1.0);
    Chart.Series model = chart.seriesList().get(1);
    double[] last = model.points().get(model.points().size() - 1);
    assertThat(last[1]).isGreaterThanOrEqualTo(0.999);
    Document doc = Xml.parse(chart.render());
    assertThat(Xml.elements(doc, "polyline")).hasSize(4);
  }

  @Test
  void detectionDrawsBothDistributionsAndTheBounds() throws Exception {
    ResultFile f =
        file(
            "detection.jsonl",
            "\"nodes\":1000,\"seed\":1,\"crash\":3,\"detect_first_each_s\":[12.8,13.1,14.0],"
                + "\"detect_all_each_s\":[13.1,13.3,14.4],\"model_first_detect_s\":1.58,"
                + "\"model_suspicion_min_s\":12.0,\"model_dissemination_rounds_p999\":9.21,"
                + "\"model_detect_all_s\":15.42,\"bounds\":{\"suspicion_max_s\":72.0}");
    Chart chart = SimulationCharts.detection(f);
    assertThat(chart.seriesList()).hasSize(2);
    assertThat(chart.seriesList().get(1).points())
        .extracting(p -> p[0] + "=" + p[1])
        .containsExactly("13.0=2.0", "14.0=1.0");
    List<String> texts = Xml.texts(Xml.parse(chart.render()), "text");
    assertThat(texts).contains("minimum suspicion timeout 12.00 s", "model bound 15.42 s");
    assertThat(String.join(" ", texts))
        .contains("72.00 s")
        .contains("Every survivor holds it DEAD: median 13.30 s, p99 14.40 s, max 14.40 s;")
        .contains("the first survivor: median 13.10 s, max 14.00 s.");
    // the x axis starts a second before the minimum suspicion timeout, clear of its marker
    assertThat(Xml.texts(Xml.parse(chart.render()), "text")).contains("11", "12", "16");
  }

  @Test
  void percentilesAreNearestRank() {
    List<Double> v = List.of(5.0, 1.0, 4.0, 2.0, 3.0);
    assertThat(SimulationCharts.percentile(v, 0.5)).isEqualTo(3.0);
    assertThat(SimulationCharts.percentile(v, 0.99)).isEqualTo(5.0);
    assertThat(SimulationCharts.percentile(v, 0.2)).isEqualTo(1.0);
    assertThat(SimulationCharts.percentile(v, 1)).isEqualTo(5.0);
    assertThat(SimulationCharts.percentile(List.of(), 0.5)).isZero();
  }

  @Test
  void falseDeathsAverageTheSeedsPerLossAndLifeguardSetting() throws Exception {
    String common = "\"nodes\":100,\"duration_s\":300.0,";
    ResultFile f =
        file(
            "false-deaths.jsonl",
            common + "\"lifeguard\":true,\"loss\":0.0,\"seed\":1,\"false_dead\":0",
            common + "\"lifeguard\":true,\"loss\":0.0,\"seed\":2,\"false_dead\":1",
            common + "\"lifeguard\":true,\"loss\":0.1,\"seed\":1,\"false_dead\":2",
            common + "\"lifeguard\":false,\"loss\":0.1,\"seed\":1,\"false_dead\":5",
            common + "\"lifeguard\":false,\"loss\":0.0,\"seed\":1,\"false_dead\":0");
    Chart chart = SimulationCharts.falseDeaths(f);
    assertThat(chart.seriesList()).hasSize(2);
    assertThat(chart.seriesList().get(0).name()).isEqualTo("Lifeguard on");
    assertThat(chart.seriesList().get(0).points())
        .extracting(p -> p[0] + "=" + p[1])
        .containsExactly("0.0=0.5", "10.0=2.0");
    assertThat(chart.seriesList().get(1).points())
        .extracting(p -> p[0] + "=" + p[1])
        .containsExactly("0.0=0.0", "10.0=5.0");

    ResultFile mixed =
        file(
            "mixed.jsonl",
            common + "\"lifeguard\":true,\"loss\":0.0,\"seed\":1,\"false_dead\":0",
            "\"nodes\":200,\"duration_s\":300.0,\"lifeguard\":true,\"loss\":0.1,\"seed\":1,"
                + "\"false_dead\":0");
    assertThatThrownBy(() -> SimulationCharts.falseDeaths(mixed))
        .hasMessageContaining("mixed.jsonl line 2: field nodes");
  }
}
