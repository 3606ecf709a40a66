package dev.swim.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.web.client.RestClient;
import reactor.core.Disposable;

/**
 * A real {@code @LoadBalanced RestClient} calling three sample JVMs by service name. The caller is
 * an application in the test JVM that joins the cluster as a consumer only ({@code
 * spring.cloud.service-registry.auto-registration.enabled=false}: it discovers, and nobody lists
 * it), with Spring Cloud LoadBalancer's defaults, its cache included. Its instance supplier pushes
 * a new list when one member is taken out of service and when another is killed, and from then on
 * every call lands on the one member left UP.
 */
class SampleAppLoadBalancerProcessTests {

  private static final Logger log =
      LoggerFactory.getLogger(SampleAppLoadBalancerProcessTests.class);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String SERVICE = "swim-sample";

  @TempDir Path dir;

  @Test
  void callsFollowStatusChangesAndCrashesWithoutPolling() throws Exception {
    List<SampleJvm> jvms = new ArrayList<>();
    ConfigurableApplicationContext caller = null;
    Disposable subscription = null;
    try {
      SampleJvm lb1 = SampleJvm.launch(dir, "lb-1", null);
      jvms.add(lb1);
      lb1.awaitStarted();
      SampleJvm lb2 = SampleJvm.launch(dir, "lb-2", lb1.seed());
      jvms.add(lb2);
      SampleJvm lb3 = SampleJvm.launch(dir, "lb-3", lb1.seed());
      jvms.add(lb3);
      lb2.awaitStarted();
      lb3.awaitStarted();

      caller = startCaller(lb1.seed());
      RestClient client = caller.getBean(RestClient.Builder.class).build();
      ServiceInstanceListSupplier supplier =
          caller
              .getBean(LoadBalancerClientFactory.class)
              .getInstance(SERVICE, ServiceInstanceListSupplier.class);
      List<Set<String>> pushed = new CopyOnWriteArrayList<>();
      subscription =
          supplier.get().map(SampleAppLoadBalancerProcessTests::names).subscribe(pushed::add);
      SampleJvm.await(WAIT, "the caller discovers three instances", () -> last(pushed).size() == 3);

      // the caller is a member that nobody lists
      for (SampleJvm j : jvms) {
        SampleJvm.await(
            WAIT,
            j.name + " knows the caller",
            () -> j.get("/actuator/swim/lb-caller").statusCode() == 200);
        List<String> listed = JsonPath.read(j.get("/peers").body(), "$[*].instanceId");
        assertThat(listed).containsExactlyInAnyOrder("lb-1", "lb-2", "lb-3");
      }
      assertThat(answers(client, 30)).containsExactlyInAnyOrder("lb-1", "lb-2", "lb-3");
      int pushedBefore = pushed.size();
      long heartbeatsBefore = caller.getBean(Heartbeats.class).values.size();

      // lb-2 out of service: pushed at once, and no call reaches it
      long outAt = System.nanoTime();
      assertThat(
              lb2.postJson("/actuator/serviceregistry", "{\"status\":\"OUT_OF_SERVICE\"}")
                  .statusCode())
          .isBetween(200, 204);
      SampleJvm.await(
          WAIT, "a list without lb-2 pushed", () -> last(pushed).equals(Set.of("lb-1", "lb-3")));
      long outMillis = (System.nanoTime() - outAt) / 1_000_000;
      assertThat(answers(client, 20)).containsExactlyInAnyOrder("lb-1", "lb-3");

      // lb-3 killed: pushed once its failure is confirmed, and every call lands on lb-1
      long killedAt = System.nanoTime();
      lb3.kill();
      SampleJvm.await(
          WAIT, "a list without lb-3 pushed", () -> last(pushed).equals(Set.of("lb-1")));
      log.info(
          "MEASURED: the caller's LoadBalancer list dropped lb-2 {} ms after the POST, and lb-3"
              + " {} ms after it was killed (lan profile)",
          outMillis,
          (System.nanoTime() - killedAt) / 1_000_000);
      assertThat(answers(client, 20)).containsExactly("lb-1");

      // one list per change, and one heartbeat per change: nothing polled, nothing repeated
      assertThat(pushed.subList(pushedBefore - 1, pushed.size()))
          .containsExactly(Set.of("lb-1", "lb-2", "lb-3"), Set.of("lb-1", "lb-3"), Set.of("lb-1"));
      assertThat(caller.getBean(Heartbeats.class).values.size() - heartbeatsBefore).isEqualTo(2);
      // out of service is not dead: lb-2 is still a live member for the caller's peers
      Map<String, Object> seen = JsonPath.read(lb1.get("/actuator/swim/lb-2").body(), "$");
      assertThat(seen.get("state")).isEqualTo("ALIVE");
    } finally {
      if (subscription != null) {
        subscription.dispose();
      }
      if (caller != null) {
        caller.close();
      }
      for (SampleJvm j : jvms) {
        j.stop();
      }
    }
  }

  /** Command-line arguments: they win over the sample's application.yml, on this classpath too. */
  private static ConfigurableApplicationContext startCaller(String seed) {
    return new SpringApplicationBuilder(Caller.class)
        .web(WebApplicationType.NONE)
        .run(
            "--spring.application.name=lb-caller",
            "--spring.cloud.service-registry.auto-registration.enabled=false",
            "--swim.node-name=lb-caller",
            "--swim.bind-address=127.0.0.1",
            "--swim.bind-port=0",
            "--swim.seeds=" + seed,
            "--swim.leave-timeout=1s",
            "--spring.main.banner-mode=off");
  }

  /** Who answered {@code n} calls to the service by name ({@code local.name} of /actuator/swim). */
  private static Set<String> answers(RestClient client, int n) {
    Set<String> seen = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      String body =
          client.get().uri("http://" + SERVICE + "/actuator/swim").retrieve().body(String.class);
      seen.add(JsonPath.read(body, "$.local.name"));
    }
    return seen;
  }

  private static Set<String> names(List<ServiceInstance> instances) {
    Set<String> out = new TreeSet<>();
    instances.forEach(i -> out.add(i.getInstanceId()));
    return out;
  }

  private static Set<String> last(List<Set<String>> pushed) {
    return pushed.isEmpty() ? Set.of() : pushed.get(pushed.size() - 1);
  }

  /** The heartbeats the caller received. */
  static final class Heartbeats {
    final List<Object> values = new CopyOnWriteArrayList<>();

    @EventListener
    void on(HeartbeatEvent event) {
      values.add(event.getValue());
    }
  }

  /** The calling application: auto-configuration and a load-balanced client, no web server. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class Caller {

    @Bean
    @LoadBalanced
    RestClient.Builder loadBalancedRestClientBuilder() {
      return RestClient.builder();
    }

    @Bean
    Heartbeats heartbeats() {
      return new Heartbeats();
    }
  }
}
