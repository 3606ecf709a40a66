package dev.swim.spring.autoconfigure.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.swim.core.crypto.Keyring;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.settings.Profile;
import dev.swim.spring.autoconfigure.SwimTestSupport;
import dev.swim.spring.dashboard.SwimDashboardFeed;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the dashboard answers over real HTTP, the same in a servlet and a reactive application: the
 * page and its files with their content types, caching and security headers; the configuration; the
 * event stream (snapshot, then each change, heartbeats), bounded in number; hostile metadata and
 * keys never travel as anything but escaped data and fingerprints; read-only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DashboardHttpContract {

  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
          + " img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  static final String KEY = SwimTestSupport.key(32, 11);
  static final String IMG = "<img src=x onerror=alert(1)>";

  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
  private final List<Gossiper> peers = new ArrayList<>();
  private ConfigurableApplicationContext app;
  private int port;

  /** SERVLET or REACTIVE. */
  abstract WebApplicationType type();

  /** The application class (with {@code @EnableAutoConfiguration} and a small feed). */
  abstract Class<?> application();

  @BeforeAll
  void startApplication() {
    app = start();
    port = port(app);
  }

  @AfterAll
  void stopAll() {
    peers.forEach(Gossiper::close);
    contexts.forEach(ConfigurableApplicationContext::close);
  }

  ConfigurableApplicationContext start(String... extra) {
    List<String> props = new ArrayList<>(List.of(SwimTestSupport.LOOPBACK));
    props.addAll(
        List.of(
            "swim.node-name=web-1",
            "swim.encryption.keys=" + KEY,
            "swim.dashboard.enabled=true",
            "server.port=0",
            "server.address=127.0.0.1",
            "management.endpoints.web.exposure.include=swim,health",
            "spring.main.banner-mode=off"));
    props.addAll(List.of(extra));
    ConfigurableApplicationContext c =
        new SpringApplicationBuilder(application())
            .web(type())
            .properties(props.toArray(String[]::new))
            .run();
    contexts.add(c);
    return c;
  }

  static int port(ConfigurableApplicationContext c) {
    return ((WebServerApplicationContext) c).getWebServer().getPort();
  }

  private Gossiper peer(String name, Map<String, String> metadata) throws Exception {
    Gossiper g =
        Gossiper.create(
            GossiperConfig.builder(name)
                .bindAddress("127.0.0.1")
                .bindPort(0)
                .profile(Profile.LOCAL)
                .encryptionKeysBase64(List.of(KEY))
                .metadata(metadata)
                .seeds(List.of("127.0.0.1:" + app.getBean(Gossiper.class).localAddress().port()))
                .build());
    peers.add(g);
    g.start();
    return g;
  }

  private static void assertCommonHeaders(java.net.http.HttpHeaders h, String cache) {
    assertThat(h.firstValue("Content-Security-Policy")).hasValue(CSP);
    assertThat(h.firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(h.firstValue("Cache-Control")).hasValue(cache);
  }

  @Test
  void thePathRedirectsToThePage() throws Exception {
    HttpResponse<String> r = DashboardClient.get(port, "/swim");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).hasValue("swim/");
  }

  @Test
  void thePageAndItsFilesCarryTheirTypesAndHeaders() throws Exception {
    HttpResponse<String> page = DashboardClient.get(port, "/swim/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertCommonHeaders(page.headers(), "no-cache");
    assertThat(page.body()).contains("<script src=\"dashboard.js\" defer></script>");
    assertThat(page.body())
        .doesNotContain("<script>")
        .doesNotContain("style=")
        .doesNotContain("http");

    Map<String, String> types =
        Map.of(
            "/swim/dashboard.js", "text/javascript",
            "/swim/dashboard.css", "text/css",
            "/swim/favicon.svg", "image/svg+xml");
    for (Map.Entry<String, String> e : types.entrySet()) {
      HttpResponse<String> r = DashboardClient.get(port, e.getKey());
      assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith(e.getValue());
      assertCommonHeaders(r.headers(), "no-cache");
      assertThat(r.body()).isNotEmpty();
    }
    assertThat(DashboardClient.get(port, "/swim/dashboard.js").body())
        .doesNotContain("innerHTML")
        .doesNotContain("eval(");

    String etag = page.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = DashboardClient.get(port, "/swim/", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(DashboardClient.get(port, "/swim/nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void theConfigurationNamesTheStreamAndTheActuator() throws Exception {
    HttpResponse<String> r = DashboardClient.get(port, "/swim/config");
    assertThat(r.statusCode()).isEqualTo(200);
    assertCommonHeaders(r.headers(), "no-store");
    assertThat((String) JsonPath.read(r.body(), "$.events")).isEqualTo("/swim/events");
    assertThat((String) JsonPath.read(r.body(), "$.actuator")).isEqualTo("/actuator/swim");
    assertThat(DashboardClient.get(port, "/actuator/swim").statusCode()).isEqualTo(200);
  }

  @Test
  void theStreamStartsWithASnapshotThenCarriesEachChange() throws Exception {
    try (DashboardClient.EventStream stream =
        new DashboardClient.EventStream(port, "/swim/events")) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/event-stream");
      assertCommonHeaders(stream.headers(), "no-store");
      DashboardClient.Event snapshot = stream.next("snapshot");
      assertThat(snapshot.retry()).isEqualTo("1000");
      assertThat((String) JsonPath.read(snapshot.data(), "$.node.name")).isEqualTo("web-1");
      assertThat(snapshot.data()).doesNotContain(KEY);
      List<String> fingerprints = JsonPath.read(snapshot.data(), "$.node.keyFingerprints");
      assertThat(fingerprints)
          .containsExactly(Keyring.fingerprint(Base64.getDecoder().decode(KEY)));

      peer("web-peer", Map.of("note", IMG));
      DashboardClient.Event joined = stream.next("member");
      assertThat((String) JsonPath.read(joined.data(), "$.member.name")).isEqualTo("web-peer");
      assertThat(joined.data())
          .doesNotContain("<img")
          .contains("\\u003cimg src=x onerror=alert(1)\\u003e");
      assertThat((String) JsonPath.read(joined.data(), "$.member.metadata.note")).isEqualTo(IMG);

      DashboardClient.Event heartbeat = stream.next("heartbeat");
      assertThat((String) JsonPath.read(heartbeat.data(), "$.node.lifecycle")).isEqualTo("RUNNING");
      assertThat(heartbeat.data()).doesNotContain(KEY);
    }
  }

  @Test
  void streamsAreBoundedAndTheExcessAnswers503() throws Exception {
    SwimDashboardFeed feed = app.getBean(SwimDashboardFeed.class);
    await(() -> feed.subscribers() == 0, "no stream open");
    long rejectedBefore = feed.rejectedSubscribers();
    DashboardClient.EventStream a = new DashboardClient.EventStream(port, "/swim/events");
    try (DashboardClient.EventStream b = new DashboardClient.EventStream(port, "/swim/events")) {
      a.next("snapshot");
      b.next("snapshot");
      HttpResponse<String> refused = DashboardClient.get(port, "/swim/events");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(feed.rejectedSubscribers()).isEqualTo(rejectedBefore + 1);
      a.close();
      // the server notices the closed connection at its next write (a heartbeat at the latest)
      await(() -> feed.subscribers() == 1, "the closed stream's place freed");
      try (DashboardClient.EventStream c = new DashboardClient.EventStream(port, "/swim/events")) {
        assertThat(c.status()).isEqualTo(200);
        c.next("snapshot");
      }
    } finally {
      a.close();
    }
  }

  @Test
  void itIsReadOnly() throws Exception {
    for (String path : List.of("/swim/", "/swim/events", "/swim/config")) {
      int status = DashboardClient.post(port, path).statusCode();
      assertThat(status).as("POST " + path).isIn(404, 405);
    }
  }

  /**
   * Last: closing a reactive application disposes Reactor Netty's global event loops, which every
   * Netty server of this JVM shares, so no request to the main application may follow it.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void closingTheApplicationEndsOpenStreams() throws Exception {
    ConfigurableApplicationContext other = start("swim.node-name=web-2");
    try (DashboardClient.EventStream stream =
        new DashboardClient.EventStream(port(other), "/swim/events")) {
      stream.next("snapshot");
      other.close();
      assertThat(stream.awaitEnd()).as("the stream ended when the application closed").isTrue();
    }
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + DashboardClient.WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + DashboardClient.WAIT + " waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Two streams at most and a heartbeat every half second, to see the bounds quickly. */
  static SwimDashboardFeed smallFeed(Gossiper gossiper) {
    return new SwimDashboardFeed(gossiper, 64, 2, 64, Duration.ofMillis(500));
  }
}
