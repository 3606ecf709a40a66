package dev.swim.bench.charts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One axis: a domain of data values, widened to round tick values, mapped onto a pixel range.
 * Linear scales step their ticks by 1, 2 or 5 times a power of ten; base-2 logarithmic scales tick
 * at every power of two.
 */
final class Scale {
  private final boolean log2;
  private final double min;
  private final double max;
  private final double step; // linear: tick step; log: unused
  private final int decimals;

  private Scale(boolean log2, double min, double max, double step, int decimals) {
    this.log2 = log2;
    this.min = min;
    this.max = max;
    this.step = step;
    this.decimals = decimals;
  }

  /**
   * A linear scale covering {@code [lo, hi]}, widened to multiples of a round step giving about
   * {@code ticks} intervals; an empty or reversed range becomes {@code [lo, lo + 1]}.
   */
  static Scale linear(double lo, double hi, int ticks) {
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException("scale bounds must be finite: " + lo + ", " + hi);
    }
    if (hi <= lo) {
      hi = lo + 1;
    }
    double step = niceStep((hi - lo) / Math.max(1, ticks));
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    double niceLo = round(Math.floor(lo / step + 1e-9) * step, decimals);
    double niceHi = round(Math.ceil(hi / step - 1e-9) * step, decimals);
    return new Scale(false, niceLo, niceHi, step, decimals);
  }

  /** A base-2 logarithmic scale from the power of two at or below {@code lo} to the one above. */
  static Scale log2(double lo, double hi) {
    if (!(lo > 0) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException("a log scale needs positive bounds: " + lo + ", " + hi);
    }
    double p0 = Math.floor(log2Of(lo) + 1e-9);
    double p1 = Math.ceil(log2Of(Math.max(hi, lo)) - 1e-9);
    if (p1 <= p0) {
      p1 = p0 + 1;
    }
    return new Scale(true, Math.pow(2, p0), Math.pow(2, p1), 0, 0);
  }

  /** The 1, 2 or 5 times a power of ten nearest above {@code rough}. */
  static double niceStep(double rough) {
    double mag = Math.pow(10, Math.floor(Math.log10(rough)));
    double r = rough / mag;
    double nice = r <= 1 + 1e-9 ? 1 : r <= 2 + 1e-9 ? 2 : r <= 5 + 1e-9 ? 5 : 10;
    return nice * mag;
  }

  private static double log2Of(double v) {
    return Math.log(v) / Math.log(2);
  }

  private static double round(double v, int decimals) {
    return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
  }

  double min() {
    return min;
  }

  double max() {
    return max;
  }

  /** {@code v} mapped linearly (or logarithmically) from the domain onto {@code [r0, r1]}. */
  double map(double v, double r0, double r1) {
    double t =
        log2 ? (log2Of(v) - log2Of(min)) / (log2Of(max) - log2Of(min)) : (v - min) / (max - min);
    return r0 + t * (r1 - r0);
  }

  /** The tick values, from the domain's start to its end. */
  List<Double> ticks() {
    List<Double> out = new ArrayList<>();
    if (log2) {
      for (double v = min; v <= max * 1.000001; v *= 2) {
        out.add(v);
      }
      return out;
    }
    long n = Math.round((max - min) / step);
    for (long i = 0; i <= n; i++) {
      out.add(round(min + i * step, decimals));
    }
    return out;
  }

  /** A tick's label: as many decimals as the step needs, thousands grouped with commas. */
  String label(double v) {
    return format(v, decimals);
  }

  /** {@code v} with {@code decimals} decimals, thousands grouped with commas, never {@code -0}. */
  static String format(double v, int decimals) {
    BigDecimal d = BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP);
    if (d.signum() == 0) {
      d = d.abs();
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", d);
  }
}
