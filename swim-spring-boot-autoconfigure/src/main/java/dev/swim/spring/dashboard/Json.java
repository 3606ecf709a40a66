package dev.swim.spring.dashboard;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A minimal JSON writer for the dashboard's payloads. Strings are escaped so that the output is
 * inert wherever it lands: quotes, backslashes and control characters as JSON requires, and also
 * {@code <}, {@code >}, {@code &}, {@code '}, U+2028 and U+2029 as {@code \}{@code uXXXX}, and an
 * unpaired surrogate as U+FFFD. Strings longer than {@link #MAX_STRING} characters are cut (values
 * from the network are bounded by the protocol already; this is a second bound).
 */
final class Json {

  /** The longest string written, in UTF-16 units; longer ones end with an ellipsis. */
  static final int MAX_STRING = 4096;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder sb;
  private boolean needComma;

  Json() {
    this(256);
  }

  Json(int capacity) {
    this.sb = new StringBuilder(capacity);
  }

  Json beginObject() {
    comma();
    sb.append('{');
    needComma = false;
    return this;
  }

  Json endObject() {
    sb.append('}');
    needComma = true;
    return this;
  }

  Json beginArray() {
    comma();
    sb.append('[');
    needComma = false;
    return this;
  }

  Json endArray() {
    sb.append(']');
    needComma = true;
    return this;
  }

  /** Starts a member of the current object; the value follows. */
  Json name(String name) {
    comma();
    quote(name);
    sb.append(':');
    needComma = false;
    return this;
  }

  Json value(@Nullable String value) {
    comma();
    if (value == null) {
      sb.append("null");
    } else {
      quote(value);
    }
    needComma = true;
    return this;
  }

  Json value(long value) {
    comma();
    sb.append(value);
    needComma = true;
    return this;
  }

  Json value(boolean value) {
    comma();
    sb.append(value);
    needComma = true;
    return this;
  }

  /** A finite number rounded to 3 decimals, or null. */
  Json value(@Nullable Double value) {
    comma();
    if (value == null || value.isNaN() || value.isInfinite()) {
      sb.append("null");
    } else {
      sb.append(Math.round(value * 1000.0) / 1000.0);
    }
    needComma = true;
    return this;
  }

  /** Appends {@code json}, already valid JSON, as the next value. */
  Json raw(String json) {
    comma();
    sb.append(json);
    needComma = true;
    return this;
  }

  Json field(String name, @Nullable String value) {
    return name(name).value(value);
  }

  Json field(String name, long value) {
    return name(name).value(value);
  }

  Json field(String name, boolean value) {
    return name(name).value(value);
  }

  Json field(String name, @Nullable Double value) {
    return name(name).value(value);
  }

  /** An object of string values, in the map's iteration order. */
  Json stringMap(String name, Map<String, String> map) {
    name(name).beginObject();
    map.forEach(this::field);
    return endObject();
  }

  /** An object of numbers, in the map's iteration order. */
  Json longMap(String name, Map<String, Long> map) {
    name(name).beginObject();
    map.forEach((k, v) -> field(k, v.longValue()));
    return endObject();
  }

  @Override
  public String toString() {
    return sb.toString();
  }

  private void comma() {
    if (needComma) {
      sb.append(',');
    }
  }

  private void quote(String s) {
    int n = Math.min(s.length(), MAX_STRING);
    if (n < s.length() && Character.isHighSurrogate(s.charAt(n - 1))) {
      n--; // do not cut a pair in half
    }
    sb.append('"');
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '<', '>', '&', '\'', '\u2028', '\u2029' -> unicode(c);
        default -> {
          if (c < 0x20 || c == 0x7f) {
            unicode(c);
          } else if (Character.isHighSurrogate(c)) {
            if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
              sb.append(c).append(s.charAt(++i));
            } else {
              sb.append('\ufffd');
            }
          } else if (Character.isLowSurrogate(c)) {
            sb.append('\ufffd');
          } else {
            sb.append(c);
          }
        }
      }
    }
    if (n < s.length()) {
      sb.append('\u2026');
    }
    sb.append('"');
  }

  private void unicode(char c) {
    sb.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }
}
