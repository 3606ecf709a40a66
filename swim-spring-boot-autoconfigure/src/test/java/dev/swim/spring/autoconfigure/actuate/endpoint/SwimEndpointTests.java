package dev.swim.spring.autoconfigure.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.spring.autoconfigure.SwimTestSupport;
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
        .containsExactly("local", "members", "counts", "health", "settings");
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
  }

  @Test
  void durationsReadLikeProperties() {
    assertThat(SettingsDescriptor.duration(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(SettingsDescriptor.duration(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(SettingsDescriptor.duration(Duration.ZERO)).isEqualTo("0s");
    assertThat(SettingsDescriptor.duration(Duration.ofNanos(1500))).isEqualTo("1500ns");
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
