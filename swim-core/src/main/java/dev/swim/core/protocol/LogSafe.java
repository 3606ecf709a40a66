package dev.swim.core.protocol;

/**
 * Text from the network made safe for a log line: control characters (newlines included) are
 * written as {@code \\uXXXX} escapes, so a crafted name or value cannot forge or split lines.
 */
final class LogSafe {
  private LogSafe() {}

  /** {@code s} with every control character escaped; short inputs without any come back as is. */
  static String text(String s) {
    int n = s.length();
    int i = 0;
    while (i < n && !needsEscape(s.charAt(i))) {
      i++;
    }
    if (i == n) {
      return s;
    }
    StringBuilder b = new StringBuilder(n + 16).append(s, 0, i);
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (needsEscape(c)) {
        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean needsEscape(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }
}
