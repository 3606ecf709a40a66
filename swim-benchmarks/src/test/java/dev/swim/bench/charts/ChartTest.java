package dev.swim.bench.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.bench.charts.Chart.Style;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Charts as SVG: axes with ticks at the right pixels, series drawn through their points, a legend,
 * escaped labels, an empty series, histograms and markers, and the same bytes every time.
 */
class ChartTest {

  private static List<double[]> points(double... xy) {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < xy.length; i += 2) {
      out.add(new double[] {xy[i], xy[i + 1]});
    }
    return out;
  }

  /** The text elements whose content is {@code text}. */
  private static List<Element> textsNamed(Document doc, String text) {
    return Xml.elements(doc, "text").stream().filter(e -> e.getTextContent().equals(text)).toList();
  }

  /** The text elements whose attribute {@code name} is {@code value}. */
  private static List<Element> attributeIs(Document doc, String name, String value) {
    return Xml.elements(doc, "text").stream()
        .filter(e -> e.getAttribute(name).equals(value))
        .toList();
  }

  @Test
  void drawsAxesTicksAndALineThroughItsPoints() throws Exception {
    Chart chart =
        new Chart("Title", "x label", "y label")
            .series("measured", Style.LINE, points(0, 0, 5, 50, 10, 100));
    Document doc = Xml.parse(chart.render());

    List<String> texts = Xml.texts(doc, "text");
    assertThat(texts).contains("Title", "x label", "y label", "measured");
    // x from 0 to 10 in steps of 2 across 80..730 px, labels 19 px below the plot (356 px)
    List<Element> xLabels = attributeIs(doc, "y", "375");
    assertThat(xLabels.stream().map(Element::getTextContent))
        .containsExactly("0", "2", "4", "6", "8", "10");
    assertThat(xLabels.stream().map(e -> e.getAttribute("x")))
        .containsExactly("80", "210", "340", "470", "600", "730");
    // y from 0 to 100 in steps of 20 across 356..56 px (upwards), labels left of the axis
    List<Element> yLabels = attributeIs(doc, "x", "72");
    assertThat(yLabels.stream().map(Element::getTextContent))
        .containsExactly("0", "20", "40", "60", "80", "100");
    assertThat(yLabels.stream().map(e -> e.getAttribute("y")))
        .containsExactly("360", "300", "240", "180", "120", "60");
    assertThat(yLabels).allSatisfy(e -> assertThat(e.getAttribute("text-anchor")).isEqualTo("end"));
    List<Element> lines = Xml.elements(doc, "polyline");
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).getAttribute("points")).isEqualTo("80,356 405,206 730,56");
    assertThat(lines.get(0).getAttribute("stroke")).isEqualTo(Chart.PALETTE.get(0));
    // the y label is turned upright, the title is bold
    assertThat(textsNamed(doc, "y label").get(0).getAttribute("transform"))
        .startsWith("rotate(-90");
    assertThat(textsNamed(doc, "Title").get(0).getAttribute("font-weight")).isEqualTo("bold");
  }

  @Test
  void escapesEveryTextTakenFromTheData() throws Exception {
    String name = "impl <b>\"x\" & 'y'</b>";
    Chart chart =
        new Chart("a < b & c", "x <", "y >")
            .description("from \"data\" & <more>")
            .series(name, Style.LINE_POINTS, points(1, 1, 2, 2))
            .marker(1.5, "bound <1.5 s>", "#d62728")
            .note("note & <note>");
    String svg = chart.render();
    Document doc = Xml.parse(svg);

    assertThat(Xml.texts(doc, "title")).containsExactly("a < b & c");
    assertThat(Xml.texts(doc, "desc")).containsExactly("from \"data\" & <more>");
    assertThat(Xml.texts(doc, "text"))
        .contains("a < b & c", "x <", "y >", name, "bound <1.5 s>", "note & <note>");
    assertThat(svg).doesNotContain("<b>").doesNotContain("<more>");
  }

  @Test
  void aSeriesWithoutPointsIsListedAsHavingNoDataAndDrawsNothing() throws Exception {
    Chart chart =
        new Chart("t", "x", "y")
            .series("present", Style.LINE_POINTS, points(1, 2, 3, 4))
            .series("absent", Style.LINE_POINTS, List.of());
    assertThat(chart.hasData()).isTrue();
    Document doc = Xml.parse(chart.render());

    assertThat(Xml.texts(doc, "text")).contains("present", "absent (no data)");
    assertThat(Xml.elements(doc, "polyline")).hasSize(1);
    // the empty series has its swatch in the legend (below the plot) and no dot on the plot
    for (Element c : Xml.elements(doc, "circle")) {
      if (c.getAttribute("fill").equals(Chart.PALETTE.get(1))) {
        assertThat(Double.parseDouble(c.getAttribute("cy"))).isGreaterThan(356);
      }
    }
    assertThat(Xml.elements(doc, "circle"))
        .filteredOn(c -> c.getAttribute("fill").equals(Chart.PALETTE.get(0)))
        .hasSize(3); // two points and the legend's swatch
  }

  @Test
  void aChartWhoseSeriesAreAllEmptyHasNoDataButStillRenders() throws Exception {
    Chart chart = new Chart("t", "x", "y").series("absent", Style.LINE, List.of());
    assertThat(chart.hasData()).isFalse();
    Document doc = Xml.parse(chart.render());
    assertThat(Xml.elements(doc, "polyline")).isEmpty();
    assertThat(Xml.texts(doc, "text")).contains("absent (no data)", "0.0", "1.0");
  }

  @Test
  void aSinglePointIsDrawnAsADot() throws Exception {
    Document doc =
        Xml.parse(new Chart("t", "x", "y").series("one", Style.LINE, points(2, 3)).render());
    assertThat(Xml.elements(doc, "polyline")).isEmpty();
    assertThat(Xml.elements(doc, "circle")).hasSize(1);
  }

  @Test
  void histogramBarsShareTheirBinAndMarkersCrossThePlot() throws Exception {
    Chart chart =
        new Chart("h", "seconds", "count")
            .binWidth(0.5)
            .series("a", Style.BARS, "#9ecae1", points(0, 2, 0.5, 4))
            .series("b", Style.BARS, "#1f77b4", points(0.5, 1))
            .marker(1.0, "bound 1 s", "#d62728");
    Document doc = Xml.parse(chart.render());

    List<Element> bars =
        Xml.elements(doc, "rect").stream()
            .filter(r -> List.of("#9ecae1", "#1f77b4").contains(r.getAttribute("fill")))
            .filter(r -> !r.getAttribute("width").equals("24")) // legend swatches
            .toList();
    assertThat(bars).hasSize(3);
    // x from 0 to 1 across 650 px: a bin is 325 px, shared by two series, less 1 px of gap
    assertThat(bars).allSatisfy(r -> assertThat(r.getAttribute("width")).isEqualTo("161.5"));
    // the tallest bar (4 of 0..4) reaches the top of the plot
    assertThat(bars.get(1).getAttribute("y")).isEqualTo("56");
    assertThat(bars.get(1).getAttribute("height")).isEqualTo("300");
    // the marker: a dashed line at x = 1 (the right edge) from top to bottom, and its label
    List<Element> marker =
        Xml.elements(doc, "line").stream()
            .filter(l -> l.getAttribute("stroke").equals("#d62728"))
            .toList();
    assertThat(marker).hasSize(1);
    assertThat(marker.get(0).getAttribute("x1")).isEqualTo("730");
    assertThat(marker.get(0).getAttribute("y1")).isEqualTo("56");
    assertThat(marker.get(0).getAttribute("y2")).isEqualTo("356");
    assertThat(textsNamed(doc, "bound 1 s").get(0).getAttribute("text-anchor")).isEqualTo("end");
  }

  @Test
  void aLogarithmicXAxisTicksAtPowersOfTwo() throws Exception {
    Chart chart =
        new Chart("t", "N", "y").xLog2().series("s", Style.LINE, points(16, 1, 64, 2, 256, 3));
    Document doc = Xml.parse(chart.render());
    assertThat(Xml.texts(doc, "text")).contains("16", "32", "64", "128", "256");
    // 64 is half way between 16 and 256 on a log scale; y runs linearly from 0 to 3
    assertThat(Xml.elements(doc, "polyline").get(0).getAttribute("points"))
        .isEqualTo("80,256 405,156 730,56");
  }

  @Test
  void theSameChartGivesTheSameBytes() {
    Chart a = new Chart("t", "x", "y").series("s", Style.DASHED, points(0.1, 0.2, 0.3, 0.7));
    Chart b = new Chart("t", "x", "y").series("s", Style.DASHED, points(0.1, 0.2, 0.3, 0.7));
    assertThat(a.render()).isEqualTo(b.render()).isEqualTo(a.render());
    assertThat(a.render()).contains("stroke-dasharray=\"7 5\"");
  }

  @Test
  void refusesPointsThatCannotBeDrawn() {
    Chart chart = new Chart("t", "x", "y");
    assertThatThrownBy(() -> chart.series("bad", Style.LINE, points(1, Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad");
    assertThatThrownBy(() -> chart.binWidth(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void notesWrapAtWordBoundaries() {
    assertThat(Chart.wrap("aaa bbb ccc", 7)).containsExactly("aaa bbb", "ccc");
    assertThat(Chart.wrap("  a  b ", 80)).containsExactly("a b");
    assertThat(Chart.wrap("averyveryverylongword x", 5))
        .containsExactly("averyveryverylongword", "x");
    assertThat(Chart.wrap("", 5)).isEmpty();
  }
}
