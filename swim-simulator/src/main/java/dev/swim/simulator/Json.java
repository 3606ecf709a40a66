package dev.swim.simulator;

import java.util.Locale;

/** A tiny writer for one flat JSON object (numbers, strings, null, raw sub-objects). */
public final class Json {
  private final StringBuilder sb = new StringBuilder("{");

  public Json put(String key, Object value) {
    key(key);
    if (value == null) {
      sb.append("null");
    } else if (value instanceof Number num) {
      if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
        sb.append("null");
      } else if (value instanceof Double d) {
        sb.append(String.format(Locale.ROOT, "%s", d));
      } else {
        sb.append(num);
      }
    } else if (value instanceof Boolean b) {
      sb.append(b);
    } else {
      sb.append('"').append(escape(value.toString())).append('"');
    }
    return this;
  }

  public Json putRaw(String key, String rawJson) {
    key(key);
    sb.append(rawJson);
    return this;
  }

  private void key(String key) {
    if (sb.length() > 1) {
      sb.append(',');
    }
    sb.append('"').append(escape(key)).append("\":");
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return sb.toString() + "}";
  }
}
