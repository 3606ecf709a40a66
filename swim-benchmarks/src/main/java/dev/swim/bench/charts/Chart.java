package dev.swim.bench.charts;

import java.util.ArrayList;
import java.util.List;

/**
 * One chart: titled axes with ticks and a light grid, any number of series (lines, lines with
 * points, dashed lines, histogram bars), vertical markers with labels, a legend and notes below the
 * plot. Series, markers and notes are drawn in the order they were added; a series without points
 * is listed in the legend as having no data and draws nothing.
 */
final class Chart {

  /** How a series is drawn. */
  enum Style {
    /** A solid line through the points. */
    LINE,
    /** A solid line with a dot at each point. */
    LINE_POINTS,
    /** A dashed line (a model or bound). */
    DASHED,
    /** Bars from zero, one per point, {@code x} the start of its bin; bar series share a bin. */
    BARS
  }

  /** One data series; {@code color} is an SVG colour such as {@code #1f77b4}. */
  record Series(String name, Style style, String color, List<double[]> points) {
    Series {
      points = List.copyOf(points);
      for (double[] p : points) {
        if (p.length != 2 || !Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
          throw new IllegalArgumentException(
              "series " + name + ": a point must be a finite (x, y)");
        }
      }
    }
  }

  /** A vertical line at {@code x} across the plot, labelled at its top. */
  record Marker(double x, String label, String color) {}

  /** Colours for series in order: dark enough on white, distinguishable in print. */
  static final List<String> PALETTE =
      List.of("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b");

  static final int WIDTH = 760;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 56;
  private static final int PLOT_HEIGHT = 300;
  private static final int LEGEND_LINE = 20;
  private static final int NOTE_LINE = 17;
  private static final int NOTE_CHARS = 112;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();
  private final List<Marker> markers = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private String description = "";
  private boolean xLog2;
  private double binWidth = 1;
  private Double xMin;
  private Double xMax;
  private Double yMin;
  private Double yMax;

  Chart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** The description embedded in the SVG (where the data comes from). */
  Chart description(String text) {
    this.description = text;
    return this;
  }

  /** A base-2 logarithmic x axis. */
  Chart xLog2() {
    this.xLog2 = true;
    return this;
  }

  /** The width of a histogram bin, in x units (bars span {@code [x, x + width)}). */
  Chart binWidth(double width) {
    if (!(width > 0)) {
      throw new IllegalArgumentException("bin width must be positive: " + width);
    }
    this.binWidth = width;
    return this;
  }

  /** Forces the x domain to include {@code [min, max]}. */
  Chart xRange(double min, double max) {
    this.xMin = min;
    this.xMax = max;
    return this;
  }

  /** Forces the y domain to include {@code [min, max]}. */
  Chart yRange(double min, double max) {
    this.yMin = min;
    this.yMax = max;
    return this;
  }

  Chart series(String name, Style style, String color, List<double[]> points) {
    series.add(new Series(name, style, color, points));
    return this;
  }

  /** A series in the next palette colour. */
  Chart series(String name, Style style, List<double[]> points) {
    return series(name, style, PALETTE.get(series.size() % PALETTE.size()), points);
  }

  Chart marker(double x, String label, String color) {
    markers.add(new Marker(x, label, color));
    return this;
  }

  /** A note below the legend (wrapped at word boundaries). */
  Chart note(String text) {
    notes.add(text);
    return this;
  }

  List<Series> seriesList() {
    return List.copyOf(series);
  }

  /** Whether any series has a point. */
  boolean hasData() {
    return series.stream().anyMatch(s -> !s.points().isEmpty());
  }

  /** The SVG document. */
  String render() {
    List<String> noteLines = new ArrayList<>();
    for (String n : notes) {
      noteLines.addAll(wrap(n, NOTE_CHARS));
    }
    int plotBottom = TOP + PLOT_HEIGHT;
    int legendTop = plotBottom + 62;
    int notesTop = legendTop + LEGEND_LINE * Math.max(1, series.size()) + 8;
    int height = notesTop + NOTE_LINE * noteLines.size() + 14;
    int plotRight = WIDTH - RIGHT;

    Scale xs = xScale();
    Scale ys = yScale();
    Svg svg = new Svg(WIDTH, height, title, description);
    svg.text(WIDTH / 2.0, 28, title, 17, "middle", true, "#111111", 0);

    // grid and ticks
    for (double t : ys.ticks()) {
      double y = ys.map(t, plotBottom, TOP);
      svg.line(LEFT, y, plotRight, y, "#e6e6e6", 1, null);
      svg.line(LEFT - 5, y, LEFT, y, "#333333", 1, null);
      svg.text(LEFT - 8, y + 4, ys.label(t), 12, "end", false, "#333333", 0);
    }
    for (double t : xs.ticks()) {
      double x = xs.map(t, LEFT, plotRight);
      svg.line(x, TOP, x, plotBottom, "#f0f0f0", 1, null);
      svg.line(x, plotBottom, x, plotBottom + 5, "#333333", 1, null);
      svg.text(x, plotBottom + 19, xs.label(t), 12, "middle", false, "#333333", 0);
    }
    svg.line(LEFT, plotBottom, plotRight, plotBottom, "#333333", 1, null);
    svg.line(LEFT, TOP, LEFT, plotBottom, "#333333", 1, null);
    svg.text((LEFT + plotRight) / 2.0, plotBottom + 42, xLabel, 13, "middle", false, "#111111", 0);
    svg.text(22, (TOP + plotBottom) / 2.0, yLabel, 13, "middle", false, "#111111", -90);

    // data
    int barSeries = (int) series.stream().filter(s -> s.style() == Style.BARS).count();
    int barIndex = 0;
    for (Series s : series) {
      if (s.style() == Style.BARS) {
        drawBars(svg, s, xs, ys, barIndex++, barSeries, plotBottom, plotRight);
        continue;
      }
      List<double[]> pts = new ArrayList<>();
      for (double[] p : s.points()) {
        pts.add(new double[] {xs.map(p[0], LEFT, plotRight), ys.map(p[1], plotBottom, TOP)});
      }
      svg.polyline(pts, s.color(), 2, s.style() == Style.DASHED ? "7 5" : null);
      if (s.style() == Style.LINE_POINTS || pts.size() == 1) {
        for (double[] p : pts) {
          svg.circle(p[0], p[1], 3.5, s.color());
        }
      }
    }
    for (int i = 0; i < markers.size(); i++) {
      Marker m = markers.get(i);
      double x = xs.map(m.x(), LEFT, plotRight);
      svg.line(x, TOP, x, plotBottom, m.color(), 2, "4 3");
      boolean right = x > LEFT + 0.65 * (plotRight - LEFT);
      svg.text(
          right ? x - 5 : x + 5,
          TOP + 16 + 16 * i,
          m.label(),
          12,
          right ? "end" : "start",
          false,
          m.color(),
          0);
    }

    // legend and notes
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      double y = legendTop + LEGEND_LINE * i;
      if (s.style() == Style.BARS) {
        svg.rect(LEFT, y - 10, 24, 12, s.color(), null);
      } else {
        svg.line(
            LEFT, y - 4, LEFT + 24, y - 4, s.color(), 2, s.style() == Style.DASHED ? "7 5" : null);
        if (s.style() == Style.LINE_POINTS) {
          svg.circle(LEFT + 12, y - 4, 3.5, s.color());
        }
      }
      String name = s.points().isEmpty() ? s.name() + " (no data)" : s.name();
      svg.text(LEFT + 32, y, name, 13, "start", false, "#111111", 0);
    }
    for (int i = 0; i < noteLines.size(); i++) {
      svg.text(LEFT, notesTop + NOTE_LINE * i, noteLines.get(i), 12, "start", false, "#444444", 0);
    }
    return svg.toString();
  }

  private void drawBars(
      Svg svg, Series s, Scale xs, Scale ys, int index, int count, int bottom, int right) {
    double part = binWidth / count;
    for (double[] p : s.points()) {
      double x0 = xs.map(p[0] + part * index, LEFT, right);
      double x1 = xs.map(p[0] + part * (index + 1), LEFT, right);
      double y = ys.map(p[1], bottom, TOP);
      svg.rect(x0 + 0.5, y, x1 - x0 - 1, bottom - y, s.color(), null);
    }
  }

  private Scale xScale() {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double[] p : s.points()) {
        lo = Math.min(lo, p[0]);
        hi = Math.max(hi, s.style() == Style.BARS ? p[0] + binWidth : p[0]);
      }
    }
    for (Marker m : markers) {
      lo = Math.min(lo, m.x());
      hi = Math.max(hi, m.x());
    }
    if (xMin != null) {
      lo = Math.min(lo, xMin);
      hi = Math.max(hi, xMax);
    }
    if (lo > hi) {
      lo = xLog2 ? 1 : 0;
      hi = xLog2 ? 2 : 1;
    }
    return xLog2 ? Scale.log2(lo, hi) : Scale.linear(lo, hi, 6);
  }

  private Scale yScale() {
    double lo = 0; // every y axis here counts or measures from zero
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double[] p : s.points()) {
        lo = Math.min(lo, p[1]);
        hi = Math.max(hi, p[1]);
      }
    }
    if (yMin != null) {
      lo = Math.min(lo, yMin);
      hi = Math.max(hi, yMax);
    }
    if (hi == Double.NEGATIVE_INFINITY || hi <= lo) {
      hi = lo + 1;
    }
    return Scale.linear(lo, hi, 5);
  }

  /** {@code text} in lines of at most {@code width} characters, broken at spaces. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (word.isEmpty()) {
        continue;
      }
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }
}
