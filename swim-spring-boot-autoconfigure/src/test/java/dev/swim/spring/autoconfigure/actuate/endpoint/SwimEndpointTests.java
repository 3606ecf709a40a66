package dev.swim.spring.autoconfigure.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.Member;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.runtime.GossiperStats;
import dev.swim.core.settings.Durations;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.WireCodec;
import dev.swim.spring.actuate.endpoint.SwimDescriptor;
import dev.swim.spring.actuate.endpoint.SwimEndpoint;
import dev.swim.spring.autoconfigure.SwimTestSupport;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code /actuator/swim} document of a live node, as JSON. */
class SwimEndpointTests {

  private static final String KEY = SwimTestSupport.key(32, 42);

  private final JsonMapper json = JsonMapper.builder().build();
  private final List<Gossiper> gossipers = new ArrayList<>();

  @AfterEach
  void close() {
    gossipers.forEach(Gossiper::close);
  }

  @Test
  void documentHasLocalMembersCountsHealthAndSettings() throws Exception {
    Gossiper g = start("endpoint-a", Map.of("zone", "z1"));
    JsonNode doc = json.valueToTree(new SwimEndpoint(g).swim());

    assertThat(doc.propertyNames())
        .containsExactly(
            "local",
            "members",
            "counts",
            "health",
            "conflicts",
            "rejected",
            "loop_errors",
            "settings");
    JsonNode local = doc.get("local");
    assertThat(local.propertyNames())
        .containsExactly("name", "address", "state", "incarnation", "metadata", "since");
    assertThat(local.get("name").asString()).isEqualTo("endpoint-a");
    assertThat(local.get("state").asString()).isEqualTo("ALIVE");
    assertThat(local.get("address").asString()).startsWith("127.0.0.1:");
    assertThat(local.get("metadata").get("zone").asString()).isEqualTo("z1");
    assertThat(local.get("since").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(doc.get("members")).hasSize(1);
    assertThat(doc.get("members").get(0)).isEqualTo(local);
    assertThat(doc.get("counts").get("alive").asInt()).isEqualTo(1);
    assertThat(doc.get("counts").get("total").asInt()).isEqualTo(1);
    assertThat(doc.get("health").get("lifecycle").asString()).isEqualTo("RUNNING");
    assertThat(doc.get("health").get("score").asInt()).isZero();
    assertThat(doc.get("settings").get("probeInterval").asString()).isEqualTo("1s");
    assertThat(doc.get("settings").get("probeTimeout").asString()).isEqualTo("200ms");
    assertThat(doc.get("settings").get("profile").asString()).isEqualTo("local");
    assertThat(doc.get("settings").get("maxMembers").asInt()).isEqualTo(100_000);
    assertThat(doc.get("settings").get("maxStateSize").asString()).isEqualTo("16777216B");
    assertThat(doc.get("conflicts").asLong()).isZero();
    assertThat(doc.get("rejected").propertyNames())
        .containsExactlyElementsOf(GossiperStats.REJECTION_REASONS);
    for (String reason : GossiperStats.REJECTION_REASONS) {
      assertThat(doc.get("rejected").get(reason).asLong()).as(reason).isZero();
    }
  }

  @Test
  void carriesConflictsAndRejectionsCountedByTheGossiper() throws Exception {
    Gossiper a = start("endpoint-a", Map.of());
    Gossiper b = start("endpoint-b", Map.of());
    b.join(List.of(a.localAddress().toString()));
    awaitMembers(a, 2);
    Member held = a.member("endpoint-b").orElseThrow();
    WireCodec codec = new WireCodec("");
    // a claim that endpoint-b (a new instance of it) moved elsewhere, while it still answers at
    // its address: endpoint-a checks, endpoint-b answers, the move is refused and counted
    byte[] move =
        codec.encodePacket(
            new Message.Alive(
                held.name(),
                new NodeAddress("127.0.0.1", 9),
                held.incarnation() + 1,
                held.startId() + 1,
                Map.of()));
    // an incarnation above the ceiling (2^62): refused, counted as implausible-incarnation
    byte[] ceiling =
        codec.encodePacket(
            new Message.Alive(
                "endpoint-ghost", new NodeAddress("127.0.0.1", 9), (1L << 62) + 1, 1, Map.of()));

    JsonNode doc = json.valueToTree(new SwimEndpoint(a).swim());
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    try (DatagramSocket forger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      while ((doc.get("conflicts").asLong() == 0
              || doc.get("rejected").get("implausible-incarnation").asLong() == 0)
          && System.nanoTime() < deadline) {
        for (byte[] packet : List.of(move, ceiling)) {
          forger.send(
              new DatagramPacket(
                  packet,
                  packet.length,
                  InetAddress.getLoopbackAddress(),
                  a.localAddress().port()));
        }
        Thread.sleep(200);
        doc = json.valueToTree(new SwimEndpoint(a).swim());
      }
    }

    GossiperStats stats = a.stats();
    assertThat(doc.get("conflicts").asLong()).isPositive().isLessThanOrEqualTo(stats.conflicts());
    assertThat(doc.get("rejected").get("implausible-incarnation").asLong())
        .isPositive()
        .isLessThanOrEqualTo(stats.rejected().get("implausible-incarnation"));
    assertThat(doc.get("rejected").propertyNames())
        .containsExactlyElementsOf(GossiperStats.REJECTION_REASONS);
    // the member kept its address, and the ghost was never added
    assertThat(a.member("endpoint-b").orElseThrow().address()).isEqualTo(held.address());
    assertThat(a.member("endpoint-ghost")).isEmpty();
  }

  @Test
  void onlyMembersPairANameWithAState() throws Exception {
    Gossiper a = start("endpoint-a", Map.of());
    Gossiper b = start("endpoint-b", Map.of());
    b.join(List.of(a.localAddress().toString()));
    awaitMembers(a, 2);
    JsonNode doc = json.valueToTree(new SwimEndpoint(a).swim());
    assertThat(doc.get("members")).hasSize(2);
    List<String> paths = new ArrayList<>();
    collectNameStatePairs(doc, "", paths);
    assertThat(paths).containsExactly("/local", "/members/0", "/members/1");
  }

  @Test
  void neverShowsKeyMaterial() throws Exception {
    Gossiper g =
        start(
            GossiperConfig.builder("secret-node")
                .bindAddress("127.0.0.1")
                .bindPort(0)
                .encryptionKeysBase64(List.of(KEY, SwimTestSupport.key(16, 7)))
                .encryptionRequired(true)
                .build());
    String text = json.writeValueAsString(new SwimEndpoint(g).swim());
    assertThat(text)
        .contains("\"encryption\":true")
        .contains("\"keyCount\":2")
        .contains("\"encryptionRequired\":true");
    assertThat(text).doesNotContain(KEY).doesNotContainIgnoringCase("fingerprint");
  }

  @Test
  void selectsOneMemberByNameOrNullForUnknown() throws Exception {
    Gossiper g = start("endpoint-a", Map.of());
    SwimEndpoint endpoint = new SwimEndpoint(g);
    assertThat(endpoint.member("endpoint-a").name()).isEqualTo("endpoint-a");
    assertThat(endpoint.member("nobody")).isNull();
  }

  @Test
  void unstartedNodeHasNoLocalMemberYet() {
    Gossiper g =
        Gossiper.create(
            GossiperConfig.builder("not-started").bindAddress("127.0.0.1").bindPort(0).build());
    gossipers.add(g);
    SwimDescriptor doc = new SwimEndpoint(g).swim();
    assertThat(doc.local()).isNull();
    assertThat(doc.health().lifecycle()).isEqualTo("CREATED");
    assertThat(doc.conflicts()).isZero();
    assertThat(doc.rejected().keySet()).containsExactlyElementsOf(GossiperStats.REJECTION_REASONS);
    assertThat(doc.rejected().values()).containsOnly(0L);
  }

  @Test
  void durationsReadLikeProperties() {
    assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofHours(24))).isEqualTo("24h");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("5400s");
    assertThat(Durations.format(Duration.ofNanos(1500))).isEqualTo("1500ns");
  }

  private static void collectNameStatePairs(JsonNode node, String path, List<String> out) {
    if (node.isObject()) {
      if (node.has("name") && (node.has("state") || node.has("status"))) {
        out.add(path);
      }
      for (Iterator<String> it = node.propertyNames().iterator(); it.hasNext(); ) {
        String f = it.next();
        collectNameStatePairs(node.get(f), path + "/" + f, out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectNameStatePairs(node.get(i), path + "/" + i, out);
      }
    }
  }

  private Gossiper start(String name, Map<String, String> metadata) throws Exception {
    return start(
        GossiperConfig.builder(name)
            .bindAddress("127.0.0.1")
            .bindPort(0)
            .metadata(metadata)
            .protocol(dev.swim.core.protocol.SwimConfig.local())
            .build());
  }

  private Gossiper start(GossiperConfig config) throws Exception {
    Gossiper g = Gossiper.create(config);
    gossipers.add(g);
    g.start();
    return g;
  }

  private static void awaitMembers(Gossiper g, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (g.members().size() < n && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(g.members()).hasSize(n);
  }
}
