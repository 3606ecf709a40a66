package dev.swim.core.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.TransportStats.Drop;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of the inbound TCP path of a real {@link UdpTcpTransport} over a loopback
 * socket: fuzzer-chosen bytes in fuzzer-chosen chunks and pauses (partial frames, slow writers, bad
 * kinds and lengths, many frames). Whatever arrives, no exception escapes to the selector thread,
 * every connection is counted at most once as dropped, nothing stays charged or open once the
 * client has closed, and the transport still answers a normal request. Saved inputs replay in every
 * build; {@code JAZZER_FUZZ=1} fuzzes for real.
 *
 * <p>An input is a script of operations, each an opcode byte {@code op} and its operands:
 *
 * <ul>
 *   <li>{@code op & 3 == 0}: write the next {@code n} (one byte) input bytes, {@code 1 << ((op >>
 *       2) & 15)} times over (at most 2 MiB per input, so that buffers grow beyond the uncharged
 *       first 16 KiB);
 *   <li>{@code op & 3 == 1}: pause {@code n % 41} ms (one byte; at most 200 ms per input);
 *   <li>{@code op & 3 == 2}: write a whole frame of kind {@code (op >> 2) & 3} whose payload is the
 *       next {@code n} (one byte) input bytes;
 *   <li>{@code op & 3 == 3}: write a frame header alone: kind {@code op >> 2}, then the next 4
 *       input bytes as the length.
 * </ul>
 *
 * <p>The handler accepts datagrams that start with {@code 'A'}; it answers requests with {@code
 * "re:"} and the request, except that one starting with {@code 'N'} gets no answer and one starting
 * with {@code 'D'} is answered after 20 ms.
 */
class InboundStreamFuzzTest {

  private static final Duration TIMEOUT = Duration.ofMillis(150);
  private static final Duration SETTLE = Duration.ofSeconds(5);
  private static final int PAUSE_BUDGET_MS = 200;
  private static final int WRITE_BUDGET_BYTES = 2 * 1024 * 1024;
  private static final int PROBE_ATTEMPTS = 3;

  /** Drops that close an accepted connection; each connection may cause at most one. */
  private static final Set<Drop> CLOSING =
      EnumSet.of(
          Drop.OVERSIZED,
          Drop.TRUNCATED,
          Drop.BAD_FRAME,
          Drop.STREAM_TIMEOUT,
          Drop.FIRST_FRAME_TIMEOUT,
          Drop.UNAUTHENTICATED_STREAM,
          Drop.UNAUTHENTICATED_BUDGET);

  /** Drops that refuse or evict connections; with one client at a time, never. */
  private static final Set<Drop> CROWDING =
      EnumSet.of(Drop.SOURCE_LIMIT, Drop.STREAM_LIMIT, Drop.STREAM_EVICTED);

  private static NetworkThreads threads;
  private static UdpTcpTransport transport;
  private static final CountingHandler handler = new CountingHandler();

  /** Counts what it is given and answers as the class comment says. */
  private static final class CountingHandler implements TransportHandler {
    final AtomicLong datagrams = new AtomicLong();

    @Override
    public boolean onDatagram(NodeAddress from, byte[] data) {
      datagrams.incrementAndGet();
      return data.length > 0 && data[0] == 'A';
    }

    @Override
    public CompletableFuture<byte[]> onStreamRequest(NodeAddress from, byte[] request) {
      byte[] answer = RecordingHandler.concat("re:", request);
      if (request.length > 0 && request[0] == 'N') {
        return CompletableFuture.completedFuture(null);
      }
      if (request.length > 0 && request[0] == 'D') {
        return CompletableFuture.supplyAsync(
            () -> answer, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
      }
      return CompletableFuture.completedFuture(answer);
    }
  }

  private static synchronized UdpTcpTransport transport() throws IOException {
    if (transport == null) {
      threads = new NetworkThreads();
      transport =
          new UdpTcpTransport(
              TransportSettings.defaults("127.0.0.1", 0)
                  .withStreamTimeout(TIMEOUT)
                  .withMaxFrameBytes(1024 * 1024),
              threads);
      transport.start(handler);
    }
    return transport;
  }

  @AfterAll
  static synchronized void stop() {
    if (transport != null) {
      transport.close();
      threads.close();
      transport = null;
    }
  }

  @FuzzTest(maxDuration = "30s")
  void inboundStream(byte[] script) throws Exception {
    UdpTcpTransport t = transport();
    int port = t.boundAddress().port();
    // the connections go to the transport under test only (Jazzer reports any other as SSRF)
    SilentCloseable allowed = BugDetectors.allowNetworkConnections((host, p) -> p == port);
    try {
      check(t, script);
    } finally {
      allowed.close();
    }
  }

  private static void check(UdpTcpTransport t, byte[] script) throws Exception {
    TransportStats stats = t.stats();
    long accepted = stats.streamsAccepted();
    long received = stats.datagramsReceived();
    long delivered = handler.datagrams.get();
    Map<Drop, Long> before = stats.dropsByReason();

    try (Socket s = new Socket()) {
      s.setTcpNoDelay(true);
      s.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), t.boundAddress().port()), 5000);
      play(ByteBuffer.wrap(script), s.getOutputStream());
    }
    settled(t);
    int attempts = probe(t);

    Map<Drop, Long> after = stats.dropsByReason();
    assertThat(threads.unexpectedFailures()).as("exceptions that reached the selector").isZero();
    assertThat(stats.streamsAccepted() - accepted).isEqualTo(1 + attempts);
    assertThat(stats.datagramsReceived() - received).isEqualTo(handler.datagrams.get() - delivered);
    long closing = CLOSING.stream().mapToLong(d -> after.get(d) - before.get(d)).sum();
    assertThat(closing).as("connections dropped, each at most once").isLessThanOrEqualTo(attempts);
    for (Drop d : CROWDING) {
      assertThat(after.get(d)).as(d.name()).isEqualTo(before.get(d));
    }
    assertThat(t.peakUnauthenticatedBytes()).isLessThanOrEqualTo(t.unauthenticatedBudget());
  }

  /** Plays the script until it ends or the transport closes the connection. */
  private static void play(ByteBuffer in, OutputStream out) throws InterruptedException {
    int pauseLeft = PAUSE_BUDGET_MS;
    int writeLeft = WRITE_BUDGET_BYTES;
    try {
      while (in.hasRemaining()) {
        int op = in.get() & 0xFF;
        switch (op & 3) {
          case 0 -> {
            byte[] chunk = take(in, next(in));
            for (int i = 1 << ((op >> 2) & 15); i > 0 && writeLeft >= chunk.length; i--) {
              out.write(chunk);
              writeLeft -= chunk.length;
            }
          }
          case 1 -> {
            int ms = Math.min(pauseLeft, next(in) % 41);
            pauseLeft -= ms;
            out.flush();
            Thread.sleep(ms);
          }
          case 2 -> {
            byte[] payload = take(in, next(in));
            ByteBuffer frame = ByteBuffer.allocate(5 + payload.length);
            frame.put((byte) ((op >> 2) & 3)).putInt(payload.length).put(payload);
            out.write(frame.array());
          }
          default -> {
            byte[] length = take(in, 4);
            ByteBuffer header = ByteBuffer.allocate(5);
            header.put((byte) (op >> 2)).put(length);
            out.write(header.array());
          }
        }
      }
      out.flush();
    } catch (IOException e) {
      // the transport closed the connection: the rest of the script has nowhere to go
    }
  }

  private static int next(ByteBuffer in) {
    return in.hasRemaining() ? in.get() & 0xFF : 0;
  }

  private static byte[] take(ByteBuffer in, int n) {
    byte[] b = new byte[Math.min(n, in.remaining())];
    in.get(b);
    return b;
  }

  /** Waits until nothing of the closed connection is left on the transport's side. */
  private static void settled(UdpTcpTransport t) {
    Await.await(
        SETTLE,
        () ->
            t.activeInboundStreams() == 0
                && t.unauthenticatedInboundStreams() == 0
                && t.inboundDatagramCarriers() == 0
                && t.unauthenticatedBytes() == 0);
  }

  /**
   * Sends a normal request and checks its answer; returns how many connections that took (a machine
   * busy enough to miss the short first-frame deadline may need another).
   */
  private static int probe(UdpTcpTransport t) throws IOException {
    IOException last = null;
    for (int attempt = 1; attempt <= PROBE_ATTEMPTS; attempt++) {
      try (Socket s = new Socket()) {
        s.setTcpNoDelay(true);
        s.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), t.boundAddress().port()), 5000);
        s.getOutputStream().write(new byte[] {1, 0, 0, 0, 5, 'p', 'r', 'o', 'b', 'e'});
        s.setSoTimeout(5000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        int length = in.readInt();
        assertThat(new String(in.readNBytes(length), UTF_8)).isEqualTo("re:probe");
        settled(t);
        return attempt;
      } catch (IOException e) {
        last = e;
        settled(t);
      }
    }
    throw last;
  }
}
