package dev.swim.bench.charts;

import dev.swim.bench.charts.Chart.Style;
import dev.swim.bench.charts.ResultFile.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The charts of the side-by-side cluster scenario (real members on loopback, one JVM per
 * implementation and size): CPU, loopback bytes and join time per member against N, one series per
 * implementation and runtime as the result file names them. Rows whose figure is null (not
 * measured) draw nothing and their reason becomes a note.
 */
final class ClusterCharts {
  private ClusterCharts() {}

  /** What a chart shows: the field, the title, the y axis, a note on reading it (or empty). */
  record Figure(String field, String title, String yLabel, String note) {}

  static final Figure CPU =
      new Figure(
          "cpu_ms_per_node_s",
          "CPU per member against cluster size",
          "process CPU per member (ms per second)",
          "Process CPU (all threads, JIT and GC included) over a 20 s steady window, divided by N:"
              + " the JIT's fixed cost is shared by more members as N grows.");
  static final Figure BYTES =
      new Figure(
          "lo_bytes_per_node_s",
          "Loopback bytes per member against cluster size",
          "loopback bytes per member per second",
          "Bytes of IP packets on the loopback interface over the steady window, divided by N"
              + " (each run in its own network namespace).");
  static final Figure JOIN =
      new Figure(
          "join_converge_ms",
          "Join time against cluster size",
          "last join until all see all (ms, median)",
          "join_converge_ms: from the last member's join call until every member sees all N"
              + " alive, polled every 10 ms.");

  /** memberlist has never been run in this scenario: its series is left out, and said so. */
  static final String MEMBERLIST_NOTE =
      "memberlist (Go) is not drawn: it has not been measured in this scenario (the harness runs"
          + " JVM implementations only).";

  private static void addOnce(List<String> notes, String note) {
    if (!notes.contains(note)) {
      notes.add(note);
    }
  }

  /**
   * The chart of {@code figure} against N, one series per distinct {@code series} field in order of
   * first appearance; rows without the figure are left out and named in a note.
   */
  static Chart chart(ResultFile file, Figure figure) {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (Row r : file.rows()) {
      String name = r.string("series");
      List<double[]> pts = series.computeIfAbsent(name, k -> new ArrayList<>());
      double n = r.number("n");
      if (r.has(figure.field())) {
        pts.add(new double[] {n, r.number(figure.field())});
        if (r.has("runs") && r.number("runs") != 3) {
          long runs = Math.round(r.number("runs"));
          addOnce(
              notes,
              name
                  + " at N = "
                  + Scale.format(n, 0)
                  + ": "
                  + runs
                  + (runs == 1 ? " run" : " runs")
                  + ", not the median of 3.");
        }
      } else {
        String why = r.has("note") ? r.string("note") : "not measured";
        addOnce(notes, name + " at N = " + Scale.format(n, 0) + ": " + why + ".");
      }
    }
    Chart chart =
        new Chart(figure.title(), "members (N, log scale)", figure.yLabel())
            .xLog2()
            .description(Charts.provenance(file.name()));
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      chart.series(e.getKey(), Style.LINE_POINTS, e.getValue());
    }
    if (!figure.note().isEmpty()) {
      chart.note(figure.note());
    }
    chart.note(
        "Figures transcribed from docs/benchmarks.md (cluster scenario, medians of 3 runs unless the"
            + " result file says otherwise); each row of "
            + file.name()
            + " names the command, date and commit that published it.");
    notes.forEach(chart::note);
    chart.note(MEMBERLIST_NOTE);
    return chart;
  }
}
