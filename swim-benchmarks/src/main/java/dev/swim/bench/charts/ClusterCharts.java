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

  /**
   * What a chart shows: the field, the title, the y axis, a note on reading it (or empty), and
   * whether the figure is measured over the steady window (whose length the rows give).
   */
  record Figure(String field, String title, String yLabel, String note, boolean windowed) {}

  static final Figure CPU =
      new Figure(
          "cpu_ms_per_node_s",
          "CPU per member against cluster size",
          "process CPU per member (ms per second)",
          "Process CPU (all threads, the runtime's own work such as the JIT and GC included) over"
              + " the steady window, divided by N: that fixed cost is shared by more members as N"
              + " grows.",
          true);
  static final Figure BYTES =
      new Figure(
          "lo_bytes_per_node_s",
          "Loopback bytes per member against cluster size",
          "loopback bytes per member per second",
          "Bytes of IP packets on the loopback interface over the steady window, divided by N"
              + " (each run in its own network namespace).",
          true);
  static final Figure JOIN =
      new Figure(
          "join_converge_ms",
          "Join time against cluster size",
          "last join until all see all (ms, median)",
          "join_converge_ms: from the last member's join call until every member sees all N"
              + " alive, polled every 10 ms.",
          false);

  /** The {@code impl} of memberlist's rows. */
  static final String MEMBERLIST = "memberlist";

  /** Said when no row measures memberlist: its series is left out, and said so. */
  static final String MEMBERLIST_NOTE =
      "memberlist (Go) is not drawn: no row of the result file measures it.";

  /** Said when memberlist is drawn: its figures come from the same scenario written in Go. */
  static final String MEMBERLIST_DRAWN_NOTE =
      "memberlist (Go) ran the same scenario as a Go program with its default LAN configuration,"
          + " back to back with ours on the same machine; its CPU is the Go process's (its"
          + " garbage collector included, no JIT).";

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
    Map<String, List<String>> windows = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    boolean memberlist = false;
    for (Row r : file.rows()) {
      String name = r.string("series");
      List<double[]> pts = series.computeIfAbsent(name, k -> new ArrayList<>());
      double n = r.number("n");
      if (r.has(figure.field())) {
        pts.add(new double[] {n, r.number(figure.field())});
        memberlist |= r.has("impl") && r.string("impl").equals(MEMBERLIST);
        List<String> named = windows.computeIfAbsent(window(r), k -> new ArrayList<>());
        if (!named.contains(name)) {
          named.add(name);
        }
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
    if (figure.windowed() && !windows.isEmpty()) {
      chart.note(windowNote(windows));
    }
    chart.note(
        "Figures transcribed from docs/benchmarks.md (cluster scenario, medians of 3 runs unless the"
            + " result file says otherwise); each row of "
            + file.name()
            + " names the command, date and commit that published it.");
    notes.forEach(chart::note);
    chart.note(memberlist ? MEMBERLIST_DRAWN_NOTE : MEMBERLIST_NOTE);
    return chart;
  }

  /** A row's steady window as its {@code measure_s} and {@code settle_s} give it. */
  private static String window(Row r) {
    if (!r.has("measure_s")) {
      return "not recorded";
    }
    String w = Scale.format(r.number("measure_s"), 0) + " s";
    return r.has("settle_s")
        ? w + " after a " + Scale.format(r.number("settle_s"), 0) + " s settle"
        : w;
  }

  /** "Steady window: 20 s after a 10 s settle for A and B; 60 s after a 30 s settle for C." */
  private static String windowNote(Map<String, List<String>> windows) {
    StringBuilder b = new StringBuilder("Steady window: ");
    boolean first = true;
    for (Map.Entry<String, List<String>> e : windows.entrySet()) {
      b.append(first ? "" : "; ")
          .append(e.getKey())
          .append(windows.size() == 1 ? " for every series" : " for " + and(e.getValue()));
      first = false;
    }
    return b.append('.').toString();
  }

  private static String and(List<String> names) {
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " and "
        + names.get(names.size() - 1);
  }
}
