package dev.swim.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.transport.Await;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.MemberRecord;
import dev.swim.core.wire.Message.PushPull;
import dev.swim.core.wire.Message.Suspect;
import dev.swim.core.wire.WireCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The defects of the hostile-peer review (docs/security.md) against real Gossipers on loopback:
 * forged packets sent from a raw socket, as an outsider of a plaintext cluster would. Awaits have
 * generous bounds; each test waits for the counter that shows the attack arrived, then checks that
 * it changed nothing.
 */
@DisplayName("Hostile peers on real sockets")
class HostilePeerTest {
  private static final Duration AWAIT = Duration.ofSeconds(30);
  private static final String LABEL = "hostile";
  private static final InetAddress LOOPBACK = loopback();
  private final WireCodec codec = new WireCodec(LABEL);
  private final List<Gossiper> started = new ArrayList<>();

  @AfterEach
  void closeAll() {
    started.forEach(Gossiper::close);
  }

  private Gossiper start(String name, List<String> seeds) throws Exception {
    Gossiper g =
        Gossiper.create(
            GossiperConfig.builder(name)
                .bindAddress("127.0.0.1")
                .bindPort(0)
                .clusterLabel(LABEL)
                .protocol(SwimConfig.local())
                .seeds(seeds)
                .joinBackoffInitial(Duration.ofMillis(200))
                .joinBackoffMax(Duration.ofSeconds(2))
                .streamTimeout(Duration.ofSeconds(2))
                .build());
    started.add(g);
    g.start();
    return g;
  }

  /** Two members that see each other ALIVE. */
  private List<Gossiper> pair() throws Exception {
    Gossiper a = start("a", List.of());
    Gossiper b = start("b", List.of("127.0.0.1:" + a.localAddress().port()));
    Await.await(AWAIT, () -> alive(a, "b") && alive(b, "a"));
    return List.of(a, b);
  }

  private static boolean alive(Gossiper g, String name) {
    return g.member(name).map(m -> m.state() == MemberState.ALIVE).orElse(false);
  }

  private static Member member(Gossiper g, String name) {
    return g.member(name).orElseThrow();
  }

  private void sendUdp(Gossiper to, Message m) throws Exception {
    byte[] p = codec.encodePacket(m);
    try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
      s.send(
          new DatagramPacket(
              p, p.length, new InetSocketAddress(LOOPBACK, to.localAddress().port())));
    }
  }

  private static long rejected(Gossiper g, String reason) {
    return g.stats().rejected().getOrDefault(reason, 0L);
  }

  @Test
  @DisplayName("defect 1: a forged suspect at Long.MAX_VALUE neither wraps nor evicts the victim")
  void incarnationOverflow() throws Exception {
    List<Gossiper> ab = pair();
    Gossiper a = ab.get(0);
    Gossiper b = ab.get(1);
    long bStart = b.localMember().startId();
    sendUdp(a, new Suspect("b", Long.MAX_VALUE, bStart, "evil"));
    sendUdp(b, new Suspect("b", Long.MAX_VALUE, bStart, "evil"));
    Await.await(
        AWAIT,
        () ->
            rejected(a, "implausible-incarnation") >= 1
                && rejected(b, "implausible-incarnation") >= 1);
    assertThat(b.localMember().incarnation()).isBetween(0L, 10L);
    assertThat(member(a, "b").state()).isEqualTo(MemberState.ALIVE);
    assertThat(member(a, "b").incarnation()).isBetween(0L, 10L);

    // a real suspicion is still refuted: b can still defend itself
    long before = b.localMember().incarnation();
    sendUdp(b, new Suspect("b", before, bStart, "a"));
    Await.await(AWAIT, () -> b.localMember().incarnation() == before + 1);
    Await.await(AWAIT, () -> member(a, "b").incarnation() == before + 1);
  }

  @Test
  @DisplayName("defect 2: an alive moving a live member to the attacker's address is a conflict")
  void addressHijack() throws Exception {
    List<Gossiper> ab = pair();
    Gossiper a = ab.get(0);
    Gossiper b = ab.get(1);
    NodeAddress bAddress = b.localAddress();
    Member held = member(a, "b");
    try (DatagramSocket attacker = new DatagramSocket(0, LOOPBACK)) {
      NodeAddress evil = new NodeAddress("127.0.0.1", attacker.getLocalPort());
      // a new instance claims b at the attacker's address, and the same instance does too
      sendUdp(a, new Alive("b", evil, held.incarnation() + 1, 31337, Map.of()));
      sendUdp(a, new Alive("b", evil, held.incarnation() + 2, held.startId(), Map.of()));
      Await.await(AWAIT, () -> a.stats().conflicts() >= 2);
    }
    Member after = member(a, "b");
    assertThat(after.address()).isEqualTo(bAddress);
    assertThat(after.startId()).isEqualTo(b.localMember().startId());
    assertThat(after.state()).isEqualTo(MemberState.ALIVE);
  }

  @Test
  @DisplayName("defect 5: 2 MiB of metadata in a push-pull is refused; push-pull keeps working")
  void oversizedMetadata() throws Exception {
    List<Gossiper> ab = pair();
    Gossiper a = ab.get(0);
    Map<String, String> huge = new HashMap<>();
    for (int i = 0; i < 256; i++) {
      huge.put(String.format("%04d", i) + "k".repeat(4092), "v".repeat(4096));
    }
    MemberRecord fat =
        new MemberRecord(
            "fat", new NodeAddress("127.0.0.1", 1), 0, 5, MemberState.ALIVE, Map.copyOf(huge));
    byte[] frame = codec.encodeFrame(new PushPull(false, false, 0, "fat", List.of(fat)));
    assertThat(frame.length).isGreaterThan(2 * 1024 * 1024);
    byte[] response = exchange(a, frame);
    assertThat(response).as("the exchange itself is answered").isNotNull();
    Await.await(AWAIT, () -> rejected(a, "oversized") >= 1);
    assertThat(a.member("fat")).isEmpty();

    // anti-entropy keeps working: a third member joins through a, and b learns of it
    Gossiper c = start("c", List.of("127.0.0.1:" + a.localAddress().port()));
    Await.await(AWAIT, () -> alive(ab.get(1), "c") && alive(c, "b"));
  }

  @Test
  @DisplayName("defect 6: a listener that never returns does not stop the protocol")
  void slowListener() throws Exception {
    List<Gossiper> ab = pair();
    Gossiper a = ab.get(0);
    CountDownLatch never = new CountDownLatch(1);
    a.addListener(
        e -> {
          try {
            never.await();
          } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
          }
        });
    Gossiper c = start("c", List.of("127.0.0.1:" + a.localAddress().port()));
    Await.await(AWAIT, () -> alive(a, "c") && alive(c, "b"));
    c.close();
    Await.await(AWAIT, () -> a.member("c").map(m -> !m.state().isLive()).orElse(true));
    never.countDown();
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One request/response exchange over the stream framing: kind 1, length, bytes. */
  private static byte[] exchange(Gossiper to, byte[] frame) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(LOOPBACK, to.localAddress().port()), 5_000);
      s.setSoTimeout(20_000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeByte(1);
      out.writeInt(frame.length);
      out.write(frame);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      int n = in.readInt();
      byte[] response = new byte[n];
      in.readFully(response);
      return response;
    } catch (java.io.EOFException closedWithoutAnswer) {
      return null;
    }
  }
}
