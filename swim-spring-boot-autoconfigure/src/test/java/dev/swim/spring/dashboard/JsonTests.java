package dev.swim.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's JSON is valid and inert: whatever a member puts in its name or metadata comes
 * back as the same string when parsed, and no markup, line break or script terminator survives in
 * the raw text.
 */
class JsonTests {

  private static String parse(String json, String path) {
    return JsonPath.read(json, path);
  }

  @Test
  void markupIsEscapedAndRoundTrips() {
    String hostile = "<img src=x onerror=alert(1)></script>&'\"\\";
    String json = new Json().beginObject().field("v", hostile).endObject().toString();
    assertThat(json)
        .doesNotContain("<")
        .doesNotContain(">")
        .doesNotContain("&")
        .doesNotContain("'");
    assertThat(json).contains("\\u003cimg src=x onerror=alert(1)\\u003e");
    assertThat(parse(json, "$.v")).isEqualTo(hostile);
  }

  @Test
  void controlCharactersAndLineSeparatorsAreEscaped() {
    String value = "a\nb\rc\td\u0000e\u001ff\u2028g\u2029h\u007f";
    String json = new Json().beginObject().field("v", value).endObject().toString();
    assertThat(json).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u2028");
    assertThat(json).doesNotContain("\u0000").doesNotContain("\u2029").doesNotContain("\u007f");
    assertThat(parse(json, "$.v")).isEqualTo(value);
  }

  @Test
  void unpairedSurrogatesBecomeReplacementCharacters() {
    String json =
        new Json()
            .beginObject()
            .field("lone", "a\ud800b\udc00c")
            .field("pair", "x\ud83d\ude00y")
            .endObject()
            .toString();
    assertThat(parse(json, "$.lone")).isEqualTo("a\ufffdb\ufffdc");
    assertThat(parse(json, "$.pair")).isEqualTo("x\ud83d\ude00y");
  }

  @Test
  void longStringsAreCutWithoutSplittingAPair() {
    String longValue = "x".repeat(Json.MAX_STRING - 1) + "\ud83d\ude00" + "tail";
    String json = new Json().beginObject().field("v", longValue).endObject().toString();
    String parsed = parse(json, "$.v");
    assertThat(parsed).hasSize(Json.MAX_STRING).endsWith("x\u2026");
  }

  @Test
  void objectsArraysNumbersAndNulls() {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("b", "2");
    meta.put("a", "1");
    String json =
        new Json()
            .beginObject()
            .field("n", 42L)
            .field("t", true)
            .field("d", 1.23456)
            .field("nan", Double.NaN)
            .field("none", (String) null)
            .stringMap("meta", meta)
            .longMap("counts", Map.of("x", 7L))
            .name("list")
            .beginArray()
            .value("p")
            .value(1L)
            .raw("{\"q\":1}")
            .endArray()
            .endObject()
            .toString();
    assertThat((Integer) JsonPath.read(json, "$.n")).isEqualTo(42);
    assertThat((Boolean) JsonPath.read(json, "$.t")).isTrue();
    assertThat((Double) JsonPath.read(json, "$.d")).isEqualTo(1.235);
    Object nan = JsonPath.read(json, "$.nan");
    Object none = JsonPath.read(json, "$.none");
    assertThat(nan).isNull();
    assertThat(none).isNull();
    assertThat(json).contains("\"meta\":{\"b\":\"2\",\"a\":\"1\"}");
    assertThat((Integer) JsonPath.read(json, "$.counts.x")).isEqualTo(7);
    assertThat((Integer) JsonPath.read(json, "$.list[2].q")).isEqualTo(1);
  }
}
