package dev.swim.bench.charts;

import java.util.List;

/**
 * Writes one SVG document element by element, with fixed number formatting (one decimal, no
 * exponent, never {@code -0}) and every text escaped, so that the same calls give the same bytes.
 * No script, no external font or image: a generic font family and plain shapes only.
 */
final class Svg {
  /** The font of every text: generic families only, nothing to download. */
  static final String FONT = "Helvetica, Arial, sans-serif";

  private final StringBuilder out = new StringBuilder();

  /**
   * Starts a document of {@code width} x {@code height} pixels on a white background, with {@code
   * title} as its accessible title and {@code description} as its description (both escaped).
   */
  Svg(int width, int height, String title, String description) {
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" font-family=\"")
        .append(FONT)
        .append("\">\n");
    out.append("<title>").append(escape(title)).append("</title>\n");
    out.append("<desc>").append(escape(description)).append("</desc>\n");
    rect(0, 0, width, height, "#ffffff", null);
  }

  /** A rectangle; {@code stroke} may be null (none). */
  Svg rect(double x, double y, double w, double h, String fill, String stroke) {
    out.append("<rect x=\"")
        .append(num(x))
        .append("\" y=\"")
        .append(num(y))
        .append("\" width=\"")
        .append(num(Math.max(0, w)))
        .append("\" height=\"")
        .append(num(Math.max(0, h)))
        .append("\" fill=\"")
        .append(fill)
        .append('"');
    if (stroke != null) {
      out.append(" stroke=\"").append(stroke).append('"');
    }
    out.append("/>\n");
    return this;
  }

  /** A straight line; {@code dash} is an SVG dash array such as {@code "6 4"}, or null. */
  Svg line(double x1, double y1, double x2, double y2, String stroke, double width, String dash) {
    out.append("<line x1=\"")
        .append(num(x1))
        .append("\" y1=\"")
        .append(num(y1))
        .append("\" x2=\"")
        .append(num(x2))
        .append("\" y2=\"")
        .append(num(y2))
        .append("\" stroke=\"")
        .append(stroke)
        .append("\" stroke-width=\"")
        .append(num(width))
        .append('"');
    dash(dash);
    out.append("/>\n");
    return this;
  }

  /** A polyline through {@code points} ({x, y} pairs); nothing when there are fewer than two. */
  Svg polyline(List<double[]> points, String stroke, double width, String dash) {
    if (points.size() < 2) {
      return this;
    }
    out.append("<polyline fill=\"none\" stroke=\"")
        .append(stroke)
        .append("\" stroke-width=\"")
        .append(num(width))
        .append('"');
    dash(dash);
    out.append(" points=\"");
    for (int i = 0; i < points.size(); i++) {
      double[] p = points.get(i);
      out.append(i == 0 ? "" : " ").append(num(p[0])).append(',').append(num(p[1]));
    }
    out.append("\"/>\n");
    return this;
  }

  /** A filled circle. */
  Svg circle(double cx, double cy, double r, String fill) {
    out.append("<circle cx=\"")
        .append(num(cx))
        .append("\" cy=\"")
        .append(num(cy))
        .append("\" r=\"")
        .append(num(r))
        .append("\" fill=\"")
        .append(fill)
        .append("\"/>\n");
    return this;
  }

  /**
   * A text at ({@code x}, {@code y}); {@code anchor} is {@code start}, {@code middle} or {@code
   * end}; {@code rotate} in degrees about the text's own position (0 for none). The text is
   * escaped.
   */
  Svg text(
      double x,
      double y,
      String text,
      int size,
      String anchor,
      boolean bold,
      String fill,
      int rotate) {
    out.append("<text x=\"")
        .append(num(x))
        .append("\" y=\"")
        .append(num(y))
        .append("\" font-size=\"")
        .append(size)
        .append("\" text-anchor=\"")
        .append(anchor)
        .append("\" fill=\"")
        .append(fill)
        .append('"');
    if (bold) {
      out.append(" font-weight=\"bold\"");
    }
    if (rotate != 0) {
      out.append(" transform=\"rotate(")
          .append(rotate)
          .append(' ')
          .append(num(x))
          .append(' ')
          .append(num(y))
          .append(")\"");
    }
    out.append('>').append(escape(text)).append("</text>\n");
    return this;
  }

  private void dash(String dash) {
    if (dash != null) {
      out.append(" stroke-dasharray=\"").append(dash).append('"');
    }
  }

  /** The finished document. */
  @Override
  public String toString() {
    return out + "</svg>\n";
  }

  /**
   * {@code v} with one decimal at most, no exponent and no {@code -0}: {@code 12}, {@code 12.5},
   * {@code -3.1}. Non-finite values are errors, as they would draw nothing.
   */
  static String num(double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("not a finite coordinate: " + v);
    }
    long tenths = Math.round(v * 10.0);
    if (tenths == 0) {
      return "0";
    }
    String sign = tenths < 0 ? "-" : "";
    long abs = Math.abs(tenths);
    long whole = abs / 10;
    long frac = abs % 10;
    return frac == 0 ? sign + whole : sign + whole + "." + frac;
  }

  /**
   * {@code s} as XML character data or attribute text: {@code & < > " '} as entities, and
   * characters XML 1.0 cannot carry (most control characters, lone surrogates, U+FFFE/U+FFFF)
   * replaced by U+FFFD.
   */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(++i));
          } else if (allowed(c)) {
            b.append(c);
          } else {
            b.append('\uFFFD');
          }
        }
      }
    }
    return b.toString();
  }

  private static boolean allowed(char c) {
    if (c == '\t' || c == '\n' || c == '\r') {
      return true;
    }
    if (c < 0x20 || Character.isSurrogate(c)) {
      return false;
    }
    return c != '\uFFFE' && c != '\uFFFF';
  }
}
