package dev.swim.spring.autoconfigure.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.protocol.Formulas;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.runtime.Gossiper;
import dev.swim.spring.autoconfigure.SwimTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * Two real applications of the service "swim-echo" on random HTTP ports, each calling the service
 * by name through a {@code @LoadBalanced RestClient.Builder}: Spring Cloud LoadBalancer spreads the
 * calls over both, using the SWIM-backed DiscoveryClient. When one stops (gracefully, or crashes),
 * the other stops routing to it.
 */
class SwimDiscoveryLoadBalancerTests {

  private static final Logger log = LoggerFactory.getLogger(SwimDiscoveryLoadBalancerTests.class);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SERVICE = "swim-echo";

  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

  @AfterEach
  void closeAll() {
    contexts.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void callerStopsRoutingToAGracefullyStoppedPeer() throws Exception {
    ConfigurableApplicationContext caller = start("echo-1", "zone-a", null);
    ConfigurableApplicationContext callee = start("echo-2", "zone-b", seedOf(caller));
    awaitInstances(caller, 2);

    ServiceInstance remote = instance(caller, "echo-2");
    assertThat(remote.getPort()).isEqualTo(httpPort(callee));
    assertThat(remote.getPort()).isNotEqualTo(gossiper(callee).localAddress().port());
    assertThat(remote.getHost()).isEqualTo("127.0.0.1");
    assertThat(remote.isSecure()).isFalse();
    assertThat(remote.getMetadata())
        .containsExactlyInAnyOrderEntriesOf(Map.of("zone", "zone-b", "status", "UP"));
    assertThat(instance(callee, "echo-1").getPort()).isEqualTo(httpPort(caller));

    assertThat(callsByName(caller, 20)).containsExactlyInAnyOrder("echo-1", "echo-2");
    Recorder recorder = caller.getBean(Recorder.class);
    assertThat(recorder.registered).hasSize(1);
    assertThat(recorder.heartbeats).isNotEmpty().isSorted();

    long heartbeatsBefore = recorder.heartbeats.size();
    long startNanos = System.nanoTime();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(callee::close);
    await(() -> !listed(caller, "echo-2"), "echo-2 leaves echo-1's DiscoveryClient list");
    long leftMillis = (System.nanoTime() - startNanos) / 1_000_000;
    log.info(
        "MEASURED: a gracefully stopped peer left the DiscoveryClient list in {} ms (target 2000"
            + " ms)",
        leftMillis);
    closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(leftMillis).as("ms until the stopped peer is no longer listed").isLessThan(2_000);
    assertThat(gossiper(caller).member("echo-2").orElseThrow().state()).isEqualTo(MemberState.LEFT);
    assertThat(recorder.heartbeats.size()).isGreaterThan((int) heartbeatsBefore);
    assertThat(callsByName(caller, 10)).containsOnly("echo-1");
  }

  @Test
  void callerStopsRoutingToACrashedPeerWithinTheFailureDetectionBound() throws Exception {
    ConfigurableApplicationContext caller = start("echo-1", "zone-a", null);
    ConfigurableApplicationContext callee = start("echo-2", "zone-b", seedOf(caller));
    awaitInstances(caller, 2);
    assertThat(callsByName(caller, 20)).containsExactlyInAnyOrder("echo-1", "echo-2");

    long startNanos = System.nanoTime();
    gossiper(callee).close(); // no leave: a crash, as the cluster sees it
    await(() -> !listed(caller, "echo-2"), "echo-2 is dropped after its failure is detected");
    long droppedMillis = (System.nanoTime() - startNanos) / 1_000_000;

    SwimConfig protocol = gossiper(caller).config().protocol();
    long probe = protocol.probeInterval().toMillis();
    long min = Formulas.suspicionMinMillis(protocol.suspicionMult(), 2, probe);
    long max = Formulas.suspicionMaxMillis(min, protocol.suspicionMaxTimeoutMult());
    int k = Formulas.confirmationsWanted(protocol.suspicionMult(), 2);
    long expected =
        2 * probe
            + protocol.probeTimeout().toMillis()
            + Formulas.suspicionTimeoutMillis(min, max, k, 0);
    long bound = 2 * probe + protocol.probeTimeout().toMillis() + max;
    log.info(
        "MEASURED: a crashed peer left the DiscoveryClient list in {} ms (profile local,"
            + " 2 members: detection + suspicion expected <= {} ms; Lifeguard worst case {} ms)",
        droppedMillis,
        expected,
        bound);
    assertThat(droppedMillis).isLessThanOrEqualTo(bound);
    assertThat(gossiper(caller).member("echo-2").orElseThrow().state()).isEqualTo(MemberState.DEAD);
    assertThat(callsByName(caller, 10)).containsOnly("echo-1");
  }

  private ConfigurableApplicationContext start(String name, String zone, String seed) {
    List<String> props = new ArrayList<>(List.of(SwimTestSupport.LOOPBACK));
    props.addAll(
        List.of(
            "swim.node-name=" + name,
            "spring.application.name=" + SERVICE,
            "swim.metadata.zone=" + zone,
            "server.port=0",
            "server.address=127.0.0.1",
            "management.endpoints.access.default=none"));
    if (seed != null) {
      props.add("swim.seeds=" + seed);
    }
    ConfigurableApplicationContext c =
        new SpringApplicationBuilder(EchoApplication.class)
            .web(WebApplicationType.SERVLET)
            .properties(props.toArray(String[]::new))
            .run();
    contexts.add(c);
    return c;
  }

  private static String seedOf(ConfigurableApplicationContext c) {
    return "127.0.0.1:" + gossiper(c).localAddress().port();
  }

  private static Gossiper gossiper(ConfigurableApplicationContext c) {
    return c.getBean(Gossiper.class);
  }

  private static int httpPort(ConfigurableApplicationContext c) {
    return ((WebServerApplicationContext) c).getWebServer().getPort();
  }

  private static List<ServiceInstance> instances(ConfigurableApplicationContext c) {
    return c.getBean(DiscoveryClient.class).getInstances(SERVICE);
  }

  private static ServiceInstance instance(ConfigurableApplicationContext c, String id) {
    return instances(c).stream()
        .filter(i -> i.getInstanceId().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static boolean listed(ConfigurableApplicationContext c, String id) {
    return instances(c).stream().anyMatch(i -> i.getInstanceId().equals(id));
  }

  private static void awaitInstances(ConfigurableApplicationContext c, int n) throws Exception {
    await(() -> instances(c).size() == n, n + " instances of " + SERVICE);
  }

  /** Calls the service by name {@code n} times; returns the distinct answers (node names). */
  private static Set<String> callsByName(ConfigurableApplicationContext c, int n) {
    RestClient client = c.getBean(RestClient.Builder.class).build();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      seen.add(client.get().uri("http://" + SERVICE + "/whoami").retrieve().body(String.class));
    }
    return seen;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT + " waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  /** The discovery events one application received. */
  static final class Recorder {
    final List<Long> heartbeats = new CopyOnWriteArrayList<>();
    final List<InstanceRegisteredEvent<?>> registered = new CopyOnWriteArrayList<>();

    @EventListener
    void on(HeartbeatEvent event) {
      heartbeats.add((Long) event.getValue());
    }

    @EventListener
    void on(InstanceRegisteredEvent<?> event) {
      registered.add(event);
    }
  }

  /** Answers with this node's name. */
  @RestController
  static class WhoAmIController {
    private final String name;

    WhoAmIController(Environment env) {
      this.name = env.getRequiredProperty("swim.node-name");
    }

    @GetMapping("/whoami")
    String whoami() {
      return name;
    }
  }

  /** A minimal web application with every auto-configuration on the test classpath. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(WhoAmIController.class)
  static class EchoApplication {

    @Bean
    @LoadBalanced
    RestClient.Builder loadBalancedRestClientBuilder() {
      return RestClient.builder();
    }

    @Bean
    Recorder recorder() {
      return new Recorder();
    }
  }
}
