package dev.swim.core.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeAddressTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.1.2.3",
        "0.0.0.0",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1%eth0",
        "::ffff:1.2.3.4",
        "1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:1.2.3.4",
        "1:2:3:4:5:6:7::",
        "2001:DB8::a:B",
        "fe80::1%7"
      })
  void ipLiterals(String host) throws Exception {
    assertThat(NodeAddress.isIpLiteral(host)).isTrue();
    // what is accepted is a literal to the JDK too: parsed, never looked up
    assertThat(InetAddress.getByName(host.replaceAll("%eth0$", ""))).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "256.1.1.1",
        "10.1.2",
        "1.2.3.4.example",
        "seeds.example",
        "1..2.3",
        "1.2.3.0x1",
        "010.1.2.3",
        "a:b.example.com",
        "seeds.example:7946",
        "1::2::3",
        ":::",
        ":1",
        "1:",
        "fe80::1%",
        "fe80::1%eth 0",
        "12345::1",
        "g::1",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:1.2.3.4",
        "::1.2.3",
        "1.2.3.4::"
      })
  void notIpLiterals(String host) {
    assertThat(NodeAddress.isIpLiteral(host)).isFalse();
  }

  @Test
  void everyAddressTheJdkPrintsIsALiteral() throws Exception {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 10_000; i++) {
      byte[] b = new byte[r.nextBoolean() ? 4 : 16];
      r.nextBytes(b);
      if (b.length == 16 && r.nextInt(4) == 0) {
        java.util.Arrays.fill(b, 0, 2 + r.nextInt(12), (byte) 0); // runs of zeros compress to ::
      }
      String host = InetAddress.getByAddress(b).getHostAddress();
      assertThat(NodeAddress.isIpLiteral(host)).as(host).isTrue();
    }
  }
}
