package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.protocol.SwimConfig.Profile;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("SwimConfig")
class SwimConfigTest {

  static Arguments bad(String setting, Consumer<SwimConfig.Builder> change) {
    return Arguments.of(setting, change);
  }

  static Stream<Arguments> invalidValues() {
    Duration zero = Duration.ZERO;
    Duration negative = Duration.ofSeconds(-1);
    return Stream.of(
        bad("probeInterval", b -> b.probeInterval(zero)),
        bad("probeInterval", b -> b.probeInterval(null)),
        bad("probeTimeout", b -> b.probeTimeout(negative)),
        bad("probeTimeout", b -> b.probeTimeout(Duration.ofSeconds(1))),
        bad("indirectChecks", b -> b.indirectChecks(-1)),
        bad("indirectChecks", b -> b.indirectChecks(17)),
        bad("suspicionMult", b -> b.suspicionMult(0)),
        bad("suspicionMaxTimeoutMult", b -> b.suspicionMaxTimeoutMult(0)),
        bad("awarenessMaxMultiplier", b -> b.awarenessMaxMultiplier(0)),
        bad("gossipInterval", b -> b.gossipInterval(zero)),
        bad("gossipNodes", b -> b.gossipNodes(-1)),
        bad("retransmitMult", b -> b.retransmitMult(0)),
        bad("gossipToTheDead", b -> b.gossipToTheDead(negative)),
        bad("pushPullInterval", b -> b.pushPullInterval(zero)),
        bad("tombstoneTimeout", b -> b.tombstoneTimeout(negative)),
        bad("healInterval", b -> b.healInterval(zero)),
        bad("maxDatagramBytes", b -> b.maxDatagramBytes(100)),
        bad("datagramOverheadBytes", b -> b.datagramOverheadBytes(-1)),
        bad("metadataLimitBytes", b -> b.metadataLimitBytes(-1)),
        bad("userEventLimitBytes", b -> b.userEventLimitBytes(0)),
        bad("userEventShareBytes", b -> b.userEventShareBytes(10_000)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidValues")
  @DisplayName("an invalid value is rejected with a message naming the setting")
  void invalidValueNamesTheSetting(String setting, Consumer<SwimConfig.Builder> change) {
    SwimConfig.Builder b = SwimConfig.builder(Profile.LAN);
    change.accept(b);

    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(setting);
  }

  @Test
  @DisplayName("LAN has memberlist's DefaultLANConfig values")
  void lanDefaults() {
    SwimConfig c = SwimConfig.lan();
    assertThat(c.probeInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.probeTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.indirectChecks()).isEqualTo(3);
    assertThat(c.suspicionMult()).isEqualTo(4);
    assertThat(c.suspicionMaxTimeoutMult()).isEqualTo(6);
    assertThat(c.awarenessMaxMultiplier()).isEqualTo(8);
    assertThat(c.gossipInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.gossipNodes()).isEqualTo(3);
    assertThat(c.retransmitMult()).isEqualTo(4);
    assertThat(c.gossipToTheDead()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.pushPullInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.maxDatagramBytes()).isEqualTo(1400);
    assertThat(c.metadataLimitBytes()).isEqualTo(512);
    assertThat(c.lifeguard()).isTrue();
  }

  @Test
  @DisplayName("WAN and LOCAL have memberlist's DefaultWANConfig and DefaultLocalConfig values")
  void wanAndLocalDefaults() {
    SwimConfig wan = SwimConfig.wan();
    assertThat(wan.probeInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(wan.probeTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(wan.suspicionMult()).isEqualTo(6);
    assertThat(wan.gossipInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(wan.gossipNodes()).isEqualTo(4);
    assertThat(wan.pushPullInterval()).isEqualTo(Duration.ofSeconds(60));

    SwimConfig local = SwimConfig.local();
    assertThat(local.probeTimeout()).isEqualTo(Duration.ofMillis(200));
    assertThat(local.indirectChecks()).isEqualTo(1);
    assertThat(local.suspicionMult()).isEqualTo(3);
    assertThat(local.gossipInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(local.retransmitMult()).isEqualTo(2);
    assertThat(local.pushPullInterval()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  @DisplayName("toBuilder keeps every value")
  void toBuilderRoundTrip() {
    SwimConfig c =
        SwimConfig.builder(Profile.WAN)
            .gossipNodes(7)
            .lifeguard(false)
            .healInterval(Duration.ofSeconds(3))
            .build();

    assertThat(c.toBuilder().build().toString()).isEqualTo(c.toString());
    assertThat(c.toBuilder().build().healInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(SwimConfig.of(Profile.LOCAL).profile()).isEqualTo(Profile.LOCAL);
  }
}
