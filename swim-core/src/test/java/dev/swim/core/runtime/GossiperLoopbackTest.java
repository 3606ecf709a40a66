package dev.swim.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.protocol.SwimConfig;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Gossipers on real loopback sockets: the runtime and transports, not the protocol's rules. */
class GossiperLoopbackTest {
  private static final Duration AWAIT = Duration.ofSeconds(30);
  private static final byte[] KEY_A =
      Base64.getDecoder().decode("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=");
  private static final byte[] KEY_B =
      Base64.getDecoder().decode("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");

  private final List<Gossiper> started = new ArrayList<>();

  @AfterEach
  void closeAll() {
    started.forEach(Gossiper::close);
  }

  private GossiperConfig.Builder base(String name) {
    return GossiperConfig.builder(name)
        .bindAddress("127.0.0.1")
        .bindPort(0)
        .protocol(SwimConfig.local())
        .joinBackoffInitial(Duration.ofMillis(200))
        .joinBackoffMax(Duration.ofSeconds(2))
        .streamTimeout(Duration.ofSeconds(2));
  }

  private Gossiper start(GossiperConfig config) throws Exception {
    Gossiper g = Gossiper.create(config);
    started.add(g);
    g.start();
    return g;
  }

  private List<Gossiper> cluster(
      int n, java.util.function.UnaryOperator<GossiperConfig.Builder> tweak) throws Exception {
    List<Gossiper> nodes = new ArrayList<>();
    Gossiper first = start(tweak.apply(base("n0")).build());
    nodes.add(first);
    String seed = "127.0.0.1:" + first.localAddress().port();
    for (int i = 1; i < n; i++) {
      nodes.add(start(tweak.apply(base("n" + i)).seeds(List.of(seed)).build()));
    }
    return nodes;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + AWAIT + " waiting for: " + what);
      }
      Thread.sleep(50);
    }
  }

  private static long alive(Gossiper g) {
    return g.members().stream().filter(m -> m.state() == MemberState.ALIVE).count();
  }

  private static MemberState stateOf(Gossiper g, String name) {
    return g.member(name).map(Member::state).orElse(null);
  }

  @Test
  void tenGossipersConverge() throws Exception {
    List<Gossiper> nodes = cluster(10, b -> b);
    await("10 members alive everywhere", () -> nodes.stream().allMatch(g -> alive(g) == 10));
    assertThat(nodes).allMatch(g -> g.state() == GossiperState.RUNNING);
    await("probes answered", () -> nodes.get(0).stats().probes().get("direct") > 0);
    await("pings received", () -> nodes.get(0).stats().messagesReceived().get("ping") > 0);
    assertThat(nodes.get(0).stats().dropped().get("decode-error")).isZero();
  }

  @Test
  void crashIsDetectedAndLeaveIsSeenAsLeft() throws Exception {
    List<Gossiper> nodes = cluster(4, b -> b);
    List<MembershipEvent> events = new CopyOnWriteArrayList<>();
    nodes.get(0).addListener(events::add);
    await("4 alive", () -> nodes.stream().allMatch(g -> alive(g) == 4));

    nodes.get(3).close(); // crash: no leave
    await(
        "n3 DEAD at survivors",
        () -> nodes.subList(0, 3).stream().allMatch(g -> stateOf(g, "n3") == MemberState.DEAD));

    assertThat(nodes.get(2).leave(Duration.ofSeconds(5))).isTrue();
    await(
        "n2 LEFT at survivors",
        () -> nodes.subList(0, 2).stream().allMatch(g -> stateOf(g, "n2") == MemberState.LEFT));
    await(
        "events delivered",
        () -> events.stream().anyMatch(e -> e.type() == MembershipEventType.LEFT));
    assertThat(events)
        .anyMatch(e -> e.type() == MembershipEventType.FAILED && e.member().name().equals("n3"));
    assertThat(events)
        .noneMatch(e -> e.type() == MembershipEventType.FAILED && e.member().name().equals("n2"));
  }

  @Test
  void listenersMayCallTheGossiper() throws Exception {
    List<Gossiper> nodes = cluster(2, b -> b);
    List<Integer> seen = new CopyOnWriteArrayList<>();
    nodes
        .get(0)
        .addListener(
            e -> seen.add(nodes.get(0).members().size() + nodes.get(0).stats().healthScore()));
    nodes.get(1).updateMetadata(Map.of("zone", "b"));
    await("listener ran", () -> !seen.isEmpty());
    await(
        "metadata seen",
        () ->
            nodes.get(0).member("n1").map(m -> "b".equals(m.metadata().get("zone"))).orElse(false));
  }

  @Test
  void newMetadataIsReadableOnceUpdateMetadataReturns() throws Exception {
    Gossiper g = start(base("solo").build());
    for (int i = 0; i < 20; i++) {
      Map<String, String> md = Map.of("round", Integer.toString(i));
      g.updateMetadata(md);
      assertThat(g.localMember().metadata()).isEqualTo(md);
      assertThat(g.member("solo").orElseThrow().metadata()).isEqualTo(md);
    }
  }

  @Test
  void metadataOverTheLimitIsRejectedAtTheCaller() throws Exception {
    Gossiper g = start(base("solo").build());
    assertThatThrownBy(() -> g.updateMetadata(Map.of("k", "x".repeat(600))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metadataLimitBytes");
    assertThat(g.state()).isEqualTo(GossiperState.RUNNING);
  }

  @Test
  void encryptedClusterWithKeyRotation() throws Exception {
    List<Gossiper> nodes = cluster(3, b -> b.encryptionKeys(List.of(KEY_A)));
    await("3 alive encrypted", () -> nodes.stream().allMatch(g -> alive(g) == 3));
    // rotation: install B everywhere, use B everywhere, remove A everywhere — nobody lost
    nodes.forEach(g -> g.keyring().orElseThrow().install(KEY_B));
    nodes.forEach(g -> g.keyring().orElseThrow().use(KEY_B));
    nodes.forEach(g -> g.keyring().orElseThrow().remove(KEY_A));
    Thread.sleep(3000); // let several probe rounds run on the new key
    assertThat(nodes).allMatch(g -> alive(g) == 3);
    assertThat(nodes.get(0).stats().probes().get("direct")).isPositive();
  }

  @Test
  void wrongKeyCannotJoinAndDropsAreCounted() throws Exception {
    List<Gossiper> nodes = cluster(2, b -> b.encryptionKeys(List.of(KEY_A)));
    await("2 alive", () -> nodes.stream().allMatch(g -> alive(g) == 2));
    Gossiper intruder =
        start(
            base("intruder")
                .encryptionKeys(List.of(KEY_B))
                .seeds(List.of("127.0.0.1:" + nodes.get(0).localAddress().port()))
                .build());
    await(
        "wrong-key drops counted",
        () -> nodes.get(0).stats().dropped().getOrDefault("wrong-key", 0L) > 0);
    assertThat(intruder.state()).isEqualTo(GossiperState.JOINING);
    assertThat(nodes).allMatch(g -> g.member("intruder").isEmpty());
    assertThat(intruder.members()).hasSize(1);
  }

  @Test
  void aFloodOfGarbageDoesNotStopANodeAnsweringProbes() throws Exception {
    List<Gossiper> nodes = cluster(3, b -> b);
    await("3 alive", () -> nodes.stream().allMatch(g -> alive(g) == 3));
    Gossiper target = nodes.get(1);
    java.util.Random random = new java.util.Random(42);
    boolean everDead = false;
    try (java.net.DatagramSocket attacker = new java.net.DatagramSocket()) {
      java.net.InetSocketAddress to =
          new java.net.InetSocketAddress(
              java.net.InetAddress.getLoopbackAddress(), target.localAddress().port());
      long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
      int sent = 0;
      while (System.nanoTime() < end && sent < 200_000) {
        byte[] junk = new byte[1 + random.nextInt(1400)];
        random.nextBytes(junk);
        if (sent % 3 == 0 && junk.length > 4) { // some with our magic, to reach the decoder
          junk[0] = 0x53;
          junk[1] = 0x57;
          junk[2] = 1;
          junk[3] = 0;
        }
        attacker.send(new java.net.DatagramPacket(junk, junk.length, to));
        sent++;
        if (sent % 500 == 0) {
          everDead |=
              stateOf(nodes.get(0), "n1") == MemberState.DEAD
                  || stateOf(nodes.get(2), "n1") == MemberState.DEAD;
          Thread.sleep(1);
        }
      }
    }
    assertThat(everDead).as("flooded node shown DEAD during the flood").isFalse();
    await(
        "flooded node ALIVE everywhere",
        () ->
            stateOf(nodes.get(0), "n1") == MemberState.ALIVE
                && stateOf(nodes.get(2), "n1") == MemberState.ALIVE);
    assertThat(target.stats().dropped().get("decode-error")).isPositive();
    assertThat(target.state()).isEqualTo(GossiperState.RUNNING);
  }

  @Test
  void tcpOnlyClusterConverges() throws Exception {
    List<Gossiper> nodes = cluster(3, b -> b.tcpOnly(true));
    await("3 alive over TCP only", () -> nodes.stream().allMatch(g -> alive(g) == 3));
  }

  @Test
  void aFailedStartReleasesItsPortAndCannotBeRetried() throws Exception {
    int port;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Gossiper g =
        Gossiper.create(
            base("fails").bindPort(port).advertiseAddress("no-such-host.invalid").build());
    started.add(g);

    assertThatThrownBy(g::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-host.invalid");
    assertThat(g.state()).isEqualTo(GossiperState.STOPPED);
    assertThatThrownBy(g::start).isInstanceOf(IllegalStateException.class);

    // the port is free again, for UDP and TCP
    Gossiper next = start(base("next").bindPort(port).build());
    assertThat(next.localAddress().port()).isEqualTo(port);
  }
}
