package dev.swim.core.member;

import java.util.Objects;

/**
 * A member's network address: an IP literal (or, in simulations, any host token) and a port.
 *
 * <p>Deliberately not {@code java.net.InetSocketAddress}: the protocol layer does no I/O and never
 * resolves names. The runtime converts at the socket boundary.
 */
public record NodeAddress(String host, int port) implements Comparable<NodeAddress> {

  /** Validates the host and the port range. */
  public NodeAddress {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 0..65535, was " + port);
    }
  }

  /**
   * Whether {@code host} is an IP literal: a dotted quad of 0..255 without leading zeros, or an
   * IPv6 address in RFC 4291 text form (hex groups, at most one {@code ::}, an optional dotted quad
   * at the end, an optional {@code %scope} of letters, digits, '.', '_' or '-'). Only such a host
   * is parsed rather than looked up in DNS; anything else (a name, or a name with a colon in it) is
   * not a literal. Allocation-free: it runs for every address that arrives from the network.
   */
  public static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 ? isIpv6(host) : isIpv4(host, 0, host.length());
  }

  private static boolean isIpv4(String s, int from, int to) {
    int parts = 0;
    int i = from;
    while (true) {
      int start = i;
      int value = 0;
      while (i < to && i - start < 4) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        value = value * 10 + (c - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return false;
      }
      parts++;
      if (i == to) {
        return parts == 4;
      }
      if (s.charAt(i) != '.' || parts == 4) {
        return false;
      }
      i++;
    }
  }

  private static boolean isIpv6(String s) {
    int end = s.length();
    int percent = s.indexOf('%');
    if (percent >= 0) {
      if (percent == end - 1) {
        return false;
      }
      for (int i = percent + 1; i < end; i++) {
        char c = s.charAt(i);
        if (!(Character.isLetterOrDigit(c) && c < 0x80) && c != '.' && c != '_' && c != '-') {
          return false;
        }
      }
      end = percent;
    }
    if (end < 2 || end > 45) {
      return false;
    }
    int groups = 0;
    boolean compressed = false;
    int i = 0;
    if (s.startsWith("::")) {
      compressed = true;
      i = 2;
      if (i == end) {
        return true; // "::"
      }
    } else if (s.charAt(0) == ':') {
      return false;
    }
    while (i < end) {
      int start = i;
      while (i < end && Character.digit(s.charAt(i), 16) >= 0 && i - start < 5) {
        i++;
      }
      int digits = i - start;
      if (i < end && s.charAt(i) == '.') {
        // a dotted quad ends the address and counts as two groups
        return isIpv4(s, start, end) && (compressed ? groups + 2 <= 7 : groups + 2 == 8);
      }
      if (digits == 0 || digits > 4) {
        return false;
      }
      groups++;
      if (i == end) {
        break;
      }
      if (s.charAt(i) != ':') {
        return false;
      }
      i++;
      if (i < end && s.charAt(i) == ':') {
        if (compressed) {
          return false;
        }
        compressed = true;
        i++;
        if (i == end) {
          break;
        }
      } else if (i == end) {
        return false; // a single trailing colon
      }
    }
    return compressed ? groups <= 7 : groups == 8;
  }

  /** Parses {@code host:port}, {@code [v6]:port} or {@code v6-literal} with a default port. */
  public static NodeAddress parse(String text, int defaultPort) {
    String s = Objects.requireNonNull(text, "address").trim();
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("unclosed '[' in address '" + text + "'");
      }
      String host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (rest.isEmpty()) {
        return new NodeAddress(host, defaultPort);
      }
      if (!rest.startsWith(":")) {
        throw new IllegalArgumentException("expected ':port' after ']' in address '" + text + "'");
      }
      return new NodeAddress(host, parsePort(rest.substring(1), text));
    }
    int first = s.indexOf(':');
    if (first >= 0 && first == s.lastIndexOf(':')) {
      return new NodeAddress(s.substring(0, first), parsePort(s.substring(first + 1), text));
    }
    return new NodeAddress(s, defaultPort); // plain host, or an unbracketed IPv6 literal
  }

  private static int parsePort(String p, String text) {
    try {
      int port = Integer.parseInt(p);
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range in address '" + text + "'");
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port '" + p + "' in address '" + text + "'", e);
    }
  }

  @Override
  public int compareTo(NodeAddress o) {
    int c = host.compareTo(o.host);
    return c != 0 ? c : Integer.compare(port, o.port);
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
