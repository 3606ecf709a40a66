package dev.swim.core.crypto;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.Transport;
import dev.swim.core.transport.TransportHandler;
import dev.swim.core.transport.TransportStats;
import dev.swim.core.transport.TransportStats.Drop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates and encrypts everything another {@link Transport} carries, with AES-GCM and the
 * keys of a {@link Keyring}: the primary key seals, every key opens.
 *
 * <p>A sealed packet is {@code version(1) | nonce(12) | ciphertext | tag(16)}: {@value #OVERHEAD}
 * bytes more than the plaintext. The associated data binds the version, a domain byte (datagram,
 * stream request or stream response, so that none can be replayed as another) and the cluster
 * label. A packet sealed for another label therefore fails exactly like one sealed with another
 * key: AES-GCM cannot tell the two apart, and both are counted {@link Drop#WRONG_KEY}.
 *
 * <p>An exact replay of a packet opened in the last 60 s is dropped ({@link Drop#REPLAY}); older
 * replays are left to the protocol's sequence numbers and incarnations.
 *
 * <p>Turning encryption on in a running cluster: (1) give every node the keys with {@code
 * verifyIncoming=false, verifyOutgoing=false}; (2) set {@link #setVerifyOutgoing verifyOutgoing} on
 * every node; (3) set {@link #setVerifyIncoming verifyIncoming} on every node. While incoming is
 * not verified, a packet that does not open is passed on as plaintext and the wire codec decides.
 *
 * <p>Drops are counted in the wrapped transport's {@link TransportStats}. No key material ever
 * appears in a log line, an exception or {@link #toString()}.
 */
public final class SecureTransport implements Transport {

  /** The first byte of every sealed packet; a wire codec's magic must not start with it. */
  public static final byte SEALED_VERSION = PacketCipher.VERSION;

  /** Bytes added to each sealed packet: version, nonce and tag. */
  public static final int OVERHEAD = PacketCipher.OVERHEAD;

  /** How long an opened packet's nonce is remembered to recognise a replay. */
  public static final Duration REPLAY_WINDOW = Duration.ofSeconds(60);

  /** Most nonces remembered at once; beyond it the oldest are forgotten. */
  public static final int REPLAY_CAPACITY = 100_000;

  private static final Logger log = LoggerFactory.getLogger(SecureTransport.class);
  private static final byte DOMAIN_DATAGRAM = 1;
  private static final byte DOMAIN_REQUEST = 2;
  private static final byte DOMAIN_RESPONSE = 3;
  private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Transport inner;
  private final Keyring keyring;
  private final String clusterLabel;
  private final byte[] datagramAad;
  private final byte[] requestAad;
  private final byte[] responseAad;
  private final PacketCipher cipher = new PacketCipher(new SecureRandom());
  private final ReplayWindow replays;
  private final Map<Drop, AtomicLong> lastWarning = new EnumMap<>(Drop.class);
  private volatile boolean verifyIncoming = true;
  private volatile boolean verifyOutgoing = true;

  /**
   * Seals what {@code inner} carries with {@code keyring}, bound to {@code clusterLabel} (empty for
   * none). Both verify flags start on.
   */
  public SecureTransport(Transport inner, Keyring keyring, String clusterLabel) {
    this(inner, keyring, clusterLabel, () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
  }

  /** As {@link #SecureTransport(Transport, Keyring, String)}, with the replay window's clock. */
  public SecureTransport(
      Transport inner, Keyring keyring, String clusterLabel, LongSupplier clockMillis) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.keyring = Objects.requireNonNull(keyring, "keyring");
    this.clusterLabel = Objects.requireNonNull(clusterLabel, "clusterLabel");
    this.datagramAad = aad(DOMAIN_DATAGRAM, clusterLabel);
    this.requestAad = aad(DOMAIN_REQUEST, clusterLabel);
    this.responseAad = aad(DOMAIN_RESPONSE, clusterLabel);
    this.replays =
        new ReplayWindow(
            REPLAY_WINDOW.toMillis(), REPLAY_CAPACITY, Objects.requireNonNull(clockMillis));
    for (Drop d : Drop.values()) {
      lastWarning.put(d, new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS));
    }
  }

  private static byte[] aad(byte domain, String label) {
    byte[] l = label.getBytes(StandardCharsets.UTF_8);
    byte[] aad = new byte[2 + l.length];
    aad[0] = PacketCipher.VERSION;
    aad[1] = domain;
    System.arraycopy(l, 0, aad, 2, l.length);
    return aad;
  }

  /** The keys; install, use and remove them here at runtime. */
  public Keyring keyring() {
    return keyring;
  }

  /** Whether inbound plaintext (and anything that does not open) is dropped. */
  public boolean verifyIncoming() {
    return verifyIncoming;
  }

  /**
   * Drops inbound plaintext (true, the default) or lets it through (false). Takes effect at once.
   */
  public void setVerifyIncoming(boolean value) {
    verifyIncoming = value;
  }

  /** Whether outbound traffic is sealed. */
  public boolean verifyOutgoing() {
    return verifyOutgoing;
  }

  /**
   * Seals outbound traffic (true, the default) or sends plaintext (false). Takes effect at once.
   */
  public void setVerifyOutgoing(boolean value) {
    verifyOutgoing = value;
  }

  @Override
  public void start(TransportHandler handler) throws IOException {
    inner.start(new OpeningHandler(Objects.requireNonNull(handler, "handler")));
  }

  @Override
  public NodeAddress boundAddress() {
    return inner.boundAddress();
  }

  /** Seals (unless outgoing verification is off) and sends one datagram. */
  @Override
  public void sendDatagram(NodeAddress to, byte[] packet) {
    inner.sendDatagram(to, outgoing(packet, datagramAad));
  }

  /** Seals (unless outgoing verification is off) and sends one datagram over a stream. */
  @Override
  public void sendDatagramOverStream(NodeAddress to, byte[] packet) {
    inner.sendDatagramOverStream(to, outgoing(packet, datagramAad));
  }

  /**
   * Seals the request (unless outgoing verification is off) and opens the response; a response that
   * must be dropped completes the future exceptionally, naming the reason.
   */
  @Override
  public CompletableFuture<byte[]> request(NodeAddress to, byte[] request, Duration timeout) {
    return inner
        .request(to, outgoing(request, requestAad), timeout)
        .thenApply(
            response -> {
              Opened opened = open(response, responseAad);
              if (opened.drop() != null) {
                dropped(opened.drop(), to);
                throw new CompletionException(
                    new IOException("stream response from " + to + " dropped: " + opened.drop()));
              }
              return opened.plaintext();
            });
  }

  /** The wrapped transport's overhead plus {@value #OVERHEAD} (also while outgoing is off). */
  @Override
  public int datagramOverhead() {
    return inner.datagramOverhead() + OVERHEAD;
  }

  /** The wrapped transport's counters, which also count this decorator's drops. */
  @Override
  public TransportStats stats() {
    return inner.stats();
  }

  @Override
  public void close() {
    inner.close();
  }

  /** The label, the verify flags and the keyring's size and fingerprints; never a key. */
  @Override
  public String toString() {
    return "SecureTransport{label='"
        + clusterLabel
        + "', "
        + keyring
        + ", verifyIncoming="
        + verifyIncoming
        + ", verifyOutgoing="
        + verifyOutgoing
        + ", inner="
        + inner
        + "}";
  }

  // ---- sealing and opening ---------------------------------------------------------------------

  private byte[] outgoing(byte[] plaintext, byte[] aad) {
    return verifyOutgoing ? seal(plaintext, aad) : plaintext;
  }

  private byte[] seal(byte[] plaintext, byte[] aad) {
    return cipher.seal(keyring.primary(), aad, plaintext);
  }

  /** What became of an inbound packet: its plaintext, or why it was dropped. */
  @SuppressWarnings("ArrayRecordComponent") // bytes are carried, never compared
  private record Opened(byte[] plaintext, boolean wasSealed, Drop drop) {
    static Opened plain(byte[] bytes) {
      return new Opened(bytes, false, null);
    }

    static Opened dropped(Drop reason) {
      return new Opened(null, false, reason);
    }
  }

  private Opened open(byte[] packet, byte[] aad) {
    boolean required = verifyIncoming;
    if (packet.length == 0) {
      return required ? Opened.dropped(Drop.TRUNCATED) : Opened.plain(packet);
    }
    if (packet[0] != PacketCipher.VERSION) {
      return required ? Opened.dropped(Drop.PLAINTEXT) : Opened.plain(packet);
    }
    if (packet.length < OVERHEAD) {
      return required ? Opened.dropped(Drop.TRUNCATED) : Opened.plain(packet);
    }
    for (SecretKeySpec key : keyring.keys()) {
      byte[] plaintext = cipher.open(key, aad, packet);
      if (plaintext != null) {
        if (!replays.firstSeen(packet, 1)) {
          return Opened.dropped(Drop.REPLAY);
        }
        return new Opened(plaintext, true, null);
      }
    }
    return required ? Opened.dropped(Drop.WRONG_KEY) : Opened.plain(packet);
  }

  private void dropped(Drop reason, NodeAddress from) {
    inner.stats().drop(reason);
    if (reason == Drop.WRONG_KEY || reason == Drop.PLAINTEXT) {
      AtomicLong last = lastWarning.get(reason);
      long now = System.nanoTime();
      long previous = last.get();
      if (now - previous >= WARN_EVERY_NANOS && last.compareAndSet(previous, now)) {
        log.warn(
            "dropping {} traffic from {} (keyring {}{}); further drops for this reason are only"
                + " counted for a minute",
            reason == Drop.WRONG_KEY
                ? "undecryptable (wrong key or wrong cluster label)"
                : "plaintext",
            from,
            keyring.fingerprints(),
            reason == Drop.PLAINTEXT ? ", verifyIncoming on" : "");
        return;
      }
    }
    log.debug("dropped {} packet from {}", reason, from);
  }

  /** Opens what the wrapped transport receives before the protocol sees it. */
  private final class OpeningHandler implements TransportHandler {
    private final TransportHandler delegate;

    OpeningHandler(TransportHandler delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onDatagram(NodeAddress from, byte[] data) {
      Opened opened = open(data, datagramAad);
      if (opened.drop() != null) {
        dropped(opened.drop(), from);
        return;
      }
      delegate.onDatagram(from, opened.plaintext());
    }

    /**
     * Opens the request and seals the answer when the request came sealed or outgoing verification
     * is on (a sealed request proves the peer has the keys).
     */
    @Override
    public CompletableFuture<byte[]> onStreamRequest(NodeAddress from, byte[] request) {
      Opened opened = open(request, requestAad);
      if (opened.drop() != null) {
        dropped(opened.drop(), from);
        return CompletableFuture.completedFuture(null);
      }
      boolean sealAnswer = opened.wasSealed() || verifyOutgoing;
      CompletableFuture<byte[]> answer = delegate.onStreamRequest(from, opened.plaintext());
      if (answer == null) {
        return CompletableFuture.completedFuture(null);
      }
      return answer.thenApply(
          bytes -> bytes == null || !sealAnswer ? bytes : seal(bytes, responseAad));
    }
  }
}
