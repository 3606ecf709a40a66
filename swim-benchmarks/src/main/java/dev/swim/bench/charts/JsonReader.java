package dev.swim.bench.charts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON value (RFC 8259): objects as insertion-ordered maps, arrays as lists, numbers as
 * {@link Double}, strings, booleans and {@code null}. Enough for the result files; anything
 * malformed is an {@link IllegalArgumentException} giving the offset. Nesting is bounded.
 */
final class JsonReader {
  private static final int MAX_DEPTH = 64;

  private final String s;
  private int pos;
  private int depth;

  private JsonReader(String s) {
    this.s = s;
  }

  /** The value {@code text} holds; nothing but white space may follow it. */
  static Object parse(String text) {
    JsonReader r = new JsonReader(text);
    r.space();
    Object v = r.value();
    r.space();
    if (r.pos != text.length()) {
      throw r.error("unexpected text after the value");
    }
    return v;
  }

  private Object value() {
    if (pos >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(pos);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> literal("true", true);
      case 'f' -> literal("false", false);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("unexpected character '" + c + "'");
      }
    };
  }

  private Map<String, Object> object() {
    enter();
    pos++;
    Map<String, Object> m = new LinkedHashMap<>();
    space();
    if (peek() == '}') {
      pos++;
      depth--;
      return Collections.unmodifiableMap(m);
    }
    while (true) {
      space();
      if (peek() != '"') {
        throw error("expected a field name");
      }
      String key = string();
      space();
      expect(':');
      space();
      if (m.containsKey(key)) {
        throw error("duplicate field " + key);
      }
      m.put(key, value());
      space();
      char c = next();
      if (c == '}') {
        depth--;
        return Collections.unmodifiableMap(m);
      }
      if (c != ',') {
        throw error("expected , or }");
      }
    }
  }

  private List<Object> array() {
    enter();
    pos++;
    List<Object> l = new ArrayList<>();
    space();
    if (peek() == ']') {
      pos++;
      depth--;
      return Collections.unmodifiableList(l);
    }
    while (true) {
      space();
      l.add(value());
      space();
      char c = next();
      if (c == ']') {
        depth--;
        return Collections.unmodifiableList(l);
      }
      if (c != ',') {
        throw error("expected , or ]");
      }
    }
  }

  private String string() {
    pos++; // the opening quote
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (pos + 4 > s.length()) {
            throw error("short \\u escape");
          }
          try {
            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Double number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    while (pos < s.length() && "0123456789.eE+-".indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
    String t = s.substring(start, pos);
    if (!t.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
      throw error("bad number " + t);
    }
    return Double.valueOf(t);
  }

  private Object literal(String word, Object v) {
    if (!s.startsWith(word, pos)) {
      throw error("expected " + word);
    }
    pos += word.length();
    return v;
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
  }

  private void space() {
    while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private char peek() {
    if (pos >= s.length()) {
      throw error("unexpected end");
    }
    return s.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("expected " + c);
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("JSON at offset " + pos + ": " + what);
  }
}
