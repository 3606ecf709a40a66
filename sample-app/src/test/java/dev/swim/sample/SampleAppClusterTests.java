package dev.swim.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.swim.core.runtime.Gossiper;
import dev.swim.spring.test.LocalSwimPort;
import dev.swim.spring.test.SwimTestSettings;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two sample services in one JVM, over real HTTP: {@code GET /peers} lists both through Spring
 * Cloud's DiscoveryClient, a user event posted to one shows up in {@code GET /events} on both, and
 * a gracefully stopped node leaves the other's {@code /peers}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleAppClusterTests {

  private static final Logger log = LoggerFactory.getLogger(SampleAppClusterTests.class);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
  private ConfigurableApplicationContext node1;
  private ConfigurableApplicationContext node2;

  @BeforeAll
  void startTwoNodes() throws Exception {
    node1 = start("node-1", null);
    node2 = start("node-2", "127.0.0.1:" + gossipPort(node1));
    for (ConfigurableApplicationContext c : List.of(node1, node2)) {
      awaitTrue(() -> peers(c).size() == 2, "both nodes in /peers of " + c.getId());
    }
  }

  @AfterAll
  void stopAll() {
    contexts.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void peersListsBothNodesWithTheirHttpPorts() throws Exception {
    for (ConfigurableApplicationContext c : List.of(node1, node2)) {
      String body = get(c, "/peers");
      List<Map<String, Object>> peers = JsonPath.read(body, "$");
      assertThat(peers).extracting(p -> p.get("instanceId")).containsExactly("node-1", "node-2");
      for (Map<String, Object> p : peers) {
        assertThat(p).containsOnlyKeys("instanceId", "host", "port", "secure", "metadata");
        assertThat(p).containsEntry("host", "127.0.0.1").containsEntry("secure", false);
        assertThat(p.get("metadata")).isEqualTo(Map.of("service", "swim-sample", "status", "UP"));
      }
      assertThat(peers.get(0)).containsEntry("port", httpPort(node1));
      assertThat(peers.get(1)).containsEntry("port", httpPort(node2));
      assertThat(peers.get(0).get("port")).isNotEqualTo(gossipPort(node1));
    }
  }

  @Test
  void anEventPostedOnOneNodeShowsUpOnBoth() throws Exception {
    HttpResponse<String> posted =
        Http.post(httpPort(node1), "/events/greeting", "text/plain", utf8("hello, cluster"));
    assertThat(posted.statusCode()).isEqualTo(202);
    assertThat((Integer) JsonPath.read(posted.body(), "$.size")).isEqualTo(14);
    for (ConfigurableApplicationContext c : List.of(node1, node2)) {
      Map<String, Object> event = awaitEvent(c, "greeting");
      assertThat(event)
          .containsOnlyKeys("name", "origin", "payload")
          .containsEntry("origin", "node-1")
          .containsEntry("payload", "hello, cluster");
    }
  }

  @Test
  void theBodyIsTakenAsIsWhateverItsContentType() throws Exception {
    Map<String, String> bodies =
        Map.of(
            "form", "a=1&b=two+words&c=%C3%A9",
            "json", "{\"flag\": \"on\"}",
            "octets", "raw\u0001bytes");
    Map<String, String> types =
        Map.of(
            "form", "application/x-www-form-urlencoded",
            "json", "application/json",
            "octets", "application/octet-stream");
    for (String kind : bodies.keySet()) {
      HttpResponse<String> r =
          Http.post(httpPort(node2), "/events/ct-" + kind, types.get(kind), utf8(bodies.get(kind)));
      assertThat(r.statusCode()).as(kind).isEqualTo(202);
    }
    assertThat(Http.post(httpPort(node2), "/events/ct-none", null, utf8("plain")).statusCode())
        .isEqualTo(202);
    assertThat(
            Http.post(httpPort(node2), "/events/ct-empty", "text/plain", new byte[0]).statusCode())
        .isEqualTo(202);
    for (String kind : bodies.keySet()) {
      assertThat(awaitEvent(node1, "ct-" + kind)).containsEntry("payload", bodies.get(kind));
    }
    assertThat(awaitEvent(node1, "ct-none")).containsEntry("payload", "plain");
    assertThat(awaitEvent(node1, "ct-empty")).containsEntry("payload", "");
  }

  @Test
  void eventsAreListedInTheOrderReceived() throws Exception {
    for (int i = 0; i < 5; i++) {
      Http.post(httpPort(node1), "/events/seq-" + i, "text/plain", utf8(Integer.toString(i)));
    }
    awaitEvent(node1, "seq-4");
    List<String> names = JsonPath.read(get(node1, "/events"), "$[?(@.name =~ /seq-.*/)].name");
    assertThat(names).containsExactly("seq-0", "seq-1", "seq-2", "seq-3", "seq-4");
    awaitEvent(node2, "seq-4");
    List<String> remote = JsonPath.read(get(node2, "/events"), "$[?(@.name =~ /seq-.*/)].name");
    assertThat(remote).containsExactlyInAnyOrder("seq-0", "seq-1", "seq-2", "seq-3", "seq-4");
  }

  @Test
  void aPayloadOverTheLimitIsRefusedWithAClearMessage() throws Exception {
    HttpResponse<String> r =
        Http.post(httpPort(node1), "/events/too-big", "application/octet-stream", new byte[513]);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat((String) JsonPath.read(r.body(), "$.detail"))
        .isEqualTo(
            "User event 'too-big' payload is 513 bytes, over the limit of 512 bytes"
                + " (swim.max-user-event-size)");
    HttpResponse<String> huge =
        Http.post(
            httpPort(node1),
            "/events/huge",
            "application/octet-stream",
            new byte[UserEventsController.MAX_BODY + 10]);
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(huge.body()).contains("the limit is 512 bytes");
    Thread.sleep(300);
    assertThat(get(node2, "/events")).doesNotContain("too-big", "\"huge\"");
  }

  /** In a cluster of its own, since it stops a node. */
  @Test
  void aGracefullyStoppedNodeLeavesPeersWithALeftEvent() throws Exception {
    ConfigurableApplicationContext a = start("stop-a", null, "spring.application.name=stopper");
    ConfigurableApplicationContext b =
        start("stop-b", "127.0.0.1:" + gossipPort(a), "spring.application.name=stopper");
    awaitTrue(() -> peers(a).size() == 2, "stop-b in stop-a's /peers");

    long startNanos = System.nanoTime();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(b::close);
    awaitTrue(() -> peers(a).size() == 1, "stop-b gone from stop-a's /peers");
    long ms = (System.nanoTime() - startNanos) / 1_000_000;
    log.info("MEASURED: a gracefully stopped node left /peers of the other in {} ms", ms);
    closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(ms).isLessThan(2_000);
    List<String> types =
        JsonPath.read(get(a, "/membership-events"), "$[?(@.member=='stop-b')].type");
    assertThat(types).contains("LEFT").doesNotContain("FAILED");
  }

  /**
   * Starts a sample service with swim-spring-boot-test's safe values (loopback, a free gossip port,
   * the local profile, no seeds but {@code seed}), as a {@code @SpringBootTest} would get them.
   */
  private ConfigurableApplicationContext start(String name, String seed, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of("--server.port=0", "--swim.node-name=" + name, "--swim.leave-timeout=1s"));
    for (String e : extra) {
      args.add("--" + e);
    }
    SwimTestSettings swim =
        seed == null
            ? SwimTestSettings.safe()
            : SwimTestSettings.safe().withProperties("swim.seeds=" + seed);
    ConfigurableApplicationContext c =
        new SpringApplicationBuilder(SampleApplication.class)
            .initializers(swim.initializer())
            .run(args.toArray(String[]::new));
    contexts.add(c);
    return c;
  }

  private static int httpPort(ConfigurableApplicationContext c) {
    return ((WebServerApplicationContext) c).getWebServer().getPort();
  }

  /** The gossip port the node bound, as published for {@link LocalSwimPort}. */
  private static int gossipPort(ConfigurableApplicationContext c) {
    int port = c.getEnvironment().getRequiredProperty("local.swim.port", Integer.class);
    assertThat(port).isEqualTo(c.getBean(Gossiper.class).localAddress().port());
    return port;
  }

  private static String get(ConfigurableApplicationContext c, String path) throws Exception {
    HttpResponse<String> r = Http.get(httpPort(c), path);
    assertThat(r.statusCode()).as("GET " + path).isEqualTo(200);
    return r.body();
  }

  private static List<Object> peers(ConfigurableApplicationContext c) {
    try {
      return JsonPath.read(get(c, "/peers"), "$");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> awaitEvent(ConfigurableApplicationContext c, String name)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<Map<String, Object>> found =
          JsonPath.read(get(c, "/events"), "$[?(@.name=='" + name + "')]");
      if (!found.isEmpty()) {
        assertThat(found).as("event " + name + " received once").hasSize(1);
        return found.get(0);
      }
      assertThat(System.nanoTime()).as("event " + name + " at " + c.getId()).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static void awaitTrue(BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
