package dev.swim.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.transport.Await;
import dev.swim.core.transport.Transport;
import dev.swim.core.transport.TransportSettings;
import dev.swim.core.transport.UdpTcpTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On real sockets, a transport whose send throws now and then (a fault on the protocol loop's own
 * thread) costs the node nothing lasting: the failures are counted in {@code loopErrors} and the
 * node keeps probing and answering.
 */
class GossiperLoopErrorsTest {
  private static final Duration AWAIT = Duration.ofSeconds(30);
  private Gossiper a;
  private Gossiper b;

  @AfterEach
  void close() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  /** Every third datagram send throws. */
  private static final class FlakyTransport extends ForwardingTransport {
    private final AtomicInteger sends = new AtomicInteger();

    FlakyTransport(Transport inner) {
      super(inner);
    }

    @Override
    public void sendDatagram(NodeAddress to, byte[] packet) {
      if (sends.incrementAndGet() % 3 == 0) {
        throw new IllegalStateException("send failed");
      }
      super.sendDatagram(to, packet);
    }
  }

  private static GossiperConfig.Builder base(String name) {
    return GossiperConfig.builder(name)
        .bindAddress("127.0.0.1")
        .bindPort(0)
        .protocol(SwimConfig.local())
        .joinBackoffInitial(Duration.ofMillis(200))
        .streamTimeout(Duration.ofSeconds(2));
  }

  @Test
  void aThrowingSendIsCountedAndTheNodeKeepsProbing() throws Exception {
    b = Gossiper.create(base("b").build());
    b.start();
    GossiperConfig config =
        base("a").seeds(List.of("127.0.0.1:" + b.localAddress().port())).build();
    a =
        Gossiper.create(
            config,
            new FlakyTransport(new UdpTcpTransport(TransportSettings.defaults("127.0.0.1", 0))));
    a.start();

    Await.await(AWAIT, () -> a.members().size() == 2 && b.members().size() == 2);
    Await.await(AWAIT, () -> a.stats().loopErrors() >= 5);
    long probes = a.stats().probes().get("direct");
    Await.await(AWAIT, () -> a.stats().probes().get("direct") >= probes + 5);

    assertThat(a.stats().loopErrors()).isGreaterThanOrEqualTo(5);
    assertThat(a.statsSnapshot().loopErrors()).isPositive();
  }
}
