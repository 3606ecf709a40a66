package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.settings.InvalidSettingException;
import dev.swim.core.settings.Profile;
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
        bad("swim.probe-interval", b -> b.probeInterval(zero)),
        bad("swim.probe-interval", b -> b.probeInterval(null)),
        bad("swim.probe-timeout", b -> b.probeTimeout(negative)),
        bad("swim.probe-timeout", b -> b.probeTimeout(Duration.ofSeconds(1))),
        bad("swim.indirect-checks", b -> b.indirectChecks(-1)),
        bad("swim.indirect-checks", b -> b.indirectChecks(17)),
        bad("swim.suspicion-multiplier", b -> b.suspicionMult(0)),
        bad("swim.suspicion-max-timeout-multiplier", b -> b.suspicionMaxTimeoutMult(0)),
        bad("swim.awareness-max-multiplier", b -> b.awarenessMaxMultiplier(0)),
        bad("swim.gossip-interval", b -> b.gossipInterval(zero)),
        bad("swim.gossip-nodes", b -> b.gossipNodes(-1)),
        bad("swim.retransmit-multiplier", b -> b.retransmitMult(0)),
        bad("swim.gossip-to-the-dead-time", b -> b.gossipToTheDead(negative)),
        bad("swim.push-pull-interval", b -> b.pushPullInterval(zero)),
        bad("swim.tombstone-timeout", b -> b.tombstoneTimeout(negative)),
        bad("swim.heal-interval", b -> b.healInterval(zero)),
        bad("swim.max-datagram-size", b -> b.maxDatagramBytes(100)),
        bad("swim.datagram-overhead", b -> b.datagramOverheadBytes(-1)),
        bad("swim.max-metadata-size", b -> b.metadataLimitBytes(-1)),
        bad("swim.max-user-event-size", b -> b.userEventLimitBytes(0)),
        bad("swim.user-event-share", b -> b.userEventShareBytes(10_000)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidValues")
  @DisplayName("an invalid value is rejected with a message naming the swim.* property")
  void invalidValueNamesTheSetting(String setting, Consumer<SwimConfig.Builder> change) {
    SwimConfig.Builder b = SwimConfig.builder(Profile.LAN);
    change.accept(b);

    // the message starts with the swim.* property, which the exception also names
    assertThatThrownBy(b::build)
        .isInstanceOfSatisfying(
            InvalidSettingException.class, e -> assertThat(e.property()).isEqualTo(setting))
        .hasMessageStartingWith(setting + " ");
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
