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
   * Whether {@code host} is an IP literal: a dotted quad of 0..255, or anything with a colon (an
   * IPv6 literal, possibly with a scope). A literal is parsed, never looked up in DNS.
   */
  public static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true;
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return false;
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
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
