package dev.swim.core.transport;

import dev.swim.core.member.NodeAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the conversions between member addresses and socket addresses, so that a datagram sent
 * or received does not parse or format an IP literal each time. Bounded: when it holds more than
 * {@link #MAX_ENTRIES} of either kind it starts over, so a flood of spoofed sources cannot grow it.
 * Thread-safe.
 */
final class AddressCache {
  static final int MAX_ENTRIES = 4096;

  private final ConcurrentHashMap<NodeAddress, InetSocketAddress> sockets =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<InetSocketAddress, NodeAddress> nodes = new ConcurrentHashMap<>();

  /** As {@link SocketAddresses#toSocket}, remembered. */
  InetSocketAddress toSocket(NodeAddress node) throws UnknownHostException {
    InetSocketAddress s = sockets.get(node);
    if (s == null) {
      s = SocketAddresses.toSocket(node);
      if (sockets.size() >= MAX_ENTRIES) {
        sockets.clear();
      }
      sockets.put(node, s);
    }
    return s;
  }

  /** As {@link SocketAddresses#toNode}, remembered. */
  NodeAddress toNode(InetSocketAddress address) {
    NodeAddress n = nodes.get(address);
    if (n == null) {
      n = SocketAddresses.toNode(address);
      if (nodes.size() >= MAX_ENTRIES) {
        nodes.clear();
      }
      nodes.put(address, n);
    }
    return n;
  }

  /** How many conversions of each kind it holds (for tests). */
  int size() {
    return sockets.size() + nodes.size();
  }
}
