package dev.swim.bench.charts;

import dev.swim.bench.charts.Chart.Style;
import dev.swim.bench.charts.ResultFile.Row;
import dev.swim.core.protocol.Formulas;
import dev.swim.simulator.SimulateCommand;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The charts drawn from {@code simulate} runs: dissemination against the logistic model, the
 * distribution of detection times against the formulas' bounds, and false deaths against datagram
 * loss with Lifeguard on and off.
 */
final class SimulationCharts {
  private SimulationCharts() {}

  /** Width of a detection-time histogram bin, in seconds. */
  static final double DETECTION_BIN_S = 0.5;

  /**
   * The logistic (epidemic) model of push gossip: the fraction of {@code n} members holding an
   * update {@code rounds} gossip rounds after one member got it, each member sending to {@code
   * fanout} others per round with {@code loss} of them lost: {@code x(r) = 1 / (1 + (n + 1) e^(-c
   * r))} with {@code c = fanout (1 - loss) / 2}. It is the inverse of swim-core's {@link
   * Formulas#logisticRounds}, which gives the rounds to reach a fraction.
   */
  static double logisticFraction(int n, int fanout, double loss, double rounds) {
    double c = fanout * (1.0 - loss) / 2.0;
    return 1.0 / (1.0 + (n + 1.0) * Math.exp(-c * rounds));
  }

  /** Members holding one metadata change per gossip round, per cluster size, beside the model. */
  static Chart dissemination(ResultFile file) {
    List<Row> rows = new ArrayList<>(file.rows());
    rows.sort(Comparator.comparingDouble(r -> r.number("nodes")));
    long gossipMs = Math.round(rows.get(0).number("gossip_interval_ms"));
    Chart chart =
        new Chart(
                "Dissemination of one metadata change",
                "gossip rounds (" + gossipMs + " ms each) since the change",
                "fraction of members holding it")
            .yRange(0, 1)
            .description(Charts.provenance(file.name()));
    int color = 0;
    for (Row r : rows) {
      int n = (int) r.number("nodes");
      int fanout = (int) r.number("gossip_nodes");
      double loss = r.number("loss");
      if (Math.round(r.number("gossip_interval_ms")) != gossipMs) {
        throw r.missing("gossip_interval_ms", "the same in every row (" + gossipMs + ")");
      }
      double[] holders = r.numbers("dissemination_holders");
      List<double[]> measured = new ArrayList<>();
      for (int i = 0; i < holders.length; i++) {
        measured.add(new double[] {i, holders[i] / n});
      }
      List<double[]> model = new ArrayList<>();
      double end = Math.ceil(Formulas.logisticRounds(n, fanout, loss, 0.999));
      for (int tenth = 0; tenth <= end * 10; tenth++) {
        double rounds = tenth / 10.0;
        model.add(new double[] {rounds, logisticFraction(n, fanout, loss, rounds)});
      }
      String c = Chart.PALETTE.get(color++ % Chart.PALETTE.size());
      String size = "N = " + Scale.format(n, 0);
      chart.series(
          "simulated, " + size + " (seed " + Scale.format(r.number("seed"), 0) + ")",
          Style.LINE_POINTS,
          c,
          measured);
      chart.series(
          "logistic model, " + size + ", fanout " + fanout + lossText(loss),
          Style.DASHED,
          c,
          model);
    }
    chart.note(
        "Simulated: the origin and every member that emitted the change's UPDATED event by the"
            + " end of each round (simulate's dissemination_holders), LAN profile, converged"
            + " cluster, no loss.");
    chart.note(
        "Model: x(r) = 1 / (1 + (N + 1) e^(-c r)), c = fanout (1 - loss) / 2, the logistic"
            + " curve of push gossip in lock-step rounds (swim-core's Formulas.logisticRounds)."
            + " Real members' gossip timers are not in step, so a member passes the change on at"
            + " its own next round, on average half an interval after it got it, and the change"
            + " also rides on probe pings and acks: the simulated curves run ahead of the model.");
    return chart;
  }

  private static String lossText(double loss) {
    return loss == 0 ? "" : ", loss " + Scale.format(loss * 100, 0) + " %";
  }

  /**
   * The distribution of the time from a crash until every survivor holds the member DEAD (and until
   * the first does), with the minimum suspicion timeout and the model's expected bound.
   */
  static Chart detection(ResultFile file) {
    Row first = file.rows().get(0);
    double nodes = first.number("nodes");
    List<Double> all = new ArrayList<>();
    List<Double> firstDead = new ArrayList<>();
    int crashes = 0;
    StringBuilder seeds = new StringBuilder();
    for (Row r : file.rows()) {
      if (r.number("nodes") != nodes) {
        throw r.missing("nodes", "the same in every row (" + Scale.format(nodes, 0) + ")");
      }
      for (double v : r.numbers("detect_all_each_s")) {
        all.add(v);
      }
      for (double v : r.numbers("detect_first_each_s")) {
        firstDead.add(v);
      }
      crashes += (int) r.number("crash");
      seeds.append(seeds.length() == 0 ? "" : ", ").append(Scale.format(r.number("seed"), 0));
    }
    double minSuspicion = first.number("model_suspicion_min_s");
    double model = first.number("model_detect_all_s");
    Chart chart =
        new Chart(
                "Crash detection time, "
                    + Scale.format(nodes, 0)
                    + " members, "
                    + crashes
                    + " crashes",
                "seconds from the crash",
                "crashes per " + Scale.format(DETECTION_BIN_S, 1) + " s bin")
            .binWidth(DETECTION_BIN_S)
            .xRange(minSuspicion - 1, minSuspicion - 1) // the timeout's marker clear of the axis
            .description(Charts.provenance(file.name()));
    chart.series("first survivor holds it DEAD", Style.BARS, "#9ecae1", histogram(firstDead));
    chart.series("every survivor holds it DEAD", Style.BARS, "#1f77b4", histogram(all));
    chart.marker(minSuspicion, "minimum suspicion timeout " + seconds(minSuspicion), "#555555");
    chart.marker(model, "model bound " + seconds(model), "#d62728");
    chart.note(
        "Model bound: SWIM's expected first detection T e/(e-1) ("
            + seconds(first.number("model_first_detect_s"))
            + ") + Lifeguard's minimum suspicion timeout ("
            + seconds(minSuspicion)
            + ", reached once enough members confirm the suspicion) + dissemination to 99.9 % in"
            + " the logistic model ("
            + Scale.format(first.number("model_dissemination_rounds_p999"), 2)
            + " rounds), as simulate and bounds print it.");
    if (first.has("bounds")) {
      Object max = first.object("bounds").get("suspicion_max_s");
      if (max instanceof Double d) {
        chart.note(
            "Without confirmations the suspicion timeout stays at its maximum, "
                + seconds(d)
                + " (bounds --nodes "
                + Scale.format(nodes, 0)
                + ").");
      }
    }
    chart.note(
        "Every survivor holds it DEAD: median "
            + seconds(percentile(all, 0.5))
            + ", p99 "
            + seconds(percentile(all, 0.99))
            + ", max "
            + seconds(percentile(all, 1))
            + "; the first survivor: median "
            + seconds(percentile(firstDead, 0.5))
            + ", max "
            + seconds(percentile(firstDead, 1))
            + ". The model bound is an expected value, not a maximum.");
    chart.note(
        "Simulated: LAN profile, converged cluster, no loss, crashes 15 s apart, seed "
            + seeds
            + " (simulate's detect_first_each_s and detect_all_each_s).");
    return chart;
  }

  /**
   * The {@code q} quantile of {@code values} in any order, nearest rank as simulate computes its
   * p50 and p99 ({@link SimulateCommand#percentile}); 0 when there are none.
   */
  static double percentile(List<Double> values, double q) {
    if (values.isEmpty()) {
      return 0;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return SimulateCommand.percentile(sorted, q);
  }

  /** Counts per bin of {@link #DETECTION_BIN_S}, as (bin start, count) in bin order. */
  static List<double[]> histogram(List<Double> values) {
    Map<Long, Integer> bins = new TreeMap<>();
    for (double v : values) {
      long bin = (long) Math.floor(v / DETECTION_BIN_S + 1e-9);
      bins.merge(bin, 1, Integer::sum);
    }
    List<double[]> out = new ArrayList<>();
    for (Map.Entry<Long, Integer> e : bins.entrySet()) {
      out.add(new double[] {e.getKey() * DETECTION_BIN_S, e.getValue()});
    }
    return out;
  }

  private static String seconds(double s) {
    return Scale.format(s, 2) + " s";
  }

  /**
   * Live members declared DEAD against datagram loss, Lifeguard on and off: the mean over the seeds
   * run at each loss.
   */
  static Chart falseDeaths(ResultFile file) {
    Row first = file.rows().get(0);
    double nodes = first.number("nodes");
    Map<Boolean, TreeMap<Double, double[]>> byMode = new TreeMap<>(Comparator.reverseOrder());
    List<String> seeds = new ArrayList<>();
    for (Row r : file.rows()) {
      if (r.number("nodes") != nodes) {
        throw r.missing("nodes", "the same in every row (" + Scale.format(nodes, 0) + ")");
      }
      Object lifeguard = r.fields().get("lifeguard");
      if (!(lifeguard instanceof Boolean on)) {
        throw r.missing("lifeguard", "true or false");
      }
      double[] sum =
          byMode
              .computeIfAbsent(on, k -> new TreeMap<>())
              .computeIfAbsent(r.number("loss"), k -> new double[2]);
      sum[0] += r.number("false_dead");
      sum[1]++;
      String seed = Scale.format(r.number("seed"), 0);
      if (!seeds.contains(seed)) {
        seeds.add(seed);
      }
    }
    Chart chart =
        new Chart(
                "False deaths against datagram loss, " + Scale.format(nodes, 0) + " members",
                "datagram loss (%)",
                "live members declared DEAD (mean per run)")
            .description(Charts.provenance(file.name()));
    for (Map.Entry<Boolean, TreeMap<Double, double[]>> mode : byMode.entrySet()) {
      List<double[]> pts = new ArrayList<>();
      for (Map.Entry<Double, double[]> e : mode.getValue().entrySet()) {
        pts.add(new double[] {e.getKey() * 100, e.getValue()[0] / e.getValue()[1]});
      }
      boolean on = mode.getKey();
      chart.series(
          on ? "Lifeguard on" : "Lifeguard off (swim.lifeguard=false: plain SWIM suspicion)",
          Style.LINE_POINTS,
          on ? "#1f77b4" : "#d62728",
          pts);
    }
    chart.note(
        "Each point: the mean over seeds "
            + String.join(", ", seeds)
            + " of simulate's false_dead (live members any member declared DEAD during a run of "
            + Scale.format(first.number("duration_s"), 0)
            + " virtual seconds), LAN profile, no crash, the TCP fallback probe off"
            + " (swim.tcp-fallback-probe=false) so that the UDP protocol alone is measured.");
    return chart;
  }
}
