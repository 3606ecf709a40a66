package dev.swim.core.crypto;

import static dev.swim.core.crypto.KeyringTest.key;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.Transport;
import dev.swim.core.transport.TransportHandler;
import dev.swim.core.transport.TransportStats;
import dev.swim.core.transport.TransportStats.Drop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Per-sender subkeys and counter nonces, without sockets: what is sealed is captured in memory and
 * handed to another transport's opening handler.
 */
class SecureTransportNonceTest {

  private static final byte[] K1 = key(32, 1);
  private static final byte[] K2 = key(16, 2);
  private static final NodeAddress PEER = new NodeAddress("127.0.0.1", 7946);
  private static final byte DATAGRAM = 1;

  /** An inner transport that keeps what it is asked to send and the handler it was started with. */
  static final class MemoryTransport implements Transport {
    final Queue<byte[]> sent = new ConcurrentLinkedQueue<>();
    final TransportStats stats = new TransportStats();
    TransportHandler handler;

    @Override
    public void start(TransportHandler h) {
      handler = h;
    }

    @Override
    public NodeAddress boundAddress() {
      return PEER;
    }

    @Override
    public void sendDatagram(NodeAddress to, byte[] packet) {
      sent.add(packet);
    }

    @Override
    public CompletableFuture<byte[]> request(NodeAddress to, byte[] request, Duration timeout) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public TransportStats stats() {
      return stats;
    }

    @Override
    public void close() {}

    byte[] last() {
      byte[] last = null;
      for (byte[] p : sent) {
        last = p;
      }
      return last;
    }
  }

  /** Records what got through. */
  static final class Sink implements TransportHandler {
    final List<byte[]> datagrams = new ArrayList<>();

    @Override
    public boolean onDatagram(NodeAddress from, byte[] data) {
      datagrams.add(data);
      return true;
    }

    @Override
    public CompletableFuture<byte[]> onStreamRequest(NodeAddress from, byte[] request) {
      return CompletableFuture.completedFuture(null);
    }
  }

  /** A transport with its in-memory inner and its sink. */
  record Node(SecureTransport secure, MemoryTransport inner, Sink sink) {
    static Node of(LongSupplier clock, byte[]... keys) throws Exception {
      MemoryTransport inner = new MemoryTransport();
      SecureTransport secure =
          new SecureTransport(inner, new Keyring(List.of(keys)), "prod", clock);
      Sink sink = new Sink();
      secure.start(sink);
      return new Node(secure, inner, sink);
    }

    static Node of(byte[]... keys) throws Exception {
      return of(() -> System.nanoTime() / 1_000_000, keys);
    }

    byte[] seal(String text) {
      secure.sendDatagram(PEER, text.getBytes(UTF_8));
      return inner.last();
    }

    /** Hands {@code packet} to this node as if it came off the network; whether it was accepted. */
    boolean receive(byte[] packet) {
      return inner.handler.onDatagram(PEER, packet);
    }

    long drops(Drop reason) {
      return inner.stats.drops(reason);
    }
  }

  private static long sender(byte[] sealed) {
    return PacketCipher.senderId(sealed);
  }

  private static long counter(byte[] sealed) {
    return PacketCipher.counter(sealed);
  }

  @Test
  void aHundredThousandSealsFromManyThreadsNeverRepeatASenderAndCounter() throws Exception {
    Node a = Node.of(K1);
    int threads = 4;
    int perThread = 25_000;
    byte[] plaintext = new byte[8];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    a.secure().sendDatagram(PEER, plaintext);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<byte[]> sealed = new ArrayList<>(a.inner().sent);
    assertThat(sealed).hasSize(threads * perThread);
    Set<Long> counters = new HashSet<>();
    for (byte[] p : sealed) {
      assertThat(sender(p)).isEqualTo(a.secure().senderId());
      assertThat(counters.add(counter(p))).as("counter used once").isTrue();
    }
    assertThat(counters).hasSize(100_000);
    assertThat(counters.stream().mapToLong(Long::longValue).max()).hasValue(99_999);

    // and every one of them opens exactly once at a receiver, taken in counter order
    Node b = Node.of(K1);
    sealed.sort(Comparator.comparingLong(SecureTransportNonceTest::counter));
    for (byte[] p : sealed) {
      assertThat(b.receive(p)).isTrue();
    }
    assertThat(b.sink().datagrams).hasSize(100_000);
    assertThat(b.receive(sealed.get(99_999))).isFalse();
    assertThat(b.drops(Drop.REPLAY)).isEqualTo(1);
  }

  @Test
  void theWireFormatIsVersionSenderCounterCiphertextTag() throws Exception {
    Node a = Node.of(K1);

    byte[] first = a.seal("hello");
    byte[] second = a.seal("hello");

    assertThat(first).hasSize(1 + 8 + 8 + 5 + 16);
    assertThat(first[0]).isEqualTo((byte) 2);
    assertThat(sender(first)).isEqualTo(a.secure().senderId()).isEqualTo(sender(second));
    assertThat(counter(first)).isZero();
    assertThat(counter(second)).isEqualTo(1);
    // the subkey of (K1, sender id) and the nonce 0x00000000 | counter open it with plain AES-GCM
    SecretKeySpec subkey = PacketCipher.subkey(new SecretKeySpec(K1, "AES"), a.secure().senderId());
    assertThat(PacketCipher.open(subkey, SecureTransport.aad(DATAGRAM, "prod"), second))
        .isEqualTo("hello".getBytes(UTF_8));
  }

  @Test
  void twoTransportsWithTheSameKeyHaveDifferentSenderIdsAndSubkeys() throws Exception {
    Node a = Node.of(K1);
    Node b = Node.of(K1);

    byte[] fromA = a.seal("same");
    byte[] fromB = b.seal("same");

    assertThat(a.secure().senderId()).isNotEqualTo(b.secure().senderId());
    assertThat(sender(fromA)).isNotEqualTo(sender(fromB));
    assertThat(counter(fromA)).isEqualTo(counter(fromB)).isZero();
    assertThat(java.util.Arrays.copyOfRange(fromA, 17, fromA.length))
        .as("same key, plaintext and counter, yet another subkey: another ciphertext")
        .isNotEqualTo(java.util.Arrays.copyOfRange(fromB, 17, fromB.length));
    SecretKeySpec k = new SecretKeySpec(K1, "AES");
    assertThat(PacketCipher.subkey(k, sender(fromA)).getEncoded())
        .isNotEqualTo(PacketCipher.subkey(k, sender(fromB)).getEncoded())
        .isNotEqualTo(K1);
  }

  @Test
  void aReplayIsRefusedHoweverLateItComes() throws Exception {
    AtomicLong clock = new AtomicLong(0);
    Node a = Node.of(K1);
    Node b = Node.of(clock::get, K1);
    byte[] sealed = a.seal("once");

    assertThat(b.receive(sealed)).isTrue();
    assertThat(b.receive(sealed)).isFalse();
    clock.addAndGet(Duration.ofSeconds(61).toMillis());
    assertThat(b.receive(sealed)).as("61 s later").isFalse();
    clock.addAndGet(Duration.ofDays(30).toMillis());
    assertThat(b.receive(sealed)).as("a month later").isFalse();

    assertThat(b.sink().datagrams).hasSize(1);
    assertThat(b.drops(Drop.REPLAY)).isEqualTo(3);
  }

  @Test
  void aPacketOlderThanTheWindowIsRefusedAndReorderingWithinItIsNot() throws Exception {
    Node a = Node.of(K1);
    Node b = Node.of(K1);
    List<byte[]> sealed = new ArrayList<>();
    for (int i = 0; i <= SecureTransport.REPLAY_WINDOW_PACKETS + 1; i++) {
      sealed.add(a.seal("p" + i));
    }
    int last = SecureTransport.REPLAY_WINDOW_PACKETS + 1;

    assertThat(b.receive(sealed.get(last - 1))).isTrue(); // counter 1024
    assertThat(b.receive(sealed.get(1))).as("1023 behind: still in the window").isTrue();
    assertThat(b.receive(sealed.get(0))).as("1024 behind: below the window").isFalse();
    assertThat(b.receive(sealed.get(last))).isTrue();
    assertThat(b.receive(sealed.get(2))).as("1023 behind the new highest").isTrue();
    assertThat(b.receive(sealed.get(1))).as("seen").isFalse();

    assertThat(b.drops(Drop.REPLAY)).isEqualTo(2);
    assertThat(b.sink().datagrams).hasSize(4);
  }

  @Test
  void theCounterNeverWraps() throws Exception {
    MemoryTransport inner = new MemoryTransport();
    SecureTransport a =
        new SecureTransport(inner, new Keyring(List.of(K1)), "prod", () -> 0L, 42L, -2L);

    a.sendDatagram(PEER, new byte[] {1});
    assertThat(counter(inner.last())).as("2^64 - 2, the last counter").isEqualTo(-2L);

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> a.sendDatagram(PEER, new byte[] {2}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("counter")
          .hasMessageContaining("wrap");
    }
    assertThat(inner.sent).hasSize(1);
  }

  @Test
  void aRotatedKeyOpensAndARemovedKeyNoLongerDoesEvenForAKnownSender() throws Exception {
    Node a = Node.of(K1);
    Node b = Node.of(K2, K1); // b seals with K2 and still opens K1

    assertThat(b.receive(a.seal("old key"))).isTrue();
    assertThat(b.secure().subkeyCacheSize()).isEqualTo(1);

    b.secure().keyring().remove(K1);
    assertThat(b.receive(a.seal("old key, removed")))
        .as("the kept K1 subkey no longer opens")
        .isFalse();
    assertThat(b.drops(Drop.WRONG_KEY)).isEqualTo(1);

    a.secure().keyring().install(K2);
    a.secure().keyring().use(K2);
    assertThat(b.receive(a.seal("new key"))).isTrue();
    assertThat(b.receive(a.seal("new key again"))).isTrue();

    // and back: a key installed again opens again
    b.secure().keyring().install(K1);
    a.secure().keyring().use(K1);
    assertThat(b.receive(a.seal("old key again"))).isTrue();
    assertThat(b.sink().datagrams)
        .extracting(d -> new String(d, UTF_8))
        .containsExactly("old key", "new key", "new key again", "old key again");
    assertThat(b.secure().subkeyCacheSize()).isEqualTo(1);
  }

  @Test
  void theSubkeysAndReplayWindowsStayBoundedUnderTwentyThousandSenders() throws Exception {
    Node b = Node.of(K1);
    SecretKeySpec k = new SecretKeySpec(K1, "AES");
    byte[] aad = SecureTransport.aad(DATAGRAM, "prod");
    SplittableRandom random = new SplittableRandom(7);
    int senders = 20_000;
    List<byte[]> sealed = new ArrayList<>();
    Set<Long> ids = new HashSet<>();
    while (ids.size() < senders) {
      long id = random.nextLong();
      if (ids.add(id)) {
        sealed.add(PacketCipher.seal(PacketCipher.subkey(k, id), id, 0, aad, new byte[] {1}));
      }
    }

    for (byte[] p : sealed) {
      assertThat(b.receive(p)).isTrue();
    }

    int bound = SecureTransport.MAX_SENDERS;
    assertThat(b.sink().datagrams).hasSize(senders);
    assertThat(b.secure().subkeyCacheSize()).isEqualTo(bound);
    assertThat(b.secure().subkeyEvictions()).isEqualTo(senders - bound);
    assertThat(b.secure().replaySenders()).isEqualTo(bound);
    assertThat(b.secure().replaySendersForgotten()).isEqualTo(senders - bound);
    assertThat(b.receive(sealed.get(senders - 1))).as("a remembered sender's replay").isFalse();
    assertThat(b.receive(sealed.get(0)))
        .as("the least recently heard sender was forgotten: its next packet starts a new window")
        .isTrue();
    assertThat(b.secure().subkeyCacheSize()).isEqualTo(bound);
    assertThat(b.secure().replaySenders()).isEqualTo(bound);
  }

  @Test
  void packetsThatDoNotAuthenticateLeaveNoSenderBehind() throws Exception {
    Node b = Node.of(K1);
    Node stranger = Node.of(K2);
    SplittableRandom random = new SplittableRandom(11);

    for (int i = 0; i < 1_000; i++) {
      byte[] forged = stranger.seal("x");
      long id = random.nextLong();
      for (int j = 0; j < 8; j++) {
        forged[1 + j] = (byte) (id >>> (56 - 8 * j));
      }
      assertThat(b.receive(forged)).isFalse();
    }

    assertThat(b.drops(Drop.WRONG_KEY)).isEqualTo(1_000);
    assertThat(b.secure().subkeyCacheSize()).isZero();
    assertThat(b.secure().replaySenders()).isZero();
  }

  @Test
  void theSenderIdAndCounterAreAuthenticated() throws Exception {
    Node a = Node.of(K1);
    Node b = Node.of(K1);
    byte[] sealed = a.seal("authentic");

    for (int at : new int[] {0, 1, 8, 9, 16}) { // version, sender id, counter
      byte[] tampered = sealed.clone();
      tampered[at] ^= 0x01;
      assertThat(b.receive(tampered)).as("byte " + at + " changed").isFalse();
    }

    assertThat(b.drops(Drop.WRONG_KEY)).isEqualTo(4);
    assertThat(b.drops(Drop.PLAINTEXT)).as("version 3 is not ours").isEqualTo(1);
    assertThat(b.receive(sealed)).isTrue();
  }
}
