package dev.swim.bench.jmh;

import dev.swim.core.crypto.Keyring;
import dev.swim.core.crypto.SecureTransport;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.Transport;
import dev.swim.core.transport.TransportHandler;
import dev.swim.core.transport.TransportStats;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * AES-GCM seal and open of one 1400-byte datagram through the public {@link SecureTransport} (1371
 * bytes of plaintext plus its 29 bytes of version, nonce and tag), over an in-memory inner
 * transport that only captures what it is given.
 *
 * <p>{@code seal} is {@code sendDatagram}: a fresh random nonce, AES-GCM with the cluster label as
 * associated data. {@code open} is the inbound path: version check, AES-GCM decryption with the
 * first key, then the replay window. The same sealed packet is opened every time, so the replay
 * window is given a clock that moves 61 s per reading: every opening then finds the previous one
 * expired and takes the full accept path (expire, look up, insert), as a fresh packet would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SealOpenBenchmark {
  private static final int DATAGRAM = 1400;
  private static final NodeAddress PEER = new NodeAddress("10.0.0.2", 7946);

  /** AES key size in bytes (16 = AES-128, 32 = AES-256). */
  @Param({"16", "32"})
  public int keyBytes;

  private SecureTransport secure;
  private CapturingTransport inner;
  private byte[] plaintext;
  private byte[] sealed;
  private long clock;
  private byte[] lastOpened;

  /** Builds the transport pair and one sealed datagram. */
  @Setup
  public void setup() throws Exception {
    SecureRandom random = new SecureRandom();
    byte[] key = new byte[keyBytes];
    random.nextBytes(key);
    inner = new CapturingTransport();
    secure = new SecureTransport(inner, new Keyring(List.of(key)), "bench", () -> clock += 61_000);
    secure.start(
        new TransportHandler() {
          @Override
          public void onDatagram(NodeAddress from, byte[] data) {
            lastOpened = data;
          }

          @Override
          public CompletableFuture<byte[]> onStreamRequest(NodeAddress from, byte[] request) {
            return CompletableFuture.completedFuture(null);
          }
        });
    plaintext = new byte[DATAGRAM - SecureTransport.OVERHEAD];
    random.nextBytes(plaintext);
    secure.sendDatagram(PEER, plaintext);
    sealed = inner.last;
    if (sealed.length != DATAGRAM) {
      throw new IllegalStateException("sealed datagram is " + sealed.length + " bytes");
    }
    lastOpened = null;
    inner.handler.onDatagram(PEER, sealed);
    if (lastOpened == null || lastOpened.length != plaintext.length) {
      throw new IllegalStateException("the sealed datagram did not open");
    }
  }

  /** Seals one datagram. */
  @Benchmark
  public byte[] seal() {
    secure.sendDatagram(PEER, plaintext);
    return inner.last;
  }

  /** Opens one datagram. */
  @Benchmark
  public byte[] open() {
    inner.handler.onDatagram(PEER, sealed);
    return lastOpened;
  }

  /** An inner transport that keeps the last datagram sent and the handler it was started with. */
  private static final class CapturingTransport implements Transport {
    private final TransportStats stats = new TransportStats();
    TransportHandler handler;
    byte[] last;

    @Override
    public void start(TransportHandler h) {
      this.handler = h;
    }

    @Override
    public NodeAddress boundAddress() {
      return new NodeAddress("10.0.0.1", 7946);
    }

    @Override
    public void sendDatagram(NodeAddress to, byte[] packet) {
      last = packet;
    }

    @Override
    public CompletableFuture<byte[]> request(NodeAddress to, byte[] request, Duration timeout) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public TransportStats stats() {
      return stats;
    }

    @Override
    public void close() {}
  }
}
