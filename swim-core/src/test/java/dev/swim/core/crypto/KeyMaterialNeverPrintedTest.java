package dev.swim.core.crypto;

import static dev.swim.core.transport.Await.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.NetworkThreads;
import dev.swim.core.transport.RecordingHandler;
import dev.swim.core.transport.TransportSettings;
import dev.swim.core.transport.TransportStats.Drop;
import dev.swim.core.transport.UdpTcpTransport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Drives every error path with real keys and checks that no form of a key, or of a subkey derived
 * from one, ever shows.
 */
class KeyMaterialNeverPrintedTest {

  private static final Duration BOUND = Duration.ofSeconds(10);

  @Test
  void noKeyBytesInAnyMessageLogLineOrToString() throws Exception {
    SecureRandom random = new SecureRandom();
    byte[] k1 = new byte[32];
    byte[] k2 = new byte[16];
    byte[] bad = new byte[20];
    random.nextBytes(k1);
    random.nextBytes(k2);
    random.nextBytes(bad);
    List<String> printed = new ArrayList<>();
    List<byte[]> subkeys = new ArrayList<>();
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    System.setErr(new PrintStream(logs, true, UTF_8));
    System.setOut(new PrintStream(logs, true, UTF_8));
    try (NetworkThreads threads = new NetworkThreads()) {
      printed.add(message(() -> new Keyring(List.of(bad))));
      Keyring ring = new Keyring(List.of(k1));
      printed.add(message(() -> ring.use(k2)));
      printed.add(message(() -> ring.remove(k1)));
      printed.add(message(() -> ring.install(bad)));
      printed.add(ring.toString());

      SecureTransport a = secure(threads, "prod", new RecordingHandler(), k1);
      SecureTransport b = secure(threads, "prod", new RecordingHandler(), k2);
      SecureTransport c = secure(threads, "other", new RecordingHandler(), k1);
      SecureTransport d =
          new SecureTransport(
              new UdpTcpTransport(settings(), threads), new Keyring(List.of(k2, k1)), "prod");
      d.start(new RecordingHandler());
      UdpTcpTransport plain = new UdpTcpTransport(settings(), threads);
      plain.start(new RecordingHandler());
      try (DatagramSocket raw = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        raw.setSoTimeout((int) BOUND.toMillis());
        a.sendDatagram(b.boundAddress(), "wrong key".getBytes(UTF_8));
        c.sendDatagram(a.boundAddress(), "wrong label".getBytes(UTF_8));
        plain.sendDatagram(a.boundAddress(), "plaintext".getBytes(UTF_8));
        a.sendDatagram(new NodeAddress("127.0.0.1", raw.getLocalPort()), new byte[8]);
        DatagramPacket p = new DatagramPacket(new byte[100], 100);
        raw.receive(p);
        byte[] sealed = java.util.Arrays.copyOf(p.getData(), p.getLength());
        send(raw, a, sealed);
        send(raw, a, sealed); // replay
        byte[] tampered = sealed.clone();
        tampered[20] ^= 1;
        send(raw, a, tampered);
        send(raw, a, new byte[] {SecureTransport.SEALED_VERSION, 1, 2}); // truncated
        printed.add(
            message(
                () -> a.request(b.boundAddress(), new byte[4], BOUND).get(10, TimeUnit.SECONDS)));
        printed.add(
            message(
                () -> b.request(a.boundAddress(), new byte[4], BOUND).get(10, TimeUnit.SECONDS)));
        printed.add(
            message(
                () -> a.request(d.boundAddress(), new byte[4], BOUND).get(10, TimeUnit.SECONDS)));
        await(
            BOUND,
            () ->
                a.stats().drops(Drop.WRONG_KEY) >= 2
                    && a.stats().drops(Drop.PLAINTEXT) >= 1
                    && a.stats().drops(Drop.REPLAY) == 1
                    && a.stats().drops(Drop.TRUNCATED) == 1
                    && b.stats().drops(Drop.WRONG_KEY) >= 1);
      }
      SecureTransport exhausted =
          new SecureTransport(
              new SecureTransportNonceTest.MemoryTransport(),
              new Keyring(List.of(k1)),
              "prod",
              () -> 0L,
              a.senderId(),
              -1L);
      printed.add(
          message(() -> exhausted.sendDatagram(new NodeAddress("127.0.0.1", 9), new byte[8])));
      printed.add(exhausted.toString());
      subkeys.add(subkey(k1, a.senderId()));
      subkeys.add(subkey(k2, b.senderId()));
      printed.add(a.toString());
      printed.add(b.toString());
      a.keyring().install(k2);
      printed.add(a.keyring().toString());
      printed.add(a.keyring().fingerprints().toString());
      a.close();
      b.close();
      c.close();
      d.close();
      plain.close();
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
    printed.add(logs.toString(UTF_8));
    originalErr.print(logs.toString(UTF_8));

    assertThat(String.join("\n", printed)).contains("WRONG_KEY").contains("would wrap");
    List<byte[]> secrets = new ArrayList<>(List.of(k1, k2, bad));
    secrets.addAll(subkeys);
    for (byte[] key : secrets) {
      for (String form : forms(key)) {
        for (String text : printed) {
          assertThat(text).doesNotContainIgnoringCase(form);
        }
      }
    }
  }

  /** The subkey {@code senderId} seals with under {@code key}: secret as well. */
  private static byte[] subkey(byte[] key, long senderId) {
    return PacketCipher.subkey(new SecretKeySpec(key, "AES"), senderId).getEncoded();
  }

  private static TransportSettings settings() {
    return TransportSettings.defaults("127.0.0.1", 0);
  }

  private static SecureTransport secure(
      NetworkThreads threads, String label, RecordingHandler h, byte[] key) throws Exception {
    SecureTransport t =
        new SecureTransport(
            new UdpTcpTransport(settings(), threads), new Keyring(List.of(key)), label);
    t.start(h);
    return t;
  }

  private static void send(DatagramSocket raw, SecureTransport to, byte[] bytes) throws Exception {
    raw.send(
        new DatagramPacket(
            bytes,
            bytes.length,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), to.boundAddress().port())));
  }

  /** Every way a key, or its first 8 bytes, could be spelled out. */
  private static List<String> forms(byte[] key) {
    byte[] head = java.util.Arrays.copyOf(key, 8);
    List<String> forms = new ArrayList<>();
    for (byte[] b : List.of(key, head)) {
      forms.add(HexFormat.of().formatHex(b));
      forms.add(Base64.getEncoder().withoutPadding().encodeToString(b));
      forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    }
    forms.add(java.util.Arrays.toString(head).replace("]", ""));
    return forms;
  }

  private interface Action {
    Object run() throws Exception;
  }

  private static String message(Action action) {
    Throwable t = catchThrowable(action::run);
    assertThat(t).isNotNull();
    StringBuilder sb = new StringBuilder();
    for (Throwable e = t; e != null; e = e.getCause()) {
      sb.append(e).append('\n');
    }
    return sb.toString();
  }

  private static String message(ThrowingRunnable action) {
    return message(
        () -> {
          action.run();
          return null;
        });
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
