package dev.swim.bench;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.WireLimits;
import dev.swim.simulator.SimulateOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code hostile} command's arguments; unknown or malformed ones are errors naming the flag.
 * Every address must be an IP literal in a loopback, private or link-local range: the command
 * floods, so it refuses to aim at (or pretend to be) anything that could be another machine on the
 * internet.
 */
final class HostileOptions {
  static final int MAX_IDLE_CONNECTIONS = 10_000;
  static final int MAX_RATE = 100_000;

  NodeAddress target;
  String label = "";
  int idleConnections = 100;
  int rate = 100;
  long durationMs = 60_000;
  List<String> victims = List.of();
  List<String> bind = List.of();
  String spoof;
  String keyEnv;

  static HostileOptions parse(String[] args) {
    HostileOptions o = new HostileOptions();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + flag);
      }
      String v = args[++i];
      try {
        switch (flag) {
          case "--target" -> o.target = target(v);
          case "--label" -> o.label = label(v);
          case "--idle-connections" ->
              o.idleConnections = within(flag, Integer.parseInt(v), MAX_IDLE_CONNECTIONS);
          case "--rate" -> o.rate = within(flag, Integer.parseInt(v), MAX_RATE);
          case "--duration" -> o.durationMs = positive(flag, SimulateOptions.duration(v));
          case "--victims" -> o.victims = list(flag, v, false);
          case "--bind" -> o.bind = list(flag, v, true);
          case "--spoof" -> o.spoof = address(flag, v);
          case "--key-env" -> o.keyEnv = keyEnv(v);
          default -> throw new IllegalArgumentException("unknown option " + flag);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad value for " + flag + ": " + v, e);
      }
    }
    if (o.target == null) {
      throw new IllegalArgumentException("--target HOST:PORT is required");
    }
    return o;
  }

  private static NodeAddress target(String v) {
    int colon = v.lastIndexOf(':');
    if (colon <= 0 || colon == v.length() - 1) {
      throw new IllegalArgumentException("--target must be HOST:PORT, was " + v);
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(v.substring(colon + 1));
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("--target port must be in 1..65535, was " + port);
    }
    return new NodeAddress(address("--target", host), port);
  }

  /** An IP literal in a loopback, private (site-local) or link-local range. */
  static String address(String flag, String host) {
    if (!NodeAddress.isIpLiteral(host)) {
      throw new IllegalArgumentException(flag + " must be an IP address, was " + host);
    }
    InetAddress a;
    try {
      a = InetAddress.getAllByName(host)[0]; // a literal: parsed, never looked up
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(flag + " must be an IP address, was " + host, e);
    }
    if (!a.isLoopbackAddress() && !a.isSiteLocalAddress() && !a.isLinkLocalAddress()) {
      throw new IllegalArgumentException(
          flag + " must be a loopback, private or link-local address, was " + host);
    }
    return host;
  }

  private static String label(String v) {
    if (v.getBytes(StandardCharsets.UTF_8).length > WireLimits.MAX_LABEL_BYTES) {
      throw new IllegalArgumentException(
          "--label must be at most " + WireLimits.MAX_LABEL_BYTES + " bytes");
    }
    return v;
  }

  private static String keyEnv(String v) {
    if (v.isEmpty() || System.getenv(v) == null) {
      throw new IllegalArgumentException("--key-env names no set environment variable: " + v);
    }
    return v;
  }

  private static List<String> list(String flag, String v, boolean addresses) {
    List<String> out = new ArrayList<>();
    for (String item : v.split(",")) {
      String s = item.trim();
      if (s.isEmpty()) {
        throw new IllegalArgumentException(flag + " has an empty item: " + v);
      }
      out.add(addresses ? address(flag, s) : s);
    }
    return List.copyOf(out);
  }

  private static int within(String flag, int v, int max) {
    if (v < 0 || v > max) {
      throw new IllegalArgumentException(flag + " must be in 0.." + max + ", was " + v);
    }
    return v;
  }

  private static long positive(String flag, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException(flag + " must be positive");
    }
    return v;
  }
}
