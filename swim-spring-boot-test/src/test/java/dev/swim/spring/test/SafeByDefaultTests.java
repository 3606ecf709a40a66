package dev.swim.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperState;
import dev.swim.core.transport.Transport;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * A plain {@code @SpringBootTest} of an application whose own settings bind 0.0.0.0:7946, gossip
 * with two seeds, advertise another address and use the LAN profile: with this module on the test
 * classpath and nothing else, its member binds loopback on a free port, with no seeds, no advertise
 * address and the local profile, over real sockets; the application's other settings still apply.
 */
@SpringBootTest
class SafeByDefaultTests {

  @Autowired Gossiper gossiper;
  @Autowired ConfigurableEnvironment environment;
  @Autowired ApplicationContext context;
  @LocalSwimPort int swimPort;

  @Test
  void bindsLoopbackOnAFreePortWithNoSeedsAndTheLocalProfile() throws Exception {
    assertThat(gossiper.state()).isEqualTo(GossiperState.RUNNING);
    String host = gossiper.boundAddress().host();
    assertThat(host).isEqualTo("127.0.0.1");
    assertThat(InetAddress.getByName(host).isLoopbackAddress()).isTrue();
    assertThat(gossiper.boundAddress().port()).isPositive().isNotEqualTo(7946);
    assertThat(gossiper.config().seeds()).isEmpty();
    assertThat(gossiper.config().advertiseAddress()).isNull();
    assertThat(gossiper.localAddress()).isEqualTo(gossiper.boundAddress());
    assertThat(gossiper.config().protocol().probeTimeout())
        .as("the local profile's probe timeout, not the LAN one's 500 ms")
        .isEqualTo(Duration.ofMillis(200));
    assertThat(context.getBeanNamesForType(Transport.class))
        .as("real sockets unless the test asks for the in-memory transport")
        .isEmpty();
  }

  @Test
  void theApplicationsOtherSettingsStillApply() {
    assertThat(gossiper.config().nodeName()).isEqualTo("prod-like");
    assertThat(gossiper.config().leaveTimeout()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void localSwimPortIsTheBoundPort() {
    assertThat(swimPort).isEqualTo(gossiper.boundAddress().port());
    assertThat(environment.getProperty("local.swim.port", Integer.class)).isEqualTo(swimPort);
  }

  @Test
  void theTestValuesSitAboveTheApplicationsConfiguration() {
    List<String> names =
        environment.getPropertySources().stream().map(PropertySource::getName).toList();
    int test = names.indexOf(SwimTestSettings.PROPERTY_SOURCE_NAME);
    int applicationProperties =
        names.stream()
            .filter(n -> n.contains("application.properties"))
            .findFirst()
            .map(names::indexOf)
            .orElseThrow();
    assertThat(test).isNotNegative().isLessThan(applicationProperties);
    assertThat(environment.getProperty("swim.seeds")).isEmpty();
    assertThat(environment.getProperty("swim.bind-address")).isEqualTo("127.0.0.1");
    assertThat(environment.getProperty("swim.profile")).isEqualTo("local");
  }
}
