package dev.swim.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.transport.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #14 item 1, on real sockets: {@code join(extra)} adds to the configured seeds, never
 * replaces them, so partition healing keeps contacting a configured seed that was down when the
 * member started and comes up later.
 */
class GossiperJoinAddsSeedsTest {
  private static final Duration AWAIT = Duration.ofSeconds(30);
  private Gossiper a;
  private Gossiper b;
  private Gossiper c;

  @AfterEach
  void close() {
    for (Gossiper g : new Gossiper[] {a, b, c}) {
      if (g != null) {
        g.close();
      }
    }
  }

  private static GossiperConfig.Builder base(String name) {
    return GossiperConfig.builder(name)
        .bindAddress("127.0.0.1")
        .protocol(SwimConfig.local())
        .joinBackoffInitial(Duration.ofMillis(200))
        .streamTimeout(Duration.ofSeconds(2));
  }

  /** A loopback port nothing listens on now (TCP and UDP are both free at the time of asking). */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aConfiguredSeedThatComesUpLaterIsStillContactedAfterJoinThroughAnother() throws Exception {
    int seedPort = freePort();
    c = Gossiper.create(base("c").bindPort(0).build());
    c.start();
    a = Gossiper.create(base("a").bindPort(0).seeds(List.of("127.0.0.1:" + seedPort)).build());
    a.start(); // its configured seed, b, is not running yet

    a.join(List.of("127.0.0.1:" + c.localAddress().port()));
    Await.await(AWAIT, () -> a.members().size() == 2 && c.members().size() == 2);

    b = Gossiper.create(base("b").bindPort(seedPort).build()); // no seeds of its own
    b.start();

    // only a can bring b in: its healing rounds contact the seeds nobody in its view is at
    Await.await(
        AWAIT, () -> a.members().size() == 3 && b.members().size() == 3 && c.members().size() == 3);
    assertThat(b.members()).extracting(m -> m.name()).containsExactlyInAnyOrder("a", "b", "c");
  }
}
