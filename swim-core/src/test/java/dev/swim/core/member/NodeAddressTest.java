package dev.swim.core.member;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeAddressTest {

  @ParameterizedTest
  @ValueSource(strings = {"10.1.2.3", "0.0.0.0", "255.255.255.255", "::1", "fe80::1%eth0"})
  void ipLiterals(String host) {
    assertThat(NodeAddress.isIpLiteral(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"256.1.1.1", "10.1.2", "1.2.3.4.example", "seeds.example", "1..2.3", "1.2.3.0x1"})
  void notIpLiterals(String host) {
    assertThat(NodeAddress.isIpLiteral(host)).isFalse();
  }
}
