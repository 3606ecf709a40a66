package dev.swim.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.spring.test.LocalSwimPort;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sample service over real HTTP: the swim endpoint, health, metrics and the event log. Its SWIM
 * member binds loopback on a free port with no seeds and the local profile because
 * swim-spring-boot-test is on the test classpath; the test sets only what it checks.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"swim.node-name=it-node", "swim.leave-timeout=1s"})
class SampleAppIntegrationTests {

  @LocalServerPort int port;

  @LocalSwimPort int swimPort;

  @Test
  void swimEndpointDescribesTheCluster() throws Exception {
    HttpResponse<String> response = Http.get(port, "/actuator/swim");
    assertThat(response.statusCode()).isEqualTo(200);
    String body = response.body();
    Map<String, Object> doc = JsonPath.read(body, "$");
    assertThat(doc)
        .containsOnlyKeys(
            "local",
            "members",
            "counts",
            "health",
            "conflicts",
            "rejected",
            "loop_errors",
            "settings");
    assertThat((String) JsonPath.read(body, "$.local.name")).isEqualTo("it-node");
    assertThat((String) JsonPath.read(body, "$.local.state")).isEqualTo("ALIVE");
    Map<String, Object> local = JsonPath.read(body, "$.local");
    assertThat(local)
        .containsOnlyKeys("name", "address", "state", "incarnation", "metadata", "since");
    List<String> names = JsonPath.read(body, "$.members[*].name");
    assertThat(names).contains("it-node"); // plus tombstones of visitors (another test)
    assertThat((Integer) JsonPath.read(body, "$.counts.alive")).isEqualTo(1);
    assertThat((String) JsonPath.read(body, "$.health.lifecycle")).isEqualTo("RUNNING");
    assertThat((String) JsonPath.read(body, "$.settings.profile")).isEqualTo("local");
    assertThat((Boolean) JsonPath.read(body, "$.settings.encryption")).isFalse();
    assertThat((String) JsonPath.read(body, "$.local.metadata.service")).isEqualTo("swim-sample");
  }

  @Test
  void swimEndpointSelectsOneMember() throws Exception {
    HttpResponse<String> one = Http.get(port, "/actuator/swim/it-node");
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat((String) JsonPath.read(one.body(), "$.name")).isEqualTo("it-node");
    assertThat(Http.get(port, "/actuator/swim/nobody").statusCode()).isEqualTo(404);
  }

  @Test
  void healthShowsSwimUp() throws Exception {
    HttpResponse<String> response = Http.get(port, "/actuator/health");
    assertThat(response.statusCode()).isEqualTo(200);
    String body = response.body();
    assertThat((String) JsonPath.read(body, "$.components.swim.status")).isEqualTo("UP");
    assertThat((String) JsonPath.read(body, "$.components.swim.details.state"))
        .isEqualTo("RUNNING");
    assertThat((Integer) JsonPath.read(body, "$.components.swim.details.membersAlive"))
        .isEqualTo(1);
    assertThat((Integer) JsonPath.read(body, "$.components.swim.details.healthScore")).isZero();
  }

  @Test
  void metricsShowMembersByState() throws Exception {
    HttpResponse<String> response = Http.get(port, "/actuator/metrics/swim.members");
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> states =
        JsonPath.read(response.body(), "$.availableTags[?(@.tag=='state')].values[*]");
    assertThat(states).containsExactlyInAnyOrder("alive", "suspect", "dead", "left");
    HttpResponse<String> alive = Http.get(port, "/actuator/metrics/swim.members?tag=state:alive");
    assertThat((Double) JsonPath.read(alive.body(), "$.measurements[0].value")).isEqualTo(1.0);
    for (String meter :
        List.of(
            "swim.health.score",
            "swim.messages",
            "swim.bytes",
            "swim.probes",
            "swim.packets.dropped",
            "swim.suspicions",
            "swim.refutations",
            "swim.probe.rtt",
            "swim.broadcast.queue.depth")) {
      assertThat(Http.get(port, "/actuator/metrics/" + meter).statusCode())
          .as(meter)
          .isEqualTo(200);
    }
  }

  @Test
  void membershipEventsListWhatThisNodeReceivedInOrder() throws Exception {
    GossiperConfig config =
        GossiperConfig.builder("visitor")
            .bindAddress("127.0.0.1")
            .bindPort(0)
            .protocol(SwimConfig.local())
            .seeds(List.of("127.0.0.1:" + swimPort))
            .build();
    try (Gossiper visitor = Gossiper.create(config)) {
      visitor.start();
      awaitEvents("JOINED");
      visitor.leave(Duration.ofSeconds(5));
    }
    String body = awaitEvents("JOINED", "LEFT");
    List<Map<String, Object>> events = JsonPath.read(body, "$[?(@.member=='visitor')]");
    assertThat(events).extracting(e -> e.get("type")).containsSubsequence("JOINED", "LEFT");
    assertThat(events.get(0))
        .containsOnlyKeys("type", "member", "state", "at")
        .containsEntry("state", "ALIVE");
    assertThat((String) events.get(0).get("at")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(events.get(events.size() - 1)).containsEntry("state", "LEFT");
  }

  /** Waits until /membership-events lists {@code types} for "visitor"; returns the body. */
  private String awaitEvents(String... types) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      HttpResponse<String> response = Http.get(port, "/membership-events");
      assertThat(response.statusCode()).isEqualTo(200);
      List<String> seen = JsonPath.read(response.body(), "$[?(@.member=='visitor')].type");
      if (seen.containsAll(List.of(types))) {
        return response.body();
      }
      assertThat(System.nanoTime())
          .as("events " + List.of(types) + ", saw " + seen)
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
