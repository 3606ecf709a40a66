package dev.swim.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.Outbox;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.transport.Await;
import dev.swim.core.transport.Transport;
import dev.swim.core.transport.TransportSettings;
import dev.swim.core.transport.UdpTcpTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Gossiper gives a stream exchange the stream timeout, or only what is left until the deadline
 * the node set for it: a TCP fallback ping gets the rest of its probe round, no more.
 */
class GossiperStreamDeadlineTest {
  private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(10);
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

  @Test
  void noDeadlineMeansTheStreamTimeout() {
    assertThat(Gossiper.exchangeTimeout(STREAM_TIMEOUT, Outbox.NO_DEADLINE, 5_000))
        .isEqualTo(STREAM_TIMEOUT);
  }

  @Test
  void aNearDeadlineShortensTheTimeout() {
    assertThat(Gossiper.exchangeTimeout(STREAM_TIMEOUT, 5_800, 5_000))
        .isEqualTo(Duration.ofMillis(800));
  }

  @Test
  void aFarDeadlineKeepsTheStreamTimeout() {
    assertThat(Gossiper.exchangeTimeout(STREAM_TIMEOUT, 5_000 + 60_000, 5_000))
        .isEqualTo(STREAM_TIMEOUT);
  }

  @Test
  void aDeadlineReachedOrPassedLeavesOneMillisecond() {
    assertThat(Gossiper.exchangeTimeout(STREAM_TIMEOUT, 5_000, 5_000))
        .isEqualTo(Duration.ofMillis(1));
    assertThat(Gossiper.exchangeTimeout(STREAM_TIMEOUT, 4_000, 5_000))
        .isEqualTo(Duration.ofMillis(1));
  }

  /** One stream request as the Gossiper made it. */
  @SuppressWarnings("ArrayRecordComponent") // bytes are inspected, never compared
  private record Request(NodeAddress to, byte[] bytes, Duration timeout) {
    /** Whether the request is a Ping frame (plaintext, no cluster label: type at offset 4). */
    boolean isPing() {
      return bytes.length > 4
          && bytes[0] == 0x53
          && bytes[1] == 0x57
          && bytes[3] == 0
          && bytes[4] == 1;
    }
  }

  /** Drops every outbound datagram (so every UDP probe fails) and records stream requests. */
  private static final class NoUdpOut extends ForwardingTransport {
    final List<Request> requests = new CopyOnWriteArrayList<>();

    NoUdpOut(Transport inner) {
      super(inner);
    }

    @Override
    public void sendDatagram(NodeAddress to, byte[] packet) {
      // lost
    }

    @Override
    public CompletableFuture<byte[]> request(NodeAddress to, byte[] request, Duration timeout) {
      requests.add(new Request(to, request, timeout));
      return super.request(to, request, timeout);
    }
  }

  private static GossiperConfig.Builder base(String name) {
    return GossiperConfig.builder(name)
        .bindAddress("127.0.0.1")
        .bindPort(0)
        // without Lifeguard the probe round is exactly the probe interval, 1 s
        .protocol(SwimConfig.local().toBuilder().lifeguard(false).build())
        .tcpFallbackProbe(true)
        .joinBackoffInitial(Duration.ofMillis(200))
        .streamTimeout(STREAM_TIMEOUT);
  }

  @Test
  void aFallbackPingGetsOnlyTheRestOfItsProbeRound() throws Exception {
    b = Gossiper.create(base("b").build());
    b.start();
    NoUdpOut transport =
        new NoUdpOut(new UdpTcpTransport(TransportSettings.defaults("127.0.0.1", 0)));
    a =
        Gossiper.create(
            base("a").seeds(List.of("127.0.0.1:" + b.localAddress().port())).build(), transport);
    a.start();

    Await.await(
        Duration.ofSeconds(30), () -> transport.requests.stream().anyMatch(Request::isPing));

    Request ping = transport.requests.stream().filter(Request::isPing).findFirst().orElseThrow();
    assertThat(ping.to()).isEqualTo(b.localAddress());
    assertThat(ping.timeout())
        .as("a fallback ping waits at most until its probe round ends")
        .isPositive()
        .isLessThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(transport.requests.stream().filter(r -> !r.isPing()).map(Request::timeout))
        .as("push-pulls and joins keep the stream timeout")
        .isNotEmpty()
        .containsOnly(STREAM_TIMEOUT);
  }
}
