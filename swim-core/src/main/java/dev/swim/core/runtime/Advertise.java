package dev.swim.core.runtime;

import dev.swim.core.member.NodeAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;

/** Picks the address other members should use to reach this node. */
final class Advertise {
  private Advertise() {}

  /**
   * The configured advertise address and port if set; otherwise the bound address, or for a
   * wildcard bind the first up, non-loopback IPv4 address (falling back to loopback).
   */
  static NodeAddress address(GossiperConfig config, NodeAddress bound) {
    int port = config.advertisePort() > 0 ? config.advertisePort() : bound.port();
    String host = config.advertiseAddress();
    if (host == null || host.isBlank()) {
      host = isWildcard(bound.host()) ? firstUsableAddress() : bound.host();
    } else {
      try {
        host = InetAddress.getByName(host).getHostAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(
            "advertiseAddress '" + config.advertiseAddress() + "' does not resolve", e);
      }
    }
    return new NodeAddress(host, port);
  }

  static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isWildcard(String host) {
    try {
      return InetAddress.getByName(host).isAnyLocalAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String firstUsableAddress() {
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nif.isUp() || nif.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
            return a.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      // fall through to loopback
    }
    return "127.0.0.1";
  }
}
