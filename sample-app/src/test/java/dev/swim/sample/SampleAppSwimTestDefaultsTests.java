package dev.swim.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.runtime.GossiperState;
import dev.swim.core.settings.Profile;
import dev.swim.spring.test.LocalSwimPort;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * A {@code @SpringBootTest} of the sample app with no SWIM settings at all. The app's own
 * application.yml binds 0.0.0.0:7946 with the LAN profile; with swim-spring-boot-test on the test
 * classpath its member binds only loopback, on a free port, with no seeds and the local profile,
 * and {@code @LocalSwimPort} injects the port it bound.
 */
@SpringBootTest
class SampleAppSwimTestDefaultsTests {

  private static final int PRODUCTION_PORT = 7946;

  @Autowired Gossiper gossiper;

  @Autowired ConfigurableEnvironment environment;

  @LocalSwimPort int swimPort;

  @Test
  void theAppsOwnConfigurationWouldBindEveryInterfaceOnThePublishedPort() {
    PropertySource<?> yml =
        environment.getPropertySources().stream()
            .filter(s -> s.getName().contains("application.yml"))
            .findFirst()
            .orElseThrow();
    Object address = yml.getProperty("swim.bind-address");
    Object port = yml.getProperty("swim.bind-port");
    assertThat(address).isNotNull();
    assertThat(port).isNotNull();
    assertThat(environment.resolvePlaceholders(address.toString())).isEqualTo("0.0.0.0");
    assertThat(environment.resolvePlaceholders(port.toString()))
        .isEqualTo(Integer.toString(PRODUCTION_PORT));
  }

  @Test
  void withNoSwimSettingsTheMemberBindsOnlyLoopback() throws Exception {
    assertThat(gossiper.state()).isEqualTo(GossiperState.RUNNING);
    String host = gossiper.boundAddress().host();
    assertThat(InetAddress.getByName(host).isLoopbackAddress()).as(host).isTrue();
    assertThat(gossiper.boundAddress().port()).isPositive().isNotEqualTo(PRODUCTION_PORT);
    assertThat(gossiper.localAddress())
        .as("no advertise address")
        .isEqualTo(gossiper.boundAddress());
    assertThat(gossiper.config().seeds()).isEmpty();
    assertThat(gossiper.config().protocol().profile()).isEqualTo(Profile.LOCAL);
  }

  /**
   * What the kernel says: every socket on the gossip port (the UDP socket and the TCP listener) is
   * bound to 127.0.0.1, none to a wildcard or another interface. Linux's /proc/net tables; on
   * another system the test above is the check.
   */
  @Test
  void theKernelHasTheGossipSocketsOnLoopbackOnly() throws Exception {
    Path proc = Path.of("/proc/net");
    boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    if (!linux) {
      assertThat(gossiper.boundAddress().host()).isEqualTo("127.0.0.1");
      return;
    }
    int port = gossiper.boundAddress().port();
    List<String> tcpListeners = new ArrayList<>();
    List<String> udpSockets = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
      for (String[] socket : sockets(proc.resolve(table))) {
        String local = socket[1];
        int localPort = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
        boolean tcp = table.startsWith("tcp");
        // TCP state 0A is LISTEN: skip connections that merely use the port on one end
        if (localPort != port || (tcp && !socket[3].equals("0A"))) {
          continue;
        }
        (tcp ? tcpListeners : udpSockets).add(table + " " + local);
      }
    }
    // 0100007F is 127.0.0.1 as /proc/net/tcp and udp write it (little-endian hex)
    String loopback = "0100007F:" + String.format(Locale.ROOT, "%04X", port);
    assertThat(tcpListeners).as("TCP listeners on port " + port).containsExactly("tcp " + loopback);
    assertThat(udpSockets).as("UDP sockets on port " + port).containsExactly("udp " + loopback);
  }

  @Test
  void localSwimPortInjectsTheBoundPortAndAVisitorJoinsThroughIt() throws Exception {
    assertThat(swimPort).isEqualTo(gossiper.boundAddress().port()).isNotEqualTo(PRODUCTION_PORT);
    assertThat(environment.getProperty("local.swim.port", Integer.class)).isEqualTo(swimPort);
    GossiperConfig config =
        GossiperConfig.builder("defaults-visitor")
            .bindAddress("127.0.0.1")
            .bindPort(0)
            .protocol(SwimConfig.local())
            .seeds(List.of("127.0.0.1:" + swimPort))
            .build();
    try (Gossiper visitor = Gossiper.create(config)) {
      visitor.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (gossiper.member("defaults-visitor").map(Member::state).orElse(null)
          != MemberState.ALIVE) {
        assertThat(System.nanoTime())
            .as("the sample's member sees the visitor that joined through @LocalSwimPort")
            .isLessThan(deadline);
        Thread.sleep(20);
      }
      visitor.leave(Duration.ofSeconds(5));
    }
  }

  /** The rows of one /proc/net socket table, split on blanks (header skipped). */
  private static List<String[]> sockets(Path table) throws IOException {
    if (!Files.isReadable(table)) {
      return List.of();
    }
    List<String> lines = Files.readAllLines(table, StandardCharsets.US_ASCII);
    return lines.stream().skip(1).map(l -> l.trim().split("\\s+")).toList();
  }
}
