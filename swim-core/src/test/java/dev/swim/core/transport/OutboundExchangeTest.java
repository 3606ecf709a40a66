package dev.swim.core.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.TransportStats.Drop;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An outbound exchange against a hand-written peer on loopback: the request frame it writes, and
 * every way a response frame can be good or bad.
 */
class OutboundExchangeTest {

  private static final Duration BOUND = Duration.ofSeconds(10);
  private NetworkThreads threads;
  private UdpTcpTransport client;
  private ServerSocket server;

  /** What the hand-written peer does with the one connection it accepts. */
  private interface Peer {
    void serve(DataInputStream in, DataOutputStream out) throws Exception;
  }

  @BeforeEach
  void start() throws IOException {
    threads = new NetworkThreads();
    client =
        new UdpTcpTransport(
            TransportSettings.defaults("127.0.0.1", 0).withMaxFrameBytes(64 * 1024), threads);
    client.start(new RecordingHandler());
    server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void stop() throws IOException {
    client.close();
    server.close();
    threads.close();
  }

  /** Serves one connection with {@code peer} on its own thread; completes when it is done. */
  private CompletableFuture<Void> serveOnce(Peer peer) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try (Socket s = server.accept()) {
                s.setSoTimeout((int) BOUND.toMillis());
                peer.serve(
                    new DataInputStream(s.getInputStream()),
                    new DataOutputStream(s.getOutputStream()));
                done.complete(null);
              } catch (Exception e) {
                done.completeExceptionally(e);
              }
            },
            "hand-written-peer");
    t.setDaemon(true);
    t.start();
    return done;
  }

  private NodeAddress peer() {
    return new NodeAddress("127.0.0.1", server.getLocalPort());
  }

  /** Reads one request frame and returns its payload. */
  private static byte[] readRequest(DataInputStream in) throws IOException {
    assertThat(in.readByte()).as("kind").isEqualTo(StreamFrames.KIND_REQUEST);
    return in.readNBytes(in.readInt());
  }

  @Test
  void theRequestIsOneFrameAndTheResponseMayArriveInPieces() throws Exception {
    byte[] response = new byte[40_000]; // beyond the first 16 KiB of buffer
    for (int i = 0; i < response.length; i++) {
      response[i] = (byte) (i * 7);
    }
    CompletableFuture<Void> served =
        serveOnce(
            (in, out) -> {
              assertThat(new String(readRequest(in), UTF_8)).isEqualTo("hello");
              out.writeInt(response.length);
              for (int off = 0; off < response.length; off += 10_000) {
                out.write(response, off, 10_000);
                out.flush();
                Thread.sleep(20);
              }
            });

    byte[] got = client.request(peer(), "hello".getBytes(UTF_8), BOUND).get(10, SECONDS);

    assertThat(got).isEqualTo(response);
    served.get(10, SECONDS);
    assertThat(client.stats().streamsOpened()).isEqualTo(1);
  }

  @Test
  void anEmptyResponseIsAnEmptyArray() throws Exception {
    CompletableFuture<Void> served =
        serveOnce(
            (in, out) -> {
              readRequest(in);
              out.writeInt(0);
              out.flush();
            });

    assertThat(client.request(peer(), new byte[] {1}, BOUND).get(10, SECONDS)).isEmpty();
    served.get(10, SECONDS);
  }

  @Test
  void aNegativeResponseLengthIsABadFrame() throws Exception {
    CompletableFuture<Void> served =
        serveOnce(
            (in, out) -> {
              readRequest(in);
              out.writeInt(-1);
              out.flush();
              in.read(); // until the client closes
            });

    CompletableFuture<byte[]> f = client.request(peer(), new byte[] {1}, BOUND);

    assertThatThrownBy(() -> f.get(10, SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("bad response frame length");
    assertThat(client.stats().drops(Drop.BAD_FRAME)).isEqualTo(1);
    served.get(10, SECONDS);
  }

  @Test
  void aResponseBeyondMaxFrameBytesIsRefusedBeforeItsBytesArrive() throws Exception {
    CompletableFuture<Void> served =
        serveOnce(
            (in, out) -> {
              readRequest(in);
              out.writeInt(64 * 1024 + 1);
              out.flush();
              assertThat(in.read()).as("the client closes").isEqualTo(-1);
            });

    CompletableFuture<byte[]> f = client.request(peer(), new byte[] {1}, BOUND);

    assertThatThrownBy(() -> f.get(10, SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("exceeds");
    assertThat(client.stats().drops(Drop.OVERSIZED)).isEqualTo(1);
    served.get(10, SECONDS);
  }

  @Test
  void aPeerThatClosesWithoutAnsweringFailsTheRequest() throws Exception {
    CompletableFuture<Void> served = serveOnce((in, out) -> readRequest(in));

    CompletableFuture<byte[]> f = client.request(peer(), new byte[] {1}, BOUND);

    assertThatThrownBy(() -> f.get(10, SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("without a response")
        .hasMessageContaining(peer().toString());
    served.get(10, SECONDS);
  }

  @Test
  void aResponseCutShortFailsTheRequest() throws Exception {
    CompletableFuture<Void> served =
        serveOnce(
            (in, out) -> {
              readRequest(in);
              out.writeInt(100);
              out.write(new byte[10]);
              out.flush();
            });

    CompletableFuture<byte[]> f = client.request(peer(), new byte[] {1}, BOUND);

    assertThatThrownBy(() -> f.get(10, SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("10 of 100 bytes");
    served.get(10, SECONDS);
  }

  @Test
  void cancellingARequestClosesItsConnection() throws Exception {
    CompletableFuture<Void> served =
        serveOnce(
            (in, out) -> {
              readRequest(in);
              assertThat(in.read()).as("the client closes").isEqualTo(-1);
            });
    CompletableFuture<byte[]> f = client.request(peer(), new byte[] {1}, BOUND);
    Await.await(BOUND, () -> client.stats().streamsOpened() == 1);

    f.cancel(false);

    served.get(10, SECONDS);
    Await.await(BOUND, () -> client.outboundExchanges() == 0);
  }
}
