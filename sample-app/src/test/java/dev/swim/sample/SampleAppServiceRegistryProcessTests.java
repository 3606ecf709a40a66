package dev.swim.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spring Cloud's {@code /actuator/serviceregistry} across three sample JVMs, over real HTTP: {@code
 * POST {"status":"OUT_OF_SERVICE"}} to one of them shows its new status in every peer's {@code
 * /actuator/swim} and removes it from every peer's discovery results ({@code /peers}) while it
 * stays a live member; {@code UP} brings it back. Logs the time from the POST until every peer
 * shows the status (median of 10 changes each way).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleAppServiceRegistryProcessTests {

  private static final Logger log =
      LoggerFactory.getLogger(SampleAppServiceRegistryProcessTests.class);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TARGET = "reg-2";
  private static final int ROUNDS = 10;

  private final List<SampleJvm> jvms = new ArrayList<>();
  private SampleJvm target;
  private List<SampleJvm> peers;

  @BeforeAll
  void startThreeJvms(@TempDir Path dir) throws Exception {
    SampleJvm first = SampleJvm.launch(dir, "reg-1", null);
    jvms.add(first);
    first.awaitStarted();
    jvms.add(SampleJvm.launch(dir, "reg-2", first.seed()));
    jvms.add(SampleJvm.launch(dir, "reg-3", first.seed()));
    for (SampleJvm j : jvms) {
      j.awaitStarted();
    }
    target = jvms.get(1);
    peers = List.of(jvms.get(0), jvms.get(2));
    for (SampleJvm j : jvms) {
      SampleJvm.await(
          WAIT,
          "three UP instances in /peers of " + j.name,
          () -> peerNames(j).equals(List.of("reg-1", "reg-2", "reg-3")));
    }
  }

  @AfterAll
  void stopAll() throws InterruptedException {
    for (SampleJvm j : jvms) {
      j.stop();
    }
  }

  @Test
  void theServiceRegistryEndpointShowsThisInstancesStatus() throws Exception {
    HttpResponse<String> status = target.get("/actuator/serviceregistry");
    assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
    Map<String, Object> body = JsonPath.read(status.body(), "$");
    assertThat(body)
        .containsEntry("status", "UP")
        .containsEntry("readiness", "UP")
        .containsEntry("registered", true)
        .doesNotContainKey("override");
    // every instance carries its status in its metadata
    List<Map<String, Object>> listed = JsonPath.read(peers.get(0).get("/peers").body(), "$");
    assertThat(listed)
        .allSatisfy(
            p ->
                assertThat(p.get("metadata"))
                    .isEqualTo(Map.of("service", "swim-sample", "status", "UP")));
  }

  @Test
  void anUnknownStatusIsRefusedAndChangesNothing() throws Exception {
    HttpResponse<String> refused =
        target.postJson("/actuator/serviceregistry", "{\"status\":\"MAINTENANCE\"}");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(target.output())
        .contains("Unsupported instance status 'MAINTENANCE'")
        .contains("UP, OUT_OF_SERVICE or DOWN");
    assertThat(statusAt(target, TARGET)).isEqualTo("UP");
    for (SampleJvm p : peers) {
      assertThat(peerNames(p)).contains(TARGET);
    }
  }

  @Test
  void outOfServiceLeavesEveryPeersDiscoveryAndUpBringsItBack() throws Exception {
    List<Long> outMillis = new ArrayList<>();
    List<Long> upMillis = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      outMillis.add(change("OUT_OF_SERVICE"));
      for (SampleJvm p : peers) {
        SampleJvm.await(
            WAIT,
            TARGET + " out of " + p.name + "'s /peers",
            () -> peerNames(p).equals(List.of("reg-1", "reg-3")));
        // out of service, not out of the cluster: still a live member everywhere
        Map<String, Object> member = member(p, TARGET);
        assertThat(member.get("state")).as("%s at %s", TARGET, p.name).isEqualTo("ALIVE");
      }
      assertThat(peerNames(target)).containsExactly("reg-1", "reg-3");
      Map<String, Object> shown =
          JsonPath.read(target.get("/actuator/serviceregistry").body(), "$");
      assertThat(shown)
          .containsEntry("status", "OUT_OF_SERVICE")
          .containsEntry("override", "OUT_OF_SERVICE");

      upMillis.add(change("UP"));
      for (SampleJvm p : peers) {
        SampleJvm.await(
            WAIT,
            TARGET + " back in " + p.name + "'s /peers",
            () -> peerNames(p).equals(List.of("reg-1", "reg-2", "reg-3")));
      }
    }
    log.info(
        "MEASURED: POST /actuator/serviceregistry -> status seen in /actuator/swim of every peer"
            + " (3 JVMs, lan profile): OUT_OF_SERVICE median {} ms {}, UP median {} ms {}",
        median(outMillis),
        outMillis,
        median(upMillis),
        upMillis);
    assertThat(outMillis).hasSize(ROUNDS);
    // twenty status changes later, still a live member everywhere
    for (SampleJvm p : peers) {
      assertThat(member(p, TARGET).get("state")).isEqualTo("ALIVE");
    }
  }

  /**
   * POSTs {@code status} to the target and returns the milliseconds until every peer's {@code
   * /actuator/swim} shows it.
   */
  private long change(String status) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> posted =
        target.postJson("/actuator/serviceregistry", "{\"status\":\"" + status + "\"}");
    assertThat(posted.statusCode()).as(posted.body()).isBetween(200, 204);
    for (SampleJvm p : peers) {
      long deadline = start + WAIT.toNanos();
      while (!status.equals(statusAt(p, TARGET))) {
        assertThat(System.nanoTime())
            .as("%s sees %s %s within %s", p.name, TARGET, status, WAIT)
            .isLessThan(deadline);
        TimeUnit.MILLISECONDS.sleep(2);
      }
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** The status {@code name} advertises as {@code at}'s /actuator/swim shows it. */
  private static String statusAt(SampleJvm at, String name) throws Exception {
    Map<String, Object> member = member(at, name);
    @SuppressWarnings("unchecked")
    Map<String, String> metadata = (Map<String, String>) member.get("metadata");
    return metadata.get("status");
  }

  private static Map<String, Object> member(SampleJvm at, String name) throws Exception {
    HttpResponse<String> r = at.get("/actuator/swim/" + name);
    assertThat(r.statusCode()).as("%s knows %s: %s", at.name, name, r.body()).isEqualTo(200);
    return JsonPath.read(r.body(), "$");
  }

  /** The instance ids in {@code at}'s /peers, sorted. */
  private static List<String> peerNames(SampleJvm at) throws Exception {
    HttpResponse<String> r = at.get("/peers");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> names = JsonPath.read(r.body(), "$[*].instanceId");
    return names.stream().sorted().toList();
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
