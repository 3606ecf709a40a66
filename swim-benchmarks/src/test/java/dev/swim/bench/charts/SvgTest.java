package dev.swim.bench.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The SVG writer: fixed number formatting, escaping of every text, a self-contained document. */
class SvgTest {

  @Test
  void numbersHaveOneDecimalAtMostAndNeverANegativeZero() {
    assertThat(Svg.num(12)).isEqualTo("12");
    assertThat(Svg.num(12.5)).isEqualTo("12.5");
    assertThat(Svg.num(12.04)).isEqualTo("12");
    assertThat(Svg.num(12.06)).isEqualTo("12.1");
    assertThat(Svg.num(-3.14)).isEqualTo("-3.1");
    assertThat(Svg.num(-0.04)).isEqualTo("0");
    assertThat(Svg.num(0.0)).isEqualTo("0");
    assertThat(Svg.num(1e9)).isEqualTo("1000000000");
    assertThat(Svg.num(1e-9)).isEqualTo("0");
  }

  @Test
  void nonFiniteCoordinatesAreRefused() {
    assertThatThrownBy(() -> Svg.num(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Svg.num(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void escapesMarkupQuotesAndCharactersXmlCannotCarry() {
    assertThat(Svg.escape("a < b & c > \"d\" 'e'"))
        .isEqualTo("a &lt; b &amp; c &gt; &quot;d&quot; &#39;e&#39;");
    assertThat(Svg.escape("</text><script>alert(1)</script>"))
        .isEqualTo("&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    // control characters, a lone surrogate and U+FFFF are not XML 1.0 characters
    assertThat(Svg.escape("a\u0000b\u001bc\uD800d\uFFFF"))
        .isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFD");
    // a surrogate pair (one character outside the BMP) and tab / newline pass through
    assertThat(Svg.escape("N \uD83D\uDE80\t\n")).isEqualTo("N \uD83D\uDE80\t\n");
    assertThat(Svg.escape("")).isEmpty();
  }

  @Test
  void aDocumentIsWellFormedSelfContainedAndKeepsItsTextsVerbatim() throws Exception {
    String hostile = "<script>alert('x')</script> & \"quoted\"";
    Svg svg = new Svg(200, 100, "title " + hostile, "desc " + hostile);
    svg.text(10, 20, hostile, 12, "start", true, "#111111", -90)
        .line(0, 0.04, 10.26, 20, "#333333", 1, "4 3")
        .polyline(List.of(new double[] {0, 0}, new double[] {5.55, 6}), "#1f77b4", 2, null)
        .circle(1, 2, 3.5, "#d62728")
        .rect(1, 2, -5, 3, "#ffffff", "#000000");
    String text = svg.toString();

    Document doc = Xml.parse(text);
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(doc.getDocumentElement().getAttribute("viewBox")).isEqualTo("0 0 200 100");
    assertThat(Xml.texts(doc, "title")).containsExactly("title " + hostile);
    assertThat(Xml.texts(doc, "desc")).containsExactly("desc " + hostile);
    assertThat(Xml.texts(doc, "text")).containsExactly(hostile);
    assertThat(doc.getElementsByTagName("script").getLength()).isZero();
    assertThat(text).doesNotContain("<script").doesNotContain("href").doesNotContain("@import");
    // the first shape is the white background over the whole image
    assertThat(text)
        .contains("<rect x=\"0\" y=\"0\" width=\"200\" height=\"100\" fill=\"#ffffff\"/>");
    assertThat(text).contains("x1=\"0\" y1=\"0\" x2=\"10.3\" y2=\"20\"");
    assertThat(text).contains("stroke-dasharray=\"4 3\"");
    assertThat(text).contains("points=\"0,0 5.6,6\"");
    assertThat(text).contains("transform=\"rotate(-90 10 20)\"");
    assertThat(text).contains("font-weight=\"bold\"");
    // a negative width is drawn as nothing rather than as an invalid attribute
    assertThat(text).contains("<rect x=\"1\" y=\"2\" width=\"0\" height=\"3\"");
    assertThat(text).endsWith("</svg>\n");
  }

  @Test
  void aPolylineOfFewerThanTwoPointsDrawsNothing() {
    String empty = new Svg(10, 10, "t", "d").toString();
    Svg svg = new Svg(10, 10, "t", "d");
    svg.polyline(List.of(), "#000000", 1, null);
    svg.polyline(List.<double[]>of(new double[] {1, 1}), "#000000", 1, null);
    assertThat(svg.toString()).isEqualTo(empty).doesNotContain("polyline");
  }
}
