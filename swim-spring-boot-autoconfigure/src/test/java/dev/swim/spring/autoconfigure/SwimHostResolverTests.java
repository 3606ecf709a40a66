package dev.swim.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperState;
import dev.swim.core.runtime.HostResolver;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Seeds given as one DNS name with many addresses, as a Kubernetes headless Service gives them,
 * through a substituted {@link HostResolver} bean: "swim-headless.test" resolves to 127.0.0.1 and
 * 127.0.0.2, and two nodes bound to those loopback addresses on the same gossip port join through
 * that one seed name.
 */
class SwimHostResolverTests {

  private static final String HEADLESS = "swim-headless.test";
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The name's current records; empty until the "pods" are ready. */
  static final AtomicReference<InetAddress[]> RECORDS = new AtomicReference<>(new InetAddress[0]);

  static final AtomicInteger LOOKUPS = new AtomicInteger();

  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

  @AfterEach
  void closeAll() {
    contexts.forEach(ConfigurableApplicationContext::close);
    RECORDS.set(new InetAddress[0]);
  }

  @Test
  void oneSeedNameResolvingToTwoAddressesJoinsBothNodes() throws Exception {
    RECORDS.set(loopbacks());
    int port = freePortOnBothLoopbacks();
    LOOKUPS.set(0);
    // validate-seeds stays on: it uses the substituted resolver too, the system one would fail
    ConfigurableApplicationContext a = start("pod-a", "127.0.0.1", port);
    ConfigurableApplicationContext b = start("pod-b", "127.0.0.2", port);

    for (ConfigurableApplicationContext c : List.of(a, b)) {
      await(() -> alive(c) == 2, c.getId() + " sees both pods");
      await(() -> gossiper(c).state() == GossiperState.RUNNING, c.getId() + " joined");
    }
    assertThat(gossiper(a).member("pod-b").orElseThrow().address())
        .hasToString("127.0.0.2:" + port);
    assertThat(gossiper(b).member("pod-a").orElseThrow().address())
        .hasToString("127.0.0.1:" + port);
    assertThat(LOOKUPS.get()).as("lookups of " + HEADLESS).isGreaterThanOrEqualTo(4);
  }

  @Test
  void nodesStartedBeforeTheNameHasRecordsJoinOnceItHas() throws Exception {
    int port = freePortOnBothLoopbacks();
    ConfigurableApplicationContext a =
        start("pod-a", "127.0.0.1", port, "swim.join.validate-seeds=false");
    ConfigurableApplicationContext b =
        start("pod-b", "127.0.0.2", port, "swim.join.validate-seeds=false");
    Thread.sleep(1_000);
    assertThat(gossiper(a).state()).isEqualTo(GossiperState.JOINING);
    assertThat(gossiper(b).state()).isEqualTo(GossiperState.JOINING);

    RECORDS.set(loopbacks()); // the headless Service now has both pods' addresses

    for (ConfigurableApplicationContext c : List.of(a, b)) {
      await(() -> alive(c) == 2, c.getId() + " sees both pods");
      await(() -> gossiper(c).state() == GossiperState.RUNNING, c.getId() + " joined");
    }
  }

  @Test
  void seedValidationUsesTheSubstitutedResolver() {
    LOOKUPS.set(0);
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SwimAutoConfiguration.class))
        .withUserConfiguration(Resolver.class)
        .withPropertyValues(SwimTestSupport.LOOPBACK)
        .withPropertyValues("swim.seeds=" + HEADLESS + ":7946")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasStackTraceContaining("host '" + HEADLESS + "' cannot be resolved")
                  .hasRootCauseMessage(HEADLESS + ": no records (no ready pod yet)");
              assertThat(LOOKUPS.get()).isPositive();
            });
  }

  private ConfigurableApplicationContext start(
      String name, String address, int port, String... extra) {
    List<String> props = new ArrayList<>();
    props.addAll(
        List.of(
            "swim.node-name=" + name,
            "swim.bind-address=" + address,
            "swim.bind-port=" + port,
            "swim.seeds=" + HEADLESS + ":" + port,
            "swim.profile=local",
            "swim.leave-timeout=1s",
            "swim.join.retry-interval=100ms",
            "swim.join.max-retry-interval=500ms"));
    props.addAll(List.of(extra));
    ConfigurableApplicationContext c =
        new SpringApplicationBuilder(Node.class)
            .web(WebApplicationType.NONE)
            .properties(props.toArray(String[]::new))
            .run();
    contexts.add(c);
    return c;
  }

  private static InetAddress[] loopbacks() throws UnknownHostException {
    return new InetAddress[] {
      InetAddress.getLoopbackAddress(), InetAddress.getByAddress(new byte[] {127, 0, 0, 2})
    };
  }

  /** A port free for UDP and TCP on both 127.0.0.1 and 127.0.0.2. */
  private static int freePortOnBothLoopbacks() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 60_000);
      if (free("127.0.0.1", port) && free("127.0.0.2", port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port on both loopback addresses");
  }

  private static boolean free(String host, int port) {
    InetSocketAddress at = new InetSocketAddress(host, port);
    try (ServerSocket tcp = new ServerSocket();
        DatagramSocket udp = new DatagramSocket(null)) {
      tcp.bind(at);
      udp.bind(at);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Gossiper gossiper(ConfigurableApplicationContext c) {
    return c.getBean(Gossiper.class);
  }

  private static long alive(ConfigurableApplicationContext c) {
    return gossiper(c).members().stream().filter(m -> m.state() == MemberState.ALIVE).count();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT + " waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  /** Resolves only the headless name, to its current records. */
  @Configuration(proxyBeanMethods = false)
  static class Resolver {
    @Bean
    HostResolver headlessServiceResolver() {
      return host -> {
        if (!host.equals(HEADLESS)) {
          return HostResolver.SYSTEM.resolve(host);
        }
        LOOKUPS.incrementAndGet();
        InetAddress[] records = RECORDS.get();
        if (records.length == 0) {
          throw new UnknownHostException(host + ": no records (no ready pod yet)");
        }
        return records.clone();
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(SwimAutoConfiguration.class)
  static class Node extends Resolver {}
}
