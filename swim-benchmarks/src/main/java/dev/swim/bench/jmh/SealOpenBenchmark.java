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
 * AES-GCM seal and open of one 1400-byte datagram through the public {@link SecureTransport} (1367
 * bytes of plaintext plus its 33 bytes of version, sender id, counter and tag), over an in-memory
 * inner transport that only captures what it is given.
 *
 * <p>{@code seal} is {@code sendDatagram}: the next counter as nonce, AES-GCM under the sender's
 * subkey (derived once) with the cluster label as associated data. {@code open} is the inbound
 * path: version check, the sender's subkey from the cache, AES-GCM decryption, then the replay
 * window. A replay is refused forever, so {@code open} takes {@value #RING} datagrams sealed with
 * consecutive counters in turn, each accepted once as a fresh packet would be, and starts a fresh
 * receiver after the last (one key derivation per {@value #RING} openings).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SealOpenBenchmark {
  private static final int DATAGRAM = 1400;
  private static final int RING = 1024;
  private static final NodeAddress PEER = new NodeAddress("10.0.0.2", 7946);

  /** AES key size in bytes (16 = AES-128, 32 = AES-256). */
  @Param({"16", "32"})
  public int keyBytes;

  private Keyring keyring;
  private SecureTransport secure;
  private CapturingTransport inner;
  private CapturingTransport receiverInner;
  private byte[] plaintext;
  private byte[][] sealed;
  private int next;
  private byte[] lastOpened;

  /** Builds the sender, a receiver and {@value #RING} sealed datagrams. */
  @Setup
  public void setup() throws Exception {
    SecureRandom random = new SecureRandom();
    byte[] key = new byte[keyBytes];
    random.nextBytes(key);
    keyring = new Keyring(List.of(key));
    inner = new CapturingTransport();
    secure = new SecureTransport(inner, keyring, "bench");
    plaintext = new byte[DATAGRAM - SecureTransport.OVERHEAD];
    random.nextBytes(plaintext);
    sealed = new byte[RING][];
    for (int i = 0; i < RING; i++) {
      secure.sendDatagram(PEER, plaintext);
      sealed[i] = inner.last;
    }
    if (sealed[0].length != DATAGRAM) {
      throw new IllegalStateException("sealed datagram is " + sealed[0].length + " bytes");
    }
    newReceiver();
    for (byte[] packet : sealed) {
      lastOpened = null;
      receiverInner.handler.onDatagram(PEER, packet);
      if (lastOpened == null || lastOpened.length != plaintext.length) {
        throw new IllegalStateException("a sealed datagram did not open");
      }
    }
    newReceiver();
    next = 0;
  }

  private void newReceiver() throws Exception {
    receiverInner = new CapturingTransport();
    new SecureTransport(receiverInner, keyring, "bench")
        .start(
            new TransportHandler() {
              @Override
              public boolean onDatagram(NodeAddress from, byte[] data) {
                lastOpened = data;
                return true;
              }

              @Override
              public CompletableFuture<byte[]> onStreamRequest(NodeAddress from, byte[] request) {
                return CompletableFuture.completedFuture(null);
              }
            });
  }

  /** Seals one datagram. */
  @Benchmark
  public byte[] seal() {
    secure.sendDatagram(PEER, plaintext);
    return inner.last;
  }

  /** Opens one datagram (never a replay). */
  @Benchmark
  public byte[] open() throws Exception {
    if (next == RING) {
      newReceiver();
      next = 0;
    }
    receiverInner.handler.onDatagram(PEER, sealed[next++]);
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
