package dev.swim.core.transport;

import static dev.swim.core.transport.Await.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.TransportStats.Drop;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an attacker without the key can do to inbound TCP, on real loopback sockets. Linux routes
 * all of 127.0.0.0/8 to the loopback interface, so binding a client socket to 127.0.0.2 makes it
 * another source address than the transports' 127.0.0.1.
 */
class InboundStreamLimitsTest {

  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final String ATTACKER = "127.0.0.2";
  private static final String OTHER = "127.0.0.3";
  private static final int KIND_REQUEST = 1;
  private static final int KIND_DATAGRAM = 2;
  private static NetworkThreads threads;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void startThreads() {
    threads = new NetworkThreads();
  }

  @AfterAll
  static void stopThreads() {
    threads.close();
  }

  @AfterEach
  void closeEverything() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    assertThat(threads.unexpectedFailures()).as("exceptions escaped to the selector").isZero();
  }

  private static TransportSettings loopback() {
    return TransportSettings.defaults("127.0.0.1", 0);
  }

  /** Settings under which only the limit under test, never a deadline, closes a connection. */
  private static TransportSettings patient() {
    return loopback().withStreamTimeout(LONG).withFirstFrameTimeout(LONG);
  }

  private UdpTcpTransport started(TransportSettings settings, TransportHandler handler)
      throws IOException {
    UdpTcpTransport t = new UdpTcpTransport(settings, threads);
    toClose.add(t);
    t.start(handler);
    return t;
  }

  /** A connection to {@code to} from the local address {@code from}. */
  private Socket connect(String from, NodeAddress to) throws IOException {
    Socket s = new Socket();
    toClose.add(s);
    s.bind(new InetSocketAddress(from, 0));
    s.connect(new InetSocketAddress(to.host(), to.port()), 5000);
    return s;
  }

  /** True when the peer closed or reset the connection within the bound. */
  private static boolean closedByPeer(Socket s) throws IOException {
    s.setSoTimeout((int) BOUND.toMillis());
    try {
      InputStream in = s.getInputStream();
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset
    }
  }

  /** True when a new connection from {@code from} is reset, during the handshake or after it. */
  private boolean refused(String from, NodeAddress to) throws IOException {
    Socket s;
    try {
      s = connect(from, to);
    } catch (SocketException e) {
      return true;
    }
    return closedByPeer(s);
  }

  private static void writeFrame(Socket s, int kind, byte[] payload) throws IOException {
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    out.writeByte(kind);
    out.writeInt(payload.length);
    out.write(payload);
    out.flush();
  }

  private static byte[] readResponse(Socket s) throws IOException {
    s.setSoTimeout((int) BOUND.toMillis());
    DataInputStream in = new DataInputStream(s.getInputStream());
    int length = in.readInt();
    return in.readNBytes(length);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  // ---- 1. per-source cap ------------------------------------------------------------------------

  @Test
  void aNinthUnauthenticatedConnectionFromOneAddressIsRefused() throws Exception {
    UdpTcpTransport t = started(patient(), new RecordingHandler());
    NodeAddress at = t.boundAddress();
    assertThat(t.settings().maxConnectionsPerSource()).isEqualTo(8);
    List<Socket> silent = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      silent.add(connect(ATTACKER, at));
    }
    await(BOUND, () -> t.unauthenticatedInboundStreams() == 8);

    assertThat(refused(ATTACKER, at)).isTrue();
    assertThat(t.stats().drops(Drop.SOURCE_LIMIT)).isEqualTo(1);
    assertThat(t.stats().streamsAccepted()).isEqualTo(8);

    // other addresses are not affected
    Socket other = connect(OTHER, at);
    writeFrame(other, KIND_REQUEST, bytes("q"));
    assertThat(readResponse(other)).isEqualTo(bytes("re:q"));

    // a closed connection frees its place for the same address
    silent.get(0).close();
    await(BOUND, () -> t.unauthenticatedInboundStreams() == 7);
    Socket again = connect(ATTACKER, at);
    writeFrame(again, KIND_REQUEST, bytes("again"));
    assertThat(readResponse(again)).isEqualTo(bytes("re:again"));
    assertThat(t.stats().drops(Drop.SOURCE_LIMIT)).isEqualTo(1);
  }

  @Test
  void connectionsCarryingAcceptedDatagramsDoNotCountAgainstTheirAddress() throws Exception {
    RecordingHandler h = new RecordingHandler();
    UdpTcpTransport t = started(patient().withMaxConnectionsPerSource(2), h);
    NodeAddress at = t.boundAddress();
    for (int i = 0; i < 3; i++) {
      writeFrame(connect(ATTACKER, at), KIND_DATAGRAM, bytes("carrier " + i));
      int carriers = i + 1;
      await(BOUND, () -> t.inboundDatagramCarriers() == carriers);
    }
    connect(ATTACKER, at);
    connect(ATTACKER, at);
    await(BOUND, () -> t.unauthenticatedInboundStreams() == 2);

    assertThat(refused(ATTACKER, at)).isTrue();
    assertThat(t.stats().drops(Drop.SOURCE_LIMIT)).isEqualTo(1);
    assertThat(h.datagrams).hasSize(3);
  }

  // ---- 2. first-frame deadline ------------------------------------------------------------------

  @Test
  void aSilentConnectionIsClosedAtTheFirstFrameDeadlineLongBeforeTheStreamTimeout()
      throws Exception {
    UdpTcpTransport t = started(loopback(), new RecordingHandler());
    assertThat(t.settings().firstFrameTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(t.settings().streamTimeout()).isEqualTo(Duration.ofSeconds(10));
    Socket silent = connect(ATTACKER, t.boundAddress());
    long start = System.nanoTime();

    assertThat(closedByPeer(silent)).isTrue();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(8));
    assertThat(t.stats().drops(Drop.FIRST_FRAME_TIMEOUT)).isEqualTo(1);
    assertThat(t.stats().drops(Drop.STREAM_TIMEOUT)).isZero();
    // the socket closes just before the transport forgets the connection: wait for that too
    Await.await(() -> t.activeInboundStreams() == 0);
  }

  @Test
  void aSlowWriterIsClosedAtTheFirstFrameDeadlineThoughBytesKeepComing() throws Exception {
    UdpTcpTransport t =
        started(patient().withFirstFrameTimeout(Duration.ofMillis(500)), new RecordingHandler());
    Socket slow = connect(ATTACKER, t.boundAddress());
    DataOutputStream out = new DataOutputStream(slow.getOutputStream());
    out.writeByte(KIND_REQUEST);
    out.writeInt(1000);
    out.flush();
    long start = System.nanoTime();
    try {
      while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
        out.write(0); // one byte every 20 ms: the frame would take 20 s
        out.flush();
        Thread.sleep(20);
      }
    } catch (IOException e) {
      // closed by the transport: expected
    }

    assertThat(closedByPeer(slow)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    assertThat(t.stats().drops(Drop.FIRST_FRAME_TIMEOUT)).isEqualTo(1);
  }

  @Test
  void onceTheRequestArrivedItsAnswerMayTakeLongerThanTheFirstFrameDeadline() throws Exception {
    UdpTcpTransport a = started(loopback(), new RecordingHandler());
    UdpTcpTransport b =
        started(
            loopback().withFirstFrameTimeout(Duration.ofMillis(200)),
            new RecordingHandler()
                .answering(
                    (from, req) ->
                        CompletableFuture.supplyAsync(
                            () -> bytes("late"),
                            CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS))));

    byte[] answer = a.request(b.boundAddress(), bytes("q"), BOUND).get(20, TimeUnit.SECONDS);

    assertThat(answer).isEqualTo(bytes("late"));
    assertThat(b.stats().drops(Drop.FIRST_FRAME_TIMEOUT)).isZero();
    assertThat(b.stats().drops(Drop.STREAM_TIMEOUT)).isZero();
  }

  // ---- 3. eviction of the oldest idle connection ------------------------------------------------

  @Test
  void theOldestIdleConnectionsAreEvictedSoThatARealRequestIsAnswered() throws Exception {
    UdpTcpTransport server =
        started(
            patient().withMaxConcurrentStreams(128).withMaxConnectionsPerSource(1000),
            new RecordingHandler());
    UdpTcpTransport client = started(loopback(), new RecordingHandler());
    NodeAddress at = server.boundAddress();
    List<Socket> idle = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      idle.add(connect(ATTACKER, at));
    }
    await(BOUND, () -> server.stats().streamsAccepted() == 500);
    await(BOUND, () -> server.stats().drops(Drop.STREAM_EVICTED) == 500 - 128);
    assertThat(server.activeInboundStreams()).isEqualTo(128);
    assertThat(server.stats().drops(Drop.STREAM_LIMIT)).isZero();
    assertThat(closedByPeer(idle.get(0))).as("the oldest was evicted").isTrue();

    byte[] answer = client.request(at, bytes("join"), BOUND).get(20, TimeUnit.SECONDS);

    assertThat(answer).isEqualTo(bytes("re:join"));
    assertThat(server.stats().drops(Drop.STREAM_EVICTED)).isEqualTo(500 - 128 + 1);
    await(BOUND, () -> server.activeInboundStreams() == 127);
    assertThat(server.stats().drops(Drop.STREAM_LIMIT)).isZero();
  }

  // ---- 4. no datagram carrier before authentication ---------------------------------------------

  @Test
  void aConnectionWhoseFirstDatagramDoesNotAuthenticateIsClosedAndNeverCarries() throws Exception {
    RecordingHandler h =
        new RecordingHandler().accepting(d -> new String(d, UTF_8).startsWith("ok"));
    UdpTcpTransport t = started(patient().withFirstFrameTimeout(Duration.ofMillis(300)), h);
    NodeAddress at = t.boundAddress();

    Socket forger = connect(ATTACKER, at);
    writeFrame(forger, KIND_DATAGRAM, bytes("forged"));

    assertThat(closedByPeer(forger)).isTrue();
    assertThat(t.stats().drops(Drop.UNAUTHENTICATED_STREAM)).isEqualTo(1);
    assertThat(t.inboundDatagramCarriers()).isZero();
    await(BOUND, () -> t.activeInboundStreams() == 0);

    Socket peer = connect(OTHER, at);
    writeFrame(peer, KIND_DATAGRAM, bytes("ok 1"));
    await(BOUND, () -> t.inboundDatagramCarriers() == 1);
    assertThat(t.activeInboundStreams()).isZero();
    assertThat(t.unauthenticatedInboundStreams()).isZero();
    // once authenticated, a datagram that does not open is dropped by the handler, not the link
    writeFrame(peer, KIND_DATAGRAM, bytes("stale"));
    Thread.sleep(600); // idle beyond the first-frame deadline, which no longer applies
    writeFrame(peer, KIND_DATAGRAM, bytes("ok 2"));
    await(BOUND, () -> h.datagrams.size() == 4);
    assertThat(h.datagramTexts()).containsExactly("forged", "ok 1", "stale", "ok 2");
    assertThat(t.inboundDatagramCarriers()).isEqualTo(1);
    assertThat(t.stats().drops(Drop.UNAUTHENTICATED_STREAM)).isEqualTo(1);
    assertThat(t.stats().drops(Drop.FIRST_FRAME_TIMEOUT)).isZero();
  }

  @Test
  void aHandlerThatThrowsDoesNotAuthenticate() throws Exception {
    RecordingHandler h =
        new RecordingHandler()
            .accepting(
                d -> {
                  throw new IllegalStateException("handler bug");
                });
    UdpTcpTransport t = started(patient(), h);
    Socket s = connect(ATTACKER, t.boundAddress());
    writeFrame(s, KIND_DATAGRAM, bytes("x"));

    assertThat(closedByPeer(s)).isTrue();
    assertThat(t.stats().drops(Drop.UNAUTHENTICATED_STREAM)).isEqualTo(1);
    assertThat(t.inboundDatagramCarriers()).isZero();
  }

  // ---- 5. global budget for unauthenticated input -----------------------------------------------

  @Test
  void unauthenticatedBuffersStayWithinTheBudgetAndTheExcessIsClosed() throws Exception {
    int frame = 4 * 1024 * 1024;
    UdpTcpTransport t =
        started(
            patient().withMaxFrameBytes(frame).withMaxConnectionsPerSource(1000),
            new RecordingHandler());
    long budget = t.unauthenticatedBudget();
    assertThat(budget).isEqualTo(UdpTcpTransport.UNAUTHENTICATED_BUDGET_BYTES);
    NodeAddress at = t.boundAddress();
    int connections = 30;
    byte[] part = new byte[1024 * 1024 + 1]; // the server's buffer grows to 2 MiB for it
    long perConnection = 2L * 1024 * 1024 - StreamFrames.INITIAL_BODY_BYTES;
    List<Socket> hogs = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Socket s = connect(ATTACKER, at);
      hogs.add(s);
      try {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeByte(KIND_REQUEST);
        out.writeInt(frame);
        out.write(part);
        out.flush();
      } catch (IOException e) {
        // already closed for the budget
      }
    }

    // settled: every connection either holds its whole buffer or was closed for the budget
    await(
        BOUND,
        () ->
            t.stats().drops(Drop.UNAUTHENTICATED_BUDGET) + t.unauthenticatedInboundStreams()
                    == connections
                && t.unauthenticatedBytes() == t.unauthenticatedInboundStreams() * perConnection);
    long survivors = t.unauthenticatedInboundStreams();
    assertThat(survivors).isBetween(1L, budget / perConnection);
    assertThat(t.stats().drops(Drop.UNAUTHENTICATED_BUDGET))
        .isGreaterThanOrEqualTo(connections - budget / perConnection);
    assertThat(t.peakUnauthenticatedBytes()).isLessThanOrEqualTo(budget);

    // small frames still get through while the budget is taken
    Socket small = connect(OTHER, at);
    writeFrame(small, KIND_REQUEST, bytes("small"));
    assertThat(readResponse(small)).isEqualTo(bytes("re:small"));

    for (Socket s : hogs) {
      s.close();
    }
    await(BOUND, () -> t.unauthenticatedBytes() == 0 && t.activeInboundStreams() == 0);
    assertThat(t.peakUnauthenticatedBytes()).isLessThanOrEqualTo(budget);
  }

  @Test
  void aWholeLargeRequestReleasesItsCharge() throws Exception {
    byte[] big = new byte[3 * 1024 * 1024];
    UdpTcpTransport a = started(loopback(), new RecordingHandler());
    UdpTcpTransport b =
        started(
            loopback(),
            new RecordingHandler()
                .answering((from, req) -> CompletableFuture.completedFuture(req)));

    assertThat(a.request(b.boundAddress(), big, BOUND).get(20, TimeUnit.SECONDS)).isEqualTo(big);

    assertThat(b.peakUnauthenticatedBytes()).isPositive();
    await(BOUND, () -> b.unauthenticatedBytes() == 0);
  }

  // ---- settings ---------------------------------------------------------------------------------

  @Test
  void theNewSettingsAreValidated() {
    TransportSettings s = loopback();
    assertThat(s.maxConnectionsPerSource())
        .isEqualTo(TransportSettings.DEFAULT_MAX_CONNECTIONS_PER_SOURCE);
    assertThat(s.withStreamTimeout(Duration.ofMillis(300)).effectiveFirstFrameTimeout())
        .isEqualTo(Duration.ofMillis(300));
    assertThat(s.effectiveFirstFrameTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(() -> s.withMaxConnectionsPerSource(0))
        .hasMessageContaining("maxConnectionsPerSource");
    assertThatThrownBy(() -> s.withFirstFrameTimeout(Duration.ZERO))
        .hasMessageContaining("firstFrameTimeout");
  }
}
