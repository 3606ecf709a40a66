package dev.swim.core.transport;

import static dev.swim.core.transport.Await.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.TransportStats.Drop;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On real loopback sockets: outbound stream requests to a peer that accepts and never answers wait
 * on the selector without holding a thread, so they delay nobody else's exchanges, end at their own
 * timeout, and close their connections.
 */
class StuckStreamPeerTest {

  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final Duration STUCK_TIMEOUT = Duration.ofSeconds(10);
  private static final int STUCK = 32;

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private NetworkThreads threads;
  private SilentListener silent;

  @BeforeEach
  void start() throws IOException {
    threads = new NetworkThreads();
    silent = new SilentListener();
  }

  @AfterEach
  void closeEverything() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    silent.close();
    threads.close();
  }

  private UdpTcpTransport started(TransportHandler handler) throws IOException {
    UdpTcpTransport t = new UdpTcpTransport(TransportSettings.defaults("127.0.0.1", 0), threads);
    toClose.add(t);
    t.start(handler);
    return t;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void aHealthyExchangeCompletesWhileManyToAStuckPeerWait() throws Exception {
    UdpTcpTransport a = started(new RecordingHandler());
    UdpTcpTransport healthy = started(new RecordingHandler());
    List<CompletableFuture<byte[]>> stuck = new ArrayList<>();
    for (int i = 0; i < STUCK; i++) {
      stuck.add(a.request(silent.address(), bytes("stuck " + i), STUCK_TIMEOUT));
    }
    await(BOUND, () -> silent.accepted.size() >= 8); // as many as the old pool had threads

    long started = System.nanoTime();
    byte[] answer = a.request(healthy.boundAddress(), bytes("q"), STUCK_TIMEOUT).get(5, SECONDS);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(new String(answer, UTF_8)).isEqualTo("re:q");
    assertThat(tookMs).as("ms for the healthy exchange").isLessThan(5_000);
    assertThat(stuck).as("the stuck requests still wait").noneMatch(CompletableFuture::isDone);
    await(BOUND, () -> silent.accepted.size() == STUCK); // all of them at once, no queue
  }

  @Test
  void aShortTimeoutToAStuckPeerFailsAfterItAndClosesTheConnection() throws Exception {
    UdpTcpTransport a = started(new RecordingHandler());

    long started = System.nanoTime();
    CompletableFuture<byte[]> f = a.request(silent.address(), bytes("x"), Duration.ofMillis(300));
    assertThatThrownBy(() -> f.get(BOUND.toSeconds(), SECONDS))
        .isInstanceOf(ExecutionException.class);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(tookMs).as("ms until the request failed").isBetween(250L, 3_000L);
    await(BOUND, () -> silent.accepted.size() == 1);
    assertThat(readsToEnd(silent.accepted.get(0))).as("the listener sees EOF").isTrue();
    assertThat(a.stats().streamsOpened()).isEqualTo(1);
  }

  @Test
  void closingTheTransportFailsItsPendingRequestsAndClosesTheirConnections() throws Exception {
    UdpTcpTransport a = started(new RecordingHandler());
    List<CompletableFuture<byte[]>> stuck = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      stuck.add(a.request(silent.address(), bytes("stuck " + i), STUCK_TIMEOUT));
    }
    await(BOUND, () -> silent.accepted.size() == 4);

    a.close();

    for (CompletableFuture<byte[]> f : stuck) {
      assertThatThrownBy(() -> f.get(5, SECONDS)).isInstanceOf(ExecutionException.class);
    }
    for (Socket s : silent.accepted) {
      assertThat(readsToEnd(s)).as("the listener sees EOF").isTrue();
    }
  }

  @Test
  void requestsBeyondTheInFlightLimitFailAtOnceAndAreCounted() throws Exception {
    UdpTcpTransport a = started(new RecordingHandler());
    UdpTcpTransport healthy = started(new RecordingHandler());
    List<CompletableFuture<byte[]>> stuck = new ArrayList<>();
    for (int i = 0; i < UdpTcpTransport.MAX_OUTBOUND_EXCHANGES; i++) {
      stuck.add(a.request(silent.address(), bytes("stuck " + i), Duration.ofSeconds(2)));
    }

    CompletableFuture<byte[]> beyond = a.request(healthy.boundAddress(), bytes("q"), BOUND);

    assertThat(beyond).isCompletedExceptionally();
    assertThat(a.stats().drops(Drop.REQUEST_LIMIT)).isEqualTo(1);
    assertThat(a.outboundExchanges()).isEqualTo(UdpTcpTransport.MAX_OUTBOUND_EXCHANGES);
    for (CompletableFuture<byte[]> f : stuck) {
      assertThatThrownBy(() -> f.get(BOUND.toSeconds(), SECONDS))
          .isInstanceOf(ExecutionException.class);
    }
    await(BOUND, () -> a.outboundExchanges() == 0);
    assertThat(a.request(healthy.boundAddress(), bytes("q"), BOUND).get(5, SECONDS))
        .as("the slots are free again")
        .isEqualTo(bytes("re:q"));
  }

  @Test
  void aConnectThatIsNeverAnsweredEndsAtTheTimeout() throws Exception {
    UdpTcpTransport a = started(new RecordingHandler());
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      NodeAddress to = new NodeAddress("127.0.0.1", full.getLocalPort());
      List<Socket> queued = new ArrayList<>();
      try {
        assumeTrue(fillListenQueue(full, queued), "the OS drops SYNs to a full listen queue");

        long started = System.nanoTime();
        CompletableFuture<byte[]> f = a.request(to, bytes("x"), Duration.ofMillis(500));
        assertThatThrownBy(() -> f.get(BOUND.toSeconds(), SECONDS))
            .isInstanceOf(ExecutionException.class);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(tookMs).as("ms until the request failed").isBetween(450L, 3_000L);
        assertThat(a.stats().streamsOpened()).as("never connected").isZero();
        await(BOUND, () -> a.outboundExchanges() == 0);
      } finally {
        for (Socket s : queued) {
          s.close();
        }
      }
    }
  }

  /**
   * Connects to {@code server} (which never accepts) until a further connect gets no answer; false
   * when the OS accepts or refuses it instead.
   */
  private static boolean fillListenQueue(ServerSocket server, List<Socket> queued)
      throws IOException {
    for (int i = 0; i < 16; i++) {
      Socket s = new Socket();
      queued.add(s);
      try {
        s.connect(server.getLocalSocketAddress(), 300);
      } catch (SocketTimeoutException e) {
        return true;
      } catch (IOException e) {
        return false; // refused: this OS answers a full queue with a reset
      }
    }
    return false;
  }

  /**
   * Reads and discards what the client sent (its request frame) until the end of the stream; true
   * when it ends (or is reset) within the bound.
   */
  private static boolean readsToEnd(Socket s) throws IOException {
    s.setSoTimeout((int) BOUND.toMillis());
    InputStream in = s.getInputStream();
    byte[] sink = new byte[1024];
    try {
      while (in.read(sink) >= 0) {
        // the request frame, never answered
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset
    }
  }

  /** A loopback TCP listener that accepts every connection and never reads or writes. */
  private static final class SilentListener implements AutoCloseable {
    final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final Thread acceptor;

    SilentListener() throws IOException {
      server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
      acceptor = new Thread(this::acceptAll, "silent-listener");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    NodeAddress address() {
      return new NodeAddress("127.0.0.1", server.getLocalPort());
    }

    private void acceptAll() {
      while (!server.isClosed()) {
        try {
          accepted.add(server.accept());
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      try {
        acceptor.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
