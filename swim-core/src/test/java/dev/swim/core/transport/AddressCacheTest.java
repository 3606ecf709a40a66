package dev.swim.core.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.member.NodeAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class AddressCacheTest {

  @Test
  void convertsBothWaysAndReusesTheResult() throws UnknownHostException {
    AddressCache cache = new AddressCache();
    NodeAddress node = new NodeAddress("127.0.0.1", 7946);
    InetSocketAddress socket = cache.toSocket(node);
    assertThat(socket.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(socket.getPort()).isEqualTo(7946);
    assertThat(cache.toSocket(node)).isSameAs(socket);
    NodeAddress back = cache.toNode(new InetSocketAddress(socket.getAddress(), 7946));
    assertThat(back).isEqualTo(node);
    assertThat(cache.toNode(new InetSocketAddress(socket.getAddress(), 7946))).isSameAs(back);
  }

  @Test
  void refusesHostNamesLikeTheUncachedConversion() {
    AddressCache cache = new AddressCache();
    assertThatThrownBy(() -> cache.toSocket(new NodeAddress("example.invalid", 1)))
        .isInstanceOf(UnknownHostException.class);
    assertThat(cache.size()).isZero();
  }

  @Test
  void staysBoundedUnderAFloodOfSources() throws UnknownHostException {
    AddressCache cache = new AddressCache();
    for (int i = 0; i < 3 * AddressCache.MAX_ENTRIES; i++) {
      int port = 1024 + i;
      cache.toNode(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
      cache.toSocket(new NodeAddress("127.0.0.1", port));
    }
    assertThat(cache.size()).isLessThanOrEqualTo(2 * AddressCache.MAX_ENTRIES);
  }
}
