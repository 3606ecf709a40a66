package dev.swim.core.transport;

import dev.swim.core.member.NodeAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Converts between {@link NodeAddress} and socket addresses, never doing a DNS look-up. */
final class SocketAddresses {

  private SocketAddresses() {}

  /** The address as a {@link NodeAddress}: Java's canonical IP literal and the port. */
  static NodeAddress toNode(InetSocketAddress address) {
    return new NodeAddress(address.getAddress().getHostAddress(), address.getPort());
  }

  /**
   * The socket address of {@code node}, whose host must be an IP literal (the runtime resolves
   * names before they reach a transport, so a send never blocks on DNS).
   *
   * @throws UnknownHostException when the host is not an IP literal
   */
  static InetSocketAddress toSocket(NodeAddress node) throws UnknownHostException {
    return new InetSocketAddress(literal(node.host()), node.port());
  }

  /** Parses an IPv4 or IPv6 literal; anything else is refused rather than resolved. */
  static InetAddress literal(String host) throws UnknownHostException {
    if (!NodeAddress.isIpLiteral(host)) {
      throw new UnknownHostException("not an IP address literal: " + host);
    }
    return InetAddress.getByName(host); // a literal: parsed, not resolved
  }
}
