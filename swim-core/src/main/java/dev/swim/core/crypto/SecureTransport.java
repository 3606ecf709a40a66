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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
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
 * <p>Each instance picks a random 64-bit sender id and counts the packets it seals from 0. A packet
 * is sealed under the sender's subkey, HKDF-SHA256 of the cluster key with the sender id, and the
 * nonce {@code 0x00000000 | counter}: {@code version(1) | senderId(8) | counter(8) | ciphertext |
 * tag(16)}, {@value #OVERHEAD} bytes more than the plaintext. A (subkey, nonce) pair is therefore
 * never used twice; sealing refuses to go on rather than let the counter wrap. The associated data
 * binds the version, a domain byte (datagram, stream request or stream response, so that none can
 * be replayed as another) and the cluster label. A packet sealed for another label therefore fails
 * exactly like one sealed with another key: AES-GCM cannot tell the two apart, and both are counted
 * {@link Drop#WRONG_KEY}.
 *
 * <p>Opening derives the subkey of the packet's sender once and keeps it (for at most {@value
 * #MAX_SENDERS} senders). An exact replay is dropped ({@link Drop#REPLAY}) however late it comes:
 * per sender, the highest counter opened and the {@value #REPLAY_WINDOW_PACKETS} below it are
 * remembered, and a counter below that window is refused as well. A sender forgotten to stay within
 * {@value #MAX_SENDERS} senders starts a new window with its next packet.
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

  /** Bytes added to each sealed packet: version, sender id, counter and tag. */
  public static final int OVERHEAD = PacketCipher.OVERHEAD;

  /**
   * How many counters below a sender's highest are remembered: a packet that arrives after this
   * many later packets of its sender (to any member) is refused as a replay.
   */
  public static final int REPLAY_WINDOW_PACKETS = 1024;

  /**
   * Most senders whose subkey and replay window are remembered at once; beyond it the least
   * recently heard are forgotten.
   */
  public static final int MAX_SENDERS = 16_384;

  private static final Logger log = LoggerFactory.getLogger(SecureTransport.class);
  private static final byte DOMAIN_DATAGRAM = 1;
  private static final byte DOMAIN_REQUEST = 2;
  private static final byte DOMAIN_RESPONSE = 3;
  private static final long WARN_EVERY_MILLIS = TimeUnit.MINUTES.toMillis(1);

  /** The counter value that is never used: the next one would wrap to 0. */
  private static final long EXHAUSTED = -1L; // 2^64 - 1 unsigned

  private final Transport inner;
  private final Keyring keyring;
  private final String clusterLabel;
  private final byte[] datagramAad;
  private final byte[] requestAad;
  private final byte[] responseAad;
  private final long senderId;
  private final AtomicLong counter;
  private volatile SubkeyCache.Entry sealing;
  private volatile Derivers derivers = new Derivers(List.of(), List.of());
  private final SubkeyCache subkeys = new SubkeyCache(MAX_SENDERS);
  private final ReplayWindow replays = new ReplayWindow(REPLAY_WINDOW_PACKETS, MAX_SENDERS);
  private final LongSupplier clockMillis;
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

  /**
   * As {@link #SecureTransport(Transport, Keyring, String)}, with the monotonic clock
   * (milliseconds) that spaces out the drop warnings. Replay protection counts packets, not time: a
   * replay is refused however much later it comes.
   */
  public SecureTransport(
      Transport inner, Keyring keyring, String clusterLabel, LongSupplier clockMillis) {
    this(inner, keyring, clusterLabel, clockMillis, new SecureRandom().nextLong(), 0);
  }

  /** With a chosen sender id and first counter (unsigned), for tests. */
  SecureTransport(
      Transport inner,
      Keyring keyring,
      String clusterLabel,
      LongSupplier clockMillis,
      long senderId,
      long firstCounter) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.keyring = Objects.requireNonNull(keyring, "keyring");
    this.clusterLabel = Objects.requireNonNull(clusterLabel, "clusterLabel");
    this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
    this.datagramAad = aad(DOMAIN_DATAGRAM, clusterLabel);
    this.requestAad = aad(DOMAIN_REQUEST, clusterLabel);
    this.responseAad = aad(DOMAIN_RESPONSE, clusterLabel);
    this.senderId = senderId;
    this.counter = new AtomicLong(firstCounter);
    long now = clockMillis.getAsLong();
    for (Drop d : Drop.values()) {
      lastWarning.put(d, new AtomicLong(now - WARN_EVERY_MILLIS));
    }
  }

  /** The associated data of a packet of {@code domain} (1, 2 or 3) under {@code label}. */
  static byte[] aad(byte domain, String label) {
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

  /**
   * How many senders' subkeys were evicted to stay within {@value #MAX_SENDERS} since this
   * transport was created; each costs one more key derivation if the sender comes back.
   */
  public long subkeyEvictions() {
    return subkeys.evictions();
  }

  /** How many senders' subkeys are kept now, at most {@value #MAX_SENDERS}. */
  public int subkeyCacheSize() {
    return subkeys.size();
  }

  /**
   * How many senders' replay windows were forgotten to stay within {@value #MAX_SENDERS} since this
   * transport was created; a forgotten sender's next packet starts a new window.
   */
  public long replaySendersForgotten() {
    return replays.forgotten();
  }

  /** How many senders' replay windows are kept now, at most {@value #MAX_SENDERS}. */
  public int replaySenders() {
    return replays.senders();
  }

  /**
   * The random sender id this transport seals with (not secret: every sealed packet carries it).
   */
  long senderId() {
    return senderId;
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

  /**
   * Seals with the primary key's subkey and the next counter.
   *
   * @throws IllegalStateException when the counter is used up (after 2^64 - 1 packets)
   */
  private byte[] seal(byte[] plaintext, byte[] aad) {
    SubkeyCache.Entry s = sealingKey();
    long n = counter.getAndUpdate(c -> c == EXHAUSTED ? EXHAUSTED : c + 1);
    if (n == EXHAUSTED) {
      throw new IllegalStateException(
          "refusing to seal: the nonce counter of this sender is used up (2^64 - 1 packets) and"
              + " would wrap, reusing nonces; restart the process to get a new sender id");
    }
    return PacketCipher.seal(s.subkey, senderId, n, aad, plaintext);
  }

  /** The primary key and this sender's subkey of it, derived again when the primary changed. */
  @SuppressWarnings("ReferenceEquality") // the keyring keeps one SecretKeySpec per installed key
  private SubkeyCache.Entry sealingKey() {
    PacketCipher.Deriver primary = derivers().list.get(0);
    SubkeyCache.Entry s = sealing;
    if (s == null || s.key != primary.key()) {
      s = new SubkeyCache.Entry(primary.key(), primary.subkey(senderId));
      sealing = s;
    }
    return s;
  }

  /** The installed keys (the keyring's snapshot) and a subkey deriver for each, in that order. */
  private static final class Derivers {
    final List<SecretKeySpec> keys;
    final List<PacketCipher.Deriver> list;

    Derivers(List<SecretKeySpec> keys, List<PacketCipher.Deriver> list) {
      this.keys = keys;
      this.list = list;
    }

    /** No key material. */
    @Override
    public String toString() {
      return "Derivers[" + list.size() + "]";
    }
  }

  /**
   * A deriver per installed key, primary first: HKDF's extract runs once per key, not per sender.
   * Rebuilt (keeping the derivers of keys still installed) when the keyring changes.
   */
  @SuppressWarnings("ReferenceEquality") // the keyring's snapshot list and key objects, by identity
  private Derivers derivers() {
    List<SecretKeySpec> keys = keyring.keys();
    Derivers d = derivers;
    if (d.keys != keys) {
      List<PacketCipher.Deriver> next = new ArrayList<>(keys.size());
      for (SecretKeySpec key : keys) {
        PacketCipher.Deriver kept = null;
        for (PacketCipher.Deriver old : d.list) {
          if (old.key() == key) {
            kept = old;
          }
        }
        next.add(kept != null ? kept : new PacketCipher.Deriver(key));
      }
      d = new Derivers(keys, List.copyOf(next));
      derivers = d;
    }
    return d;
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
    long sender = PacketCipher.senderId(packet);
    byte[] plaintext = openWithAnyKey(sender, packet, aad);
    if (plaintext == null) {
      return required ? Opened.dropped(Drop.WRONG_KEY) : Opened.plain(packet);
    }
    if (!replays.firstSeen(sender, PacketCipher.counter(packet))) {
      return Opened.dropped(Drop.REPLAY);
    }
    return new Opened(plaintext, true, null);
  }

  /**
   * The plaintext, or null when no installed key opens the packet: first the key that last opened
   * one of this sender's packets (its subkey kept), then every other key, primary first.
   */
  @SuppressWarnings("ReferenceEquality") // the keyring keeps one SecretKeySpec per installed key
  private byte[] openWithAnyKey(long sender, byte[] packet, byte[] aad) {
    Derivers d = derivers();
    SubkeyCache.Entry cached = subkeys.get(sender);
    SecretKeySpec tried = null;
    if (cached != null && isInstalled(d.keys, cached.key)) {
      byte[] plaintext = PacketCipher.open(cached.subkey, aad, packet);
      if (plaintext != null) {
        return plaintext;
      }
      tried = cached.key;
    }
    for (PacketCipher.Deriver deriver : d.list) {
      if (deriver.key() == tried) {
        continue;
      }
      SecretKeySpec subkey = deriver.subkey(sender);
      byte[] plaintext = PacketCipher.open(subkey, aad, packet);
      if (plaintext != null) {
        subkeys.put(sender, new SubkeyCache.Entry(deriver.key(), subkey));
        return plaintext;
      }
    }
    return null;
  }

  @SuppressWarnings("ReferenceEquality") // identity: a removed key must not open from the cache
  private static boolean isInstalled(List<SecretKeySpec> keys, SecretKeySpec key) {
    for (SecretKeySpec k : keys) {
      if (k == key) {
        return true;
      }
    }
    return false;
  }

  private void dropped(Drop reason, NodeAddress from) {
    inner.stats().drop(reason);
    if (reason == Drop.WRONG_KEY || reason == Drop.PLAINTEXT) {
      AtomicLong last = lastWarning.get(reason);
      long now = clockMillis.getAsLong();
      long previous = last.get();
      if (now - previous >= WARN_EVERY_MILLIS && last.compareAndSet(previous, now)) {
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

    /**
     * Opens and passes on the datagram. Accepted when it was sealed with an installed key and is no
     * replay, or, as plaintext let through, when the delegate accepts it.
     */
    @Override
    public boolean onDatagram(NodeAddress from, byte[] data) {
      Opened opened = open(data, datagramAad);
      if (opened.drop() != null) {
        dropped(opened.drop(), from);
        return false;
      }
      boolean accepted = delegate.onDatagram(from, opened.plaintext());
      return opened.wasSealed() || accepted;
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
