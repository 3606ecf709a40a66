package dev.swim.bench.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON reader of the result files: values, escapes, and errors that say where. */
class JsonReaderTest {

  @Test
  void readsObjectsInOrderArraysNumbersStringsAndLiterals() {
    Object v =
        JsonReader.parse(
            " {\"b\":1,\"a\":[-2.5,3e2,0],\"s\":\"x\\\"y\\\\z\\n\\u00e9/\",\"t\":true,"
                + "\"f\":false,\"n\":null,\"o\":{}} ");
    assertThat(v).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    assertThat(m.keySet()).containsExactly("b", "a", "s", "t", "f", "n", "o");
    assertThat(m.get("b")).isEqualTo(1.0);
    assertThat(m.get("a")).isEqualTo(List.of(-2.5, 300.0, 0.0));
    assertThat(m.get("s")).isEqualTo("x\"y\\z\n\u00e9/");
    assertThat(m.get("t")).isEqualTo(true);
    assertThat(m.get("f")).isEqualTo(false);
    assertThat(m.containsKey("n")).isTrue();
    assertThat(m.get("n")).isNull();
    assertThat(m.get("o")).isEqualTo(Map.of());
    assertThat(JsonReader.parse("[]")).isEqualTo(List.of());
  }

  @Test
  void malformedInputIsAnErrorGivingTheOffset() {
    assertThatThrownBy(() -> JsonReader.parse("{\"a\":1} x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset 8");
    assertThatThrownBy(() -> JsonReader.parse("{\"a\":1,\"a\":2}"))
        .hasMessageContaining("duplicate field a");
    assertThatThrownBy(() -> JsonReader.parse("{\"a\":01}")).hasMessageContaining("bad number");
    assertThatThrownBy(() -> JsonReader.parse("{\"a\":\"x")).hasMessageContaining("unexpected end");
    assertThatThrownBy(() -> JsonReader.parse("\"a\tb\"")).hasMessageContaining("control");
    assertThatThrownBy(() -> JsonReader.parse("[1,]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonReader.parse("nul")).hasMessageContaining("expected null");
    assertThatThrownBy(() -> JsonReader.parse("")).hasMessageContaining("unexpected end");
  }

  @Test
  void nestingIsBounded() {
    char[] open = new char[100];
    char[] close = new char[100];
    Arrays.fill(open, '[');
    Arrays.fill(close, ']');
    assertThatThrownBy(() -> JsonReader.parse(new String(open) + new String(close)))
        .hasMessageContaining("nested deeper than 64");
    assertThat(JsonReader.parse("[[[[1]]]]")).isEqualTo(List.of(List.of(List.of(List.of(1.0)))));
  }
}
