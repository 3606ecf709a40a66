package dev.swim.core.crypto;

import static dev.swim.core.crypto.KeyringTest.key;
import static dev.swim.core.transport.Await.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.NetworkThreads;
import dev.swim.core.transport.RecordingHandler;
import dev.swim.core.transport.Transport;
import dev.swim.core.transport.TransportSettings;
import dev.swim.core.transport.TransportStats.Drop;
import dev.swim.core.transport.UdpTcpTransport;
import dev.swim.core.wire.WireCodec;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SecureTransportTest {

  static final Duration BOUND = Duration.ofSeconds(10);
  static final byte[] K1 = key(32, 1);
  static final byte[] K2 = key(16, 2);

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

  private UdpTcpTransport plain(RecordingHandler h) throws IOException {
    UdpTcpTransport t = new UdpTcpTransport(TransportSettings.defaults("127.0.0.1", 0), threads);
    toClose.add(t);
    t.start(h);
    return t;
  }

  private SecureTransport secure(String label, RecordingHandler h, byte[]... keys)
      throws IOException {
    return secure(label, h, () -> System.nanoTime() / 1_000_000, keys);
  }

  private SecureTransport secure(
      String label, RecordingHandler h, LongSupplier clock, byte[]... keys) throws IOException {
    UdpTcpTransport inner =
        new UdpTcpTransport(TransportSettings.defaults("127.0.0.1", 0), threads);
    SecureTransport t = new SecureTransport(inner, new Keyring(Arrays.asList(keys)), label, clock);
    toClose.add(t);
    t.start(h);
    return t;
  }

  private DatagramSocket rawUdp() throws IOException {
    DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    s.setSoTimeout((int) BOUND.toMillis());
    toClose.add(s);
    return s;
  }

  private static NodeAddress addressOf(DatagramSocket s) {
    return new NodeAddress("127.0.0.1", s.getLocalPort());
  }

  /** What {@code sender} puts on the wire for {@code plaintext}. */
  private byte[] capture(Transport sender, byte[] plaintext) throws IOException {
    DatagramSocket raw = rawUdp();
    sender.sendDatagram(addressOf(raw), plaintext);
    DatagramPacket p = new DatagramPacket(new byte[70_000], 70_000);
    raw.receive(p);
    return Arrays.copyOf(p.getData(), p.getLength());
  }

  private static void sendRaw(DatagramSocket from, NodeAddress to, byte[] bytes)
      throws IOException {
    from.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(to.host(), to.port())));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void aSealedDatagramArrivesAsItsPlaintext() throws Exception {
    RecordingHandler hb = new RecordingHandler();
    SecureTransport a = secure("prod", new RecordingHandler(), K1);
    SecureTransport b = secure("prod", hb, K1);

    a.sendDatagram(b.boundAddress(), bytes("hello"));

    await(BOUND, () -> hb.datagrams.size() == 1);
    assertThat(hb.datagramTexts()).containsExactly("hello");
    assertThat(hb.datagrams.get(0).from()).isEqualTo(a.boundAddress());
  }

  @Test
  void onTheWireADatagramIsVersionSenderIdCounterCiphertextAndTag() throws Exception {
    SecureTransport a = secure("prod", new RecordingHandler(), K1);

    byte[] first = capture(a, bytes("hello hello"));
    byte[] second = capture(a, bytes("hello hello"));

    assertThat(first).hasSize(11 + 33);
    assertThat(first[0]).isEqualTo(SecureTransport.SEALED_VERSION).isEqualTo((byte) 2);
    assertThat(new String(first, UTF_8)).doesNotContain("hello");
    assertThat(Arrays.copyOfRange(first, 1, 9))
        .as("the same sender id")
        .isEqualTo(Arrays.copyOfRange(second, 1, 9));
    assertThat(Arrays.copyOfRange(first, 9, 17))
        .as("a counter of 8 bytes, big-endian, one up per packet")
        .containsExactly(0, 0, 0, 0, 0, 0, 0, 0);
    assertThat(Arrays.copyOfRange(second, 9, 17)).containsExactly(0, 0, 0, 0, 0, 0, 0, 1);
    assertThat(SecureTransport.OVERHEAD).isEqualTo(33);
    assertThat(a.datagramOverhead()).isEqualTo(33);
  }

  @Test
  void theSealedVersionIsNotTheFirstByteOfTheWireCodecsMagic() {
    assertThat(SecureTransport.SEALED_VERSION).isNotEqualTo((byte) (WireCodec.MAGIC >>> 8));
  }

  @Test
  void streamRequestsAndResponsesAreSealedBothWays() throws Exception {
    RecordingHandler hb = new RecordingHandler();
    SecureTransport a = secure("prod", new RecordingHandler(), K1);
    SecureTransport b = secure("prod", hb, K1);

    byte[] answer = a.request(b.boundAddress(), bytes("state"), BOUND).get(10, TimeUnit.SECONDS);

    assertThat(new String(answer, UTF_8)).isEqualTo("re:state");
    assertThat(hb.requests.get(0).text()).isEqualTo("state");
  }

  @Test
  void aPlaintextStreamRequestIsDroppedWithoutAnswer() throws Exception {
    RecordingHandler hb = new RecordingHandler();
    UdpTcpTransport a = plain(new RecordingHandler());
    SecureTransport b = secure("prod", hb, K1);

    CompletableFuture<byte[]> f = a.request(b.boundAddress(), bytes("state"), BOUND);

    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    assertThat(hb.requests).isEmpty();
    assertThat(b.stats().drops(Drop.PLAINTEXT)).isEqualTo(1);
  }

  @Test
  void aDatagramSealedWithAnotherKeyIsDroppedAndCounted() throws Exception {
    RecordingHandler hb = new RecordingHandler();
    SecureTransport a = secure("prod", new RecordingHandler(), K2);
    SecureTransport b = secure("prod", hb, K1);

    a.sendDatagram(b.boundAddress(), bytes("let me in"));

    await(BOUND, () -> b.stats().drops(Drop.WRONG_KEY) == 1);
    assertThat(hb.datagrams).isEmpty();
  }

  @Test
  void aStreamResponseThatDoesNotOpenFailsTheRequest() throws Exception {
    SecureTransport a = secure("prod", new RecordingHandler(), K1);
    SecureTransport b = secure("prod", new RecordingHandler(), K2, K1);

    CompletableFuture<byte[]> f = a.request(b.boundAddress(), bytes("state"), BOUND);

    // b opens the request with K1 but answers sealed with its primary K2, which a lacks.
    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
        .hasMessageContaining("dropped: WRONG_KEY");
    assertThat(a.stats().drops(Drop.WRONG_KEY)).isEqualTo(1);
  }

  @Test
  void plaintextIsDroppedWhileIncomingIsVerified() throws Exception {
    RecordingHandler hb = new RecordingHandler();
    UdpTcpTransport a = plain(new RecordingHandler());
    SecureTransport b = secure("prod", hb, K1);

    a.sendDatagram(b.boundAddress(), bytes("plain"));

    await(BOUND, () -> b.stats().drops(Drop.PLAINTEXT) == 1);
    assertThat(hb.datagrams).isEmpty();
  }

  @Test
  void withIncomingVerificationOffPlaintextAndSealedBothArrive() throws Exception {
    RecordingHandler hb = new RecordingHandler();
    UdpTcpTransport p = plain(new RecordingHandler());
    SecureTransport a = secure("prod", new RecordingHandler(), K1);
    SecureTransport stranger = secure("prod", new RecordingHandler(), K2);
    SecureTransport b = secure("prod", hb, K1);
    b.setVerifyIncoming(false);

    p.sendDatagram(b.boundAddress(), bytes("plain"));
    await(BOUND, () -> hb.datagrams.size() == 1);
    a.sendDatagram(b.boundAddress(), bytes("sealed"));
    await(BOUND, () -> hb.datagrams.size() == 2);
    byte[] unopenable = capture(stranger, bytes("other key"));
    stranger.sendDatagram(b.boundAddress(), bytes("other key"));
    await(BOUND, () -> hb.datagrams.size() == 3);

    assertThat(hb.datagramTexts().subList(0, 2)).containsExactly("plain", "sealed");
    assertThat(hb.datagrams.get(2).data())
        .as("what does not open is passed on as it came, for the codec to refuse")
        .hasSize(unopenable.length)
        .startsWith(SecureTransport.SEALED_VERSION);
    assertThat(b.stats().dropsByReason().values()).allMatch(n -> n == 0);
  }

  @Test
  void withOutgoingVerificationOffPlaintextGoesOut() throws Exception {
    SecureTransport a = secure("prod", new RecordingHandler(), K1);
    a.setVerifyOutgoing(false);

    assertThat(capture(a, bytes("clear"))).isEqualTo(bytes("clear"));
  }

  @Test
  void encryptionIsTurnedOnInARunningClusterWithoutLosingTraffic() throws Exception {
    RecordingHandler ha = new RecordingHandler();
    RecordingHandler hb = new RecordingHandler();
    SecureTransport a = secure("prod", ha, K1);
    SecureTransport b = secure("prod", hb, K1);
    for (SecureTransport t : List.of(a, b)) { // phase 1: keys everywhere, nothing enforced
      t.setVerifyIncoming(false);
      t.setVerifyOutgoing(false);
    }
    exchange(a, b, ha, hb, "phase1");
    a.setVerifyOutgoing(true); // phase 2, rolled node by node
    exchange(a, b, ha, hb, "phase2a");
    b.setVerifyOutgoing(true);
    exchange(a, b, ha, hb, "phase2b");
    a.setVerifyIncoming(true); // phase 3, rolled node by node
    exchange(a, b, ha, hb, "phase3a");
    b.setVerifyIncoming(true);
    exchange(a, b, ha, hb, "phase3b");

    assertThat(a.stats().dropsByReason().values()).allMatch(n -> n == 0);
    assertThat(b.stats().dropsByReason().values()).allMatch(n -> n == 0);
  }

  private static void exchange(
      SecureTransport a, SecureTransport b, RecordingHandler ha, RecordingHandler hb, String tag)
      throws Exception {
    a.sendDatagram(b.boundAddress(), bytes(tag));
    b.sendDatagram(a.boundAddress(), bytes(tag));
    await(BOUND, () -> hb.datagramTexts().contains(tag) && ha.datagramTexts().contains(tag));
    assertThat(a.request(b.boundAddress(), bytes(tag), BOUND).get(10, TimeUnit.SECONDS))
        .isEqualTo(bytes("re:" + tag));
    assertThat(b.request(a.boundAddress(), bytes(tag), BOUND).get(10, TimeUnit.SECONDS))
        .isEqualTo(bytes("re:" + tag));
  }

  @Test
  void keysRotateWithoutInterruption() throws Exception {
    RecordingHandler ha = new RecordingHandler();
    RecordingHandler hb = new RecordingHandler();
    SecureTransport a = secure("prod", ha, K1);
    SecureTransport b = secure("prod", hb, K1);

    b.keyring().install(K2); // receiver first
    a.keyring().install(K2);
    a.keyring().use(K2); // then the sender seals with it
    a.sendDatagram(b.boundAddress(), bytes("new key"));
    await(BOUND, () -> hb.datagramTexts().contains("new key"));
    b.keyring().use(K2);
    a.keyring().remove(K1);
    b.keyring().remove(K1);

    exchange(a, b, ha, hb, "after rotation");
    assertThat(a.keyring().fingerprints()).containsExactly(Keyring.fingerprint(K2));
    assertThat(b.stats().drops(Drop.WRONG_KEY)).isZero();
  }

  @Test
  void anExactReplayIsDroppedHoweverLateItComes() throws Exception {
    AtomicLong clock = new AtomicLong(0);
    RecordingHandler hb = new RecordingHandler();
    SecureTransport a = secure("prod", new RecordingHandler(), K1);
    SecureTransport b = secure("prod", hb, clock::get, K1);
    byte[] sealed = capture(a, bytes("once"));
    DatagramSocket attacker = rawUdp();

    sendRaw(attacker, b.boundAddress(), sealed);
    await(BOUND, () -> hb.datagrams.size() == 1);
    sendRaw(attacker, b.boundAddress(), sealed);
    await(BOUND, () -> b.stats().drops(Drop.REPLAY) == 1);
    clock.addAndGet(Duration.ofSeconds(61).toMillis()); // beyond the old 60 s window
    sendRaw(attacker, b.boundAddress(), sealed);
    await(BOUND, () -> b.stats().drops(Drop.REPLAY) == 2);
    a.sendDatagram(b.boundAddress(), bytes("next")); // and traffic goes on
    await(BOUND, () -> hb.datagrams.size() == 2);

    assertThat(hb.datagramTexts()).containsExactly("once", "next");
    assertThat(b.stats().drops(Drop.REPLAY)).isEqualTo(2);
  }

  @Test
  void aTamperedPacketIsDropped() throws Exception {
    RecordingHandler hb = new RecordingHandler();
    SecureTransport a = secure("prod", new RecordingHandler(), K1);
    SecureTransport b = secure("prod", hb, K1);
    byte[] sealed = capture(a, bytes("authentic"));
    DatagramSocket attacker = rawUdp();

    int[] positions = {5, 13, 20, sealed.length - 1}; // sender id, counter, ciphertext, tag
    for (int at : positions) {
      byte[] tampered = sealed.clone();
      tampered[at] ^= 0x01;
      sendRaw(attacker, b.boundAddress(), tampered);
    }

    await(BOUND, () -> b.stats().drops(Drop.WRONG_KEY) == positions.length);
    assertThat(hb.datagrams).isEmpty();
  }

  @Test
  void aPacketTooShortToBeSealedIsTruncated() throws Exception {
    RecordingHandler hb = new RecordingHandler();
    SecureTransport b = secure("prod", hb, K1);
    DatagramSocket attacker = rawUdp();
    byte[] shortOne = new byte[SecureTransport.OVERHEAD - 1];
    shortOne[0] = SecureTransport.SEALED_VERSION;

    sendRaw(attacker, b.boundAddress(), shortOne);

    await(BOUND, () -> b.stats().drops(Drop.TRUNCATED) == 1);
    assertThat(hb.datagrams).isEmpty();
  }

  @Test
  void anotherClusterLabelCannotBeOpenedAndCountsAsWrongKey() throws Exception {
    RecordingHandler hb = new RecordingHandler();
    SecureTransport a = secure("blue", new RecordingHandler(), K1);
    SecureTransport b = secure("green", hb, K1);

    a.sendDatagram(b.boundAddress(), bytes("wrong cluster"));

    await(BOUND, () -> b.stats().drops(Drop.WRONG_KEY) == 1);
    assertThat(hb.datagrams).isEmpty();
  }

  @Test
  void aSealedDatagramCannotBeReplayedAsAStreamRequest() throws Exception {
    RecordingHandler hb = new RecordingHandler();
    SecureTransport a = secure("prod", new RecordingHandler(), K1);
    SecureTransport b = secure("prod", hb, K1);
    byte[] sealed = capture(a, bytes("datagram"));

    try (Socket s = new Socket()) {
      s.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), b.boundAddress().port()), 5000);
      s.setSoTimeout((int) BOUND.toMillis());
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeByte(1); // a request frame
      out.writeInt(sealed.length);
      out.write(sealed);
      out.flush();
      assertThat(s.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
    }

    assertThat(hb.requests).isEmpty();
    assertThat(b.stats().drops(Drop.WRONG_KEY)).isEqualTo(1);
  }

  @Test
  void datagramsOverStreamsAreSealedToo() throws Exception {
    RecordingHandler hb = new RecordingHandler();
    SecureTransport a = secure("prod", new RecordingHandler(), K1);
    SecureTransport b = secure("prod", hb, K1);

    a.sendDatagramOverStream(b.boundAddress(), bytes("via tcp"));

    await(BOUND, () -> hb.datagrams.size() == 1);
    assertThat(hb.datagramTexts()).containsExactly("via tcp");
  }
}
