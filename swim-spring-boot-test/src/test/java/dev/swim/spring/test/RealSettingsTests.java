package dev.swim.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.runtime.Gossiper;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@code @AutoConfigureSwim(useRealSettings = true)} opts out: the application's own settings apply
 * (its advertise address and port, its LAN profile), and only what the annotation's properties set
 * is changed (here: loopback, a free port and no seeds, so that the test stays off the network all
 * the same).
 */
@SpringBootTest
@AutoConfigureSwim(
    useRealSettings = true,
    properties = {"swim.bind-address=127.0.0.1", "swim.bind-port=0", "swim.seeds="})
class RealSettingsTests {

  @Autowired Gossiper gossiper;

  @Test
  void theApplicationsOwnSettingsApply() {
    assertThat(gossiper.localAddress())
        .as("the application's swim.advertise-address and swim.advertise-port")
        .isEqualTo(new NodeAddress("192.0.2.10", 17946));
    assertThat(gossiper.config().protocol().probeTimeout())
        .as("the application's LAN profile")
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void theAnnotationsPropertiesApplyOnTop() {
    assertThat(gossiper.boundAddress().host()).isEqualTo("127.0.0.1");
    assertThat(gossiper.boundAddress().port()).isNotEqualTo(7946);
    assertThat(gossiper.config().seeds()).isEmpty();
  }
}
