package dev.swim.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.transport.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Idle TCP connections from someone without the key must not keep a member from joining through an
 * encrypted seed. The seed runs with the default transport limits (128 stream slots, 8
 * unauthenticated connections per address, 2 s for a first frame, 10 s stream timeout); before the
 * fix, 500 idle connections held every slot for the 10 s stream timeout.
 */
class HostileTcpTest {
  private static final Duration JOIN_BOUND = Duration.ofSeconds(5);
  private static final int IDLE_CONNECTIONS = 500;
  private static final byte[] KEY =
      Base64.getDecoder().decode("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=");

  private final List<Gossiper> started = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void closeAll() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    started.forEach(Gossiper::close);
  }

  private GossiperConfig.Builder base(String name) {
    return GossiperConfig.builder(name)
        .bindAddress("127.0.0.1")
        .bindPort(0)
        .protocol(SwimConfig.local())
        .encryptionKeys(List.of(KEY))
        .joinBackoffInitial(Duration.ofMillis(200))
        .joinBackoffMax(Duration.ofSeconds(1));
  }

  private Gossiper start(GossiperConfig config) throws Exception {
    Gossiper g = Gossiper.create(config);
    started.add(g);
    g.start();
    return g;
  }

  /** Opens a connection from {@code from} that never sends a byte; refusals are fine. */
  private void openIdle(String from, int port) throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.bind(new InetSocketAddress(from, 0));
    try {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
    } catch (SocketException e) {
      // refused or reset at once: the seed defends itself
    }
  }

  private static long alive(Gossiper g) {
    return g.members().stream().filter(m -> m.state() == MemberState.ALIVE).count();
  }

  private void assertJoinsWithin(Gossiper seed, Duration bound) throws Exception {
    Gossiper joiner =
        start(base("joiner").seeds(List.of("127.0.0.1:" + seed.localAddress().port())).build());
    long begin = System.nanoTime();

    Await.await(bound, () -> joiner.state() == GossiperState.RUNNING && alive(joiner) == 2);

    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    assertThat(took).isLessThanOrEqualTo(bound);
    Await.await(bound, () -> alive(seed) == 2);
  }

  @Test
  void idleConnectionsDoNotBlockJoin() throws Exception {
    Gossiper seed = start(base("seed").build());
    int port = seed.localAddress().port();
    for (int i = 0; i < IDLE_CONNECTIONS; i++) {
      openIdle("127.0.0.2", port);
    }

    assertJoinsWithin(seed, JOIN_BOUND);

    // the seed accepts the backlog at its own pace: await the last refusals
    Await.await(
        JOIN_BOUND,
        () -> seed.stats().dropped().getOrDefault("source-limit", 0L) >= IDLE_CONNECTIONS - 8L);
    assertThat(seed.stats().dropped().get("source-limit"))
        .as("all but 8 idle connections from one address refused")
        .isGreaterThanOrEqualTo(IDLE_CONNECTIONS - 8L);
  }

  @Test
  void idleConnectionsFromManyAddressesDoNotBlockJoin() throws Exception {
    Gossiper seed = start(base("seed").build());
    int port = seed.localAddress().port();
    // 63 addresses with 8 connections each: the per-address limit holds, the 128 slots do not
    for (int i = 0; i < IDLE_CONNECTIONS; i++) {
      openIdle("127.0.1." + (1 + i / 8), port);
    }
    Await.await(JOIN_BOUND, () -> seed.stats().dropped().get("stream-evicted") > 0);

    assertJoinsWithin(seed, JOIN_BOUND);

    assertThat(seed.stats().dropped().get("stream-limit")).isZero();
  }
}
