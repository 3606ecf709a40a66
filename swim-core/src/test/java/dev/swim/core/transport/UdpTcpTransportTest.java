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
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UdpTcpTransportTest {

  private static final Duration BOUND = Duration.ofSeconds(10);
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
  }

  private static TransportSettings loopback() {
    return TransportSettings.defaults("127.0.0.1", 0);
  }

  private UdpTcpTransport started(TransportSettings settings, TransportHandler handler)
      throws IOException {
    return started(settings, handler, threads);
  }

  private UdpTcpTransport started(
      TransportSettings settings, TransportHandler handler, NetworkThreads on) throws IOException {
    UdpTcpTransport t = new UdpTcpTransport(settings, on);
    toClose.add(t);
    t.start(handler);
    return t;
  }

  private Socket raw(NodeAddress to) throws IOException {
    Socket s = new Socket();
    toClose.add(s);
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

  /** True when a new connection is reset, whether during the handshake or right after it. */
  private boolean refused(NodeAddress to) throws IOException {
    Socket s;
    try {
      s = raw(to);
    } catch (SocketException e) {
      return true;
    }
    return closedByPeer(s);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void aDatagramArrivesWithTheSendersAddress() throws Exception {
    RecordingHandler hb = new RecordingHandler();
    UdpTcpTransport a = started(loopback(), new RecordingHandler());
    UdpTcpTransport b = started(loopback(), hb);

    a.sendDatagram(b.boundAddress(), bytes("hello"));

    await(BOUND, () -> hb.datagrams.size() == 1);
    assertThat(hb.datagramTexts()).containsExactly("hello");
    assertThat(hb.datagrams.get(0).from()).isEqualTo(a.boundAddress());
    assertThat(a.stats().datagramsSent()).isEqualTo(1);
    assertThat(a.stats().bytesSent()).isEqualTo(5);
    assertThat(b.stats().datagramsReceived()).isEqualTo(1);
    assertThat(b.stats().bytesReceived()).isEqualTo(5);
  }

  @Test
  void portZeroPutsUdpAndTcpOnTheSamePort() throws Exception {
    RecordingHandler h = new RecordingHandler();
    UdpTcpTransport t = started(loopback(), h);
    NodeAddress at = t.boundAddress();
    assertThat(at.host()).isEqualTo("127.0.0.1");
    assertThat(at.port()).isPositive();

    try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      byte[] data = bytes("udp");
      udp.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), at.port()));
    }
    raw(at);

    await(BOUND, () -> h.datagrams.size() == 1 && t.stats().streamsAccepted() == 1);
  }

  @Test
  void aStreamRequestGetsItsResponse() throws Exception {
    RecordingHandler hb = new RecordingHandler();
    UdpTcpTransport a = started(loopback(), new RecordingHandler());
    UdpTcpTransport b = started(loopback(), hb);

    byte[] response = a.request(b.boundAddress(), bytes("state"), BOUND).get(10, TimeUnit.SECONDS);

    assertThat(new String(response, UTF_8)).isEqualTo("re:state");
    NodeAddress from = hb.requests.get(0).from();
    assertThat(from.host()).isEqualTo("127.0.0.1");
    assertThat(from).as("a stream comes from an ephemeral port").isNotEqualTo(a.boundAddress());
    assertThat(a.stats().streamsOpened()).isEqualTo(1);
    assertThat(b.stats().streamsAccepted()).isEqualTo(1);
  }

  @Test
  void aLargeRequestAndResponseCrossInOnePiece() throws Exception {
    byte[] big = new byte[3 * 1024 * 1024 + 7];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    UdpTcpTransport a = started(loopback(), new RecordingHandler());
    UdpTcpTransport b =
        started(
            loopback(),
            new RecordingHandler()
                .answering((from, req) -> CompletableFuture.completedFuture(req)));

    byte[] echoed = a.request(b.boundAddress(), big, BOUND).get(10, TimeUnit.SECONDS);

    assertThat(echoed).isEqualTo(big);
  }

  @Test
  void aRequestFailsWhenTheHandlerGivesNoAnswer() throws Exception {
    UdpTcpTransport a = started(loopback(), new RecordingHandler());
    UdpTcpTransport b =
        started(
            loopback(),
            new RecordingHandler()
                .answering((from, req) -> CompletableFuture.completedFuture(null)));

    CompletableFuture<byte[]> f = a.request(b.boundAddress(), bytes("x"), BOUND);

    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void aRequestTimesOutAndTheServerClosesTheStreamAtItsTimeout() throws Exception {
    UdpTcpTransport a = started(loopback(), new RecordingHandler());
    UdpTcpTransport b =
        started(
            loopback().withStreamTimeout(Duration.ofMillis(300)),
            new RecordingHandler().answering((from, req) -> new CompletableFuture<>()));

    CompletableFuture<byte[]> f = a.request(b.boundAddress(), bytes("x"), Duration.ofMillis(500));

    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    await(BOUND, () -> b.stats().drops(Drop.STREAM_TIMEOUT) == 1);
  }

  @Test
  void aRequestToAClosedPortFails() throws Exception {
    UdpTcpTransport a = started(loopback(), new RecordingHandler());
    UdpTcpTransport b = started(loopback(), new RecordingHandler());
    NodeAddress gone = b.boundAddress();
    b.close();

    CompletableFuture<byte[]> f = a.request(gone, bytes("x"), BOUND);

    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining(gone.toString());
  }

  @Test
  void anOversizedFrameIsDroppedAndItsConnectionClosed() throws Exception {
    UdpTcpTransport b = started(loopback().withMaxFrameBytes(1024), new RecordingHandler());
    Socket s = raw(b.boundAddress());
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    out.writeByte(1);
    out.writeInt(1025);
    out.flush();

    assertThat(closedByPeer(s)).isTrue();
    assertThat(b.stats().drops(Drop.OVERSIZED)).isEqualTo(1);
  }

  @Test
  void aDatagramFrameLargerThanADatagramIsOversized() throws Exception {
    UdpTcpTransport b = started(loopback(), new RecordingHandler());
    Socket s = raw(b.boundAddress());
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    out.writeByte(2);
    out.writeInt(UdpTcpTransport.MAX_UDP_PAYLOAD + 1);
    out.flush();

    assertThat(closedByPeer(s)).isTrue();
    assertThat(b.stats().drops(Drop.OVERSIZED)).isEqualTo(1);
  }

  @Test
  void anOversizedRequestIsRefusedBeforeSending() throws Exception {
    UdpTcpTransport a = started(loopback().withMaxFrameBytes(1024), new RecordingHandler());
    UdpTcpTransport b = started(loopback(), new RecordingHandler());

    CompletableFuture<byte[]> f = a.request(b.boundAddress(), new byte[1025], BOUND);

    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasMessageContaining("1024");
    assertThat(a.stats().drops(Drop.OVERSIZED)).isEqualTo(1);
    assertThat(b.stats().streamsAccepted()).isZero();
  }

  @Test
  void anUnknownFrameKindIsABadFrame() throws Exception {
    UdpTcpTransport b = started(loopback(), new RecordingHandler());
    Socket s = raw(b.boundAddress());
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    out.writeByte(9);
    out.writeInt(1);
    out.writeByte(0);
    out.flush();

    assertThat(closedByPeer(s)).isTrue();
    assertThat(b.stats().drops(Drop.BAD_FRAME)).isEqualTo(1);
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAtTheTimeout() throws Exception {
    UdpTcpTransport b =
        started(loopback().withStreamTimeout(Duration.ofMillis(300)), new RecordingHandler());
    Socket s = raw(b.boundAddress());
    long start = System.nanoTime();

    assertThat(closedByPeer(s)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(250));
    // a stream timeout shorter than the first-frame timeout bounds the first frame too
    assertThat(b.stats().drops(Drop.FIRST_FRAME_TIMEOUT)).isEqualTo(1);
  }

  @Test
  void aFrameCutShortIsCountedTruncated() throws Exception {
    UdpTcpTransport b = started(loopback(), new RecordingHandler());
    Socket s = raw(b.boundAddress());
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    out.writeByte(1);
    out.writeInt(100);
    out.write(new byte[10]);
    out.flush();
    s.shutdownOutput();

    assertThat(closedByPeer(s)).isTrue();
    await(BOUND, () -> b.stats().drops(Drop.TRUNCATED) == 1);
  }

  @Test
  void connectionsBeyondTheStreamLimitAreRefusedAtOnceWhenEverySlotIsAnswering() throws Exception {
    List<CompletableFuture<byte[]>> answers = new CopyOnWriteArrayList<>();
    UdpTcpTransport b =
        started(
            loopback().withMaxConcurrentStreams(2).withStreamTimeout(Duration.ofSeconds(30)),
            new RecordingHandler()
                .answering(
                    (from, req) -> {
                      CompletableFuture<byte[]> f = new CompletableFuture<>();
                      answers.add(f);
                      return f;
                    }));
    Socket first = raw(b.boundAddress());
    sendRequest(first, "one");
    await(BOUND, () -> answers.size() == 1); // so that answers.get(0) is the first's
    sendRequest(raw(b.boundAddress()), "two");
    await(BOUND, () -> answers.size() == 2);

    assertThat(refused(b.boundAddress())).isTrue();
    assertThat(b.stats().drops(Drop.STREAM_LIMIT)).isEqualTo(1);
    assertThat(b.stats().drops(Drop.STREAM_EVICTED)).as("nothing to evict").isZero();

    answers.get(0).complete(bytes("done"));
    DataInputStream in = new DataInputStream(first.getInputStream());
    first.setSoTimeout((int) BOUND.toMillis());
    assertThat(in.readInt()).isEqualTo(4);
    assertThat(in.readNBytes(4)).isEqualTo(bytes("done"));
    assertThat(in.read()).as("closed after the response").isEqualTo(-1);
    await(BOUND, () -> b.activeInboundStreams() == 1);
    Socket fourth = raw(b.boundAddress());
    await(BOUND, () -> b.stats().streamsAccepted() == 3);
    assertThat(fourth.isClosed()).isFalse();
  }

  private static void sendRequest(Socket s, String text) throws IOException {
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    out.writeByte(1);
    out.writeInt(bytes(text).length);
    out.write(bytes(text));
    out.flush();
  }

  @Test
  void tcpOnlyCarriesDatagramsOnOneCachedConnectionEachWay() throws Exception {
    RecordingHandler ha = new RecordingHandler();
    RecordingHandler hb = new RecordingHandler();
    UdpTcpTransport a = started(loopback().withTcpOnly(true), ha);
    UdpTcpTransport b = started(loopback().withTcpOnly(true), hb);

    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add("d" + i);
      a.sendDatagram(b.boundAddress(), bytes("d" + i));
    }
    b.sendDatagram(a.boundAddress(), bytes("back"));

    await(BOUND, () -> hb.datagrams.size() == 20 && ha.datagrams.size() == 1);
    assertThat(hb.datagramTexts()).containsExactlyElementsOf(sent);
    assertThat(ha.datagramTexts()).containsExactly("back");
    assertThat(hb.datagrams.get(0).from().host()).isEqualTo("127.0.0.1");
    assertThat(b.stats().streamsAccepted()).isEqualTo(1);
    assertThat(a.stats().streamsOpened()).isEqualTo(1);
    await(BOUND, () -> a.stats().datagramsSent() == 20);
    assertThat(b.stats().datagramsReceived()).isEqualTo(20);

    try (DatagramSocket udp =
        new DatagramSocket(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), a.boundAddress().port()))) {
      assertThat(udp.getLocalPort()).as("no UDP socket in TCP-only mode").isPositive();
    }
  }

  @Test
  void tcpOnlyStillServesRequests() throws Exception {
    UdpTcpTransport a = started(loopback().withTcpOnly(true), new RecordingHandler());
    UdpTcpTransport b = started(loopback().withTcpOnly(true), new RecordingHandler());

    assertThat(a.request(b.boundAddress(), bytes("q"), BOUND).get(10, TimeUnit.SECONDS))
        .isEqualTo(bytes("re:q"));
  }

  @Test
  void aDatagramCanGoOverAStreamInUdpMode() throws Exception {
    RecordingHandler hb = new RecordingHandler();
    UdpTcpTransport a = started(loopback(), new RecordingHandler());
    UdpTcpTransport b = started(loopback(), hb);

    a.sendDatagramOverStream(b.boundAddress(), bytes("fallback"));

    await(BOUND, () -> hb.datagrams.size() == 1);
    assertThat(hb.datagramTexts()).containsExactly("fallback");
    assertThat(b.stats().streamsAccepted()).isEqualTo(1);
  }

  @Test
  void aCachedConnectionClosedByThePeerIsReplaced() throws Exception {
    RecordingHandler hb = new RecordingHandler();
    UdpTcpTransport a = started(loopback().withTcpOnly(true), new RecordingHandler());
    UdpTcpTransport b = started(loopback().withTcpOnly(true), hb);
    NodeAddress at = b.boundAddress();
    a.sendDatagram(at, bytes("one"));
    await(BOUND, () -> hb.datagrams.size() == 1);

    b.close();
    await(BOUND, () -> a.cachedOutboundStreams() == 0);
    RecordingHandler hc = new RecordingHandler();
    started(TransportSettings.defaults("127.0.0.1", at.port()).withTcpOnly(true), hc);
    a.sendDatagram(at, bytes("two"));

    await(BOUND, () -> hc.datagrams.size() == 1);
    assertThat(hc.datagramTexts()).containsExactly("two");
    assertThat(a.stats().streamsOpened()).isEqualTo(2);
  }

  @Test
  void anOversizedDatagramIsDroppedOnSend() throws Exception {
    UdpTcpTransport a = started(loopback(), new RecordingHandler());

    a.sendDatagram(a.boundAddress(), new byte[UdpTcpTransport.MAX_UDP_PAYLOAD + 1]);

    assertThat(a.stats().drops(Drop.OVERSIZED)).isEqualTo(1);
    assertThat(a.stats().datagramsSent()).isZero();
  }

  @Test
  void anInboundDatagramBeyondTheLimitIsDropped() throws Exception {
    RecordingHandler hb = new RecordingHandler();
    UdpTcpTransport a = started(loopback(), new RecordingHandler());
    UdpTcpTransport b = started(loopback().withMaxDatagramBytes(100), hb);

    a.sendDatagram(b.boundAddress(), new byte[101]);
    a.sendDatagram(b.boundAddress(), new byte[100]);

    await(BOUND, () -> hb.datagrams.size() == 1 && b.stats().drops(Drop.OVERSIZED) == 1);
    assertThat(hb.datagrams.get(0).data()).hasSize(100);
  }

  @Test
  void aSendToANameRatherThanAnAddressIsCountedNotThrown() throws Exception {
    UdpTcpTransport a = started(loopback(), new RecordingHandler());

    a.sendDatagram(new NodeAddress("no-such-host.invalid", 7946), bytes("x"));

    assertThat(a.stats().drops(Drop.SEND_FAILED)).isEqualTo(1);
  }

  @Test
  void bindingAUsedUdpPortSaysWhichAddressAndPort() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      UdpTcpTransport t =
          new UdpTcpTransport(TransportSettings.defaults("127.0.0.1", port), threads);
      toClose.add(t);

      assertThatThrownBy(() -> t.start(new RecordingHandler()))
          .isInstanceOf(BindException.class)
          .hasMessageStartingWith("cannot bind UDP 127.0.0.1:" + port + ": ")
          .hasMessageContaining("in use");
    }
  }

  @Test
  void bindingAUsedTcpPortSaysSoAndReleasesTheUdpPort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      UdpTcpTransport t =
          new UdpTcpTransport(TransportSettings.defaults("127.0.0.1", port), threads);
      toClose.add(t);

      assertThatThrownBy(() -> t.start(new RecordingHandler()))
          .isInstanceOf(BindException.class)
          .hasMessageStartingWith("cannot bind TCP 127.0.0.1:" + port + ": ");
      try (DatagramSocket udp =
          new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
        assertThat(udp.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void closeIsIdempotentAndReleasesThePort() throws Exception {
    UdpTcpTransport a = started(loopback(), new RecordingHandler());
    int port = a.boundAddress().port();

    a.close();
    a.close();
    RecordingHandler h = new RecordingHandler();
    UdpTcpTransport again = started(TransportSettings.defaults("127.0.0.1", port), h);

    assertThat(again.boundAddress().port()).isEqualTo(port);
    again.sendDatagram(again.boundAddress(), bytes("me"));
    await(BOUND, () -> h.datagrams.size() == 1);
  }

  @Test
  void aHandlerMayCloseItsOwnTransport() throws Exception {
    UdpTcpTransport[] self = new UdpTcpTransport[1];
    RecordingHandler h =
        new RecordingHandler() {
          @Override
          public boolean onDatagram(NodeAddress from, byte[] data) {
            boolean accepted = super.onDatagram(from, data);
            self[0].close();
            return accepted;
          }
        };
    self[0] = started(loopback(), h);
    int port = self[0].boundAddress().port();

    self[0].sendDatagram(self[0].boundAddress(), bytes("close yourself"));
    await(BOUND, () -> h.datagrams.size() == 1);

    await(BOUND, () -> canBind(port));
  }

  private boolean canBind(int port) {
    UdpTcpTransport t = new UdpTcpTransport(TransportSettings.defaults("127.0.0.1", port), threads);
    try {
      t.start(new RecordingHandler());
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      t.close();
    }
  }

  @Test
  void aWildcardBindReportsTheWildcard() throws Exception {
    RecordingHandler h = new RecordingHandler();
    UdpTcpTransport t = started(TransportSettings.defaults("0.0.0.0", 0), h);

    assertThat(t.boundAddress().host()).isEqualTo("0.0.0.0");
    t.sendDatagram(new NodeAddress("127.0.0.1", t.boundAddress().port()), bytes("me"));
    await(BOUND, () -> h.datagrams.size() == 1);
  }

  @Test
  void manyTransportsShareOneSetOfThreads() throws Exception {
    NetworkThreads own = new NetworkThreads();
    toClose.add(own);
    long before = netThreads();
    int n = 60;
    List<RecordingHandler> handlers = new ArrayList<>();
    List<UdpTcpTransport> ring = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      RecordingHandler h = new RecordingHandler();
      handlers.add(h);
      ring.add(started(loopback(), h, own));
    }

    for (int i = 0; i < n; i++) {
      ring.get(i).sendDatagram(ring.get((i + 1) % n).boundAddress(), bytes("from " + i));
    }
    List<CompletableFuture<byte[]>> answers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      answers.add(ring.get(i).request(ring.get(i + 1).boundAddress(), bytes("q" + i), BOUND));
    }

    await(BOUND, () -> handlers.stream().allMatch(h -> h.datagrams.size() == 1));
    for (CompletableFuture<byte[]> f : answers) {
      assertThat(f.get(10, TimeUnit.SECONDS)).startsWith(bytes("re:q"));
    }
    assertThat(netThreads() - before).as("threads added by 60 transports").isLessThanOrEqualTo(2);

    for (UdpTcpTransport t : ring) {
      t.close();
    }
    assertThat(own.isRunning()).as("closing transports never closes the threads").isTrue();
    RecordingHandler h = new RecordingHandler();
    UdpTcpTransport late = started(loopback(), h, own);
    late.sendDatagram(late.boundAddress(), bytes("still here"));
    await(BOUND, () -> h.datagrams.size() == 1);

    String selector = own.selectorThreadName();
    own.close();
    assertThat(own.isRunning()).isFalse();
    await(
        BOUND,
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals(selector)));
  }

  @Test
  void theSharedThreadsCannotBeClosed() {
    NetworkThreads shared = NetworkThreads.shared();
    shared.close();
    assertThat(shared.isRunning()).isTrue();
    assertThat(NetworkThreads.shared()).isSameAs(shared);
  }

  private static long netThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("swim-net-"))
        .count();
  }
}
