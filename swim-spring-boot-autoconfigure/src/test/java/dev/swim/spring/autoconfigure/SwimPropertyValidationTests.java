package dev.swim.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.runtime.Gossiper;
import dev.swim.spring.SwimConfigurationException;
import dev.swim.spring.diagnostics.SwimFailureAnalyzer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/**
 * Invalid {@code swim.*} values fail startup with a message naming the property, and the failure
 * analyzer turns the common ones into an action.
 */
class SwimPropertyValidationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SwimAutoConfiguration.class))
          .withPropertyValues(SwimTestSupport.LOOPBACK);

  @Test
  void probeTimeoutMustBeBelowProbeInterval() {
    assertFailure("swim.probe-timeout", "swim.probe-timeout=2s")
        .hasMessageContaining("swim.probe-timeout (2s) must be less than swim.probe-interval");
    assertAction("swim.probe-timeout=2s").contains("below swim.probe-interval");
  }

  @Test
  void probeTimeoutIsCheckedAgainstTheProfilesInterval() {
    // local: 1s interval; an explicit interval below the profile's timeout fails as well
    assertFailure("swim.probe-timeout", "swim.probe-interval=150ms")
        .hasMessageContaining("swim.probe-interval (150ms)");
  }

  @Test
  void keysMustBeBase64() {
    String notBase64 = "this-is-not*base64!!";
    assertFailure("swim.encryption.keys", "swim.encryption.keys=" + notBase64)
        .hasMessageContaining("swim.encryption.keys[0] is not valid base64")
        .message()
        .doesNotContain(notBase64);
    assertAction("swim.encryption.keys=" + notBase64).contains("openssl rand -base64 32");
  }

  @Test
  void keysMustBeAesLength() {
    String shortKey = SwimTestSupport.key(10, 2);
    assertFailure(
            "swim.encryption.keys",
            "swim.encryption.keys=" + SwimTestSupport.key(32, 1) + "," + shortKey)
        .hasMessageContaining("swim.encryption.keys[1] must be 16, 24 or 32 bytes")
        .message()
        .doesNotContain(shortKey);
  }

  @Test
  void requiredEncryptionWithoutKeysFailsNamingBothProperties() {
    assertFailure("swim.encryption.required", "swim.encryption.required=true")
        .hasMessage(
            "swim.encryption.required is true but no swim.encryption.keys are set: give every"
                + " member the same keys, or turn swim.encryption.required off to gossip in"
                + " plaintext");
    assertAction("swim.encryption.required=true")
        .contains("swim.encryption.keys")
        .contains("openssl rand -base64 32")
        .contains("swim.encryption.required=false");
  }

  @Test
  void requiredEncryptionWithKeysStarts() {
    runner
        .withPropertyValues(
            "swim.encryption.required=true",
            "swim.encryption.keys=" + SwimTestSupport.key(32, 1),
            "swim.auto-startup=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(Gossiper.class).config().encryptionRequired()).isTrue();
            });
  }

  @Test
  void theWanProfileRequiresEncryptionUnlessTurnedOff() {
    assertFailure("swim.encryption.required", "swim.profile=wan", "swim.auto-startup=false")
        .hasMessageContaining("swim.encryption.required is true but no swim.encryption.keys");
    runner
        .withPropertyValues(
            "swim.profile=wan",
            "swim.encryption.keys=" + SwimTestSupport.key(16, 3),
            "swim.auto-startup=false")
        .run(
            context ->
                assertThat(context.getBean(Gossiper.class).config().encryptionRequired()).isTrue());
    runner
        .withPropertyValues(
            "swim.profile=wan", "swim.encryption.required=false", "swim.auto-startup=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(Gossiper.class).config().encryptionRequired()).isFalse();
            });
  }

  @Test
  void otherProfilesDoNotRequireEncryption() {
    for (String profile : new String[] {"lan", "local"}) {
      runner
          .withPropertyValues("swim.profile=" + profile, "swim.auto-startup=false")
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(Gossiper.class).config().encryptionRequired())
                    .as(profile)
                    .isFalse();
              });
    }
  }

  @Test
  void seedsMustResolve() {
    assertFailure("swim.seeds", "swim.seeds=127.0.0.1:7946,no-such-host.invalid")
        .hasMessageContaining("swim.seeds[1] host 'no-such-host.invalid' cannot be resolved");
    assertAction("swim.seeds=no-such-host.invalid").contains("swim.join.validate-seeds=false");
  }

  @Test
  void unresolvableSeedsAreAcceptedWhenValidationIsOff() {
    runner
        .withPropertyValues(
            "swim.seeds=no-such-host.invalid",
            "swim.join.validate-seeds=false",
            "swim.auto-startup=false")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void seedsMustBeHostAndPort() {
    assertFailure("swim.seeds", "swim.seeds=127.0.0.1:99999")
        .hasMessageContaining("swim.seeds[0] '127.0.0.1:99999' is not host[:port]");
  }

  @Test
  void portsMustBeInRange() {
    assertFailure("swim.bind-port", "swim.bind-port=70000")
        .hasMessageContaining("swim.bind-port must be between 0 and 65535, was 70000");
    assertFailure("swim.advertise-port", "swim.advertise-port=-1")
        .hasMessageContaining("swim.advertise-port must be between 0 and 65535");
  }

  @Test
  void sizesAreCheckedInBytes() {
    assertFailure("swim.max-datagram-size", "swim.max-datagram-size=100B")
        .hasMessageContaining("swim.max-datagram-size must be between 512B and 65000B, was 100B");
  }

  @Test
  void maxMembersIsLimited() {
    assertFailure("swim.max-members", "swim.max-members=1")
        .hasMessageContaining("swim.max-members must be between 2 and 10000000, was 1");
  }

  @Test
  void maxStateSizeIsCheckedInBytes() {
    assertFailure("swim.max-state-size", "swim.max-state-size=1KB")
        .hasMessageContaining(
            "swim.max-state-size must be between 65536B and 268435456B, was 1024B");
  }

  @Test
  void maxStateSizeMustLeaveRoomInAStreamFrame() {
    assertFailure("swim.max-state-size", "swim.max-state-size=20MB")
        .hasMessageContaining("swim.max-state-size (20971520B) plus 65536B")
        .hasMessageContaining("must not exceed swim.max-stream-frame-size (20971520B)");
    // a smaller frame with the default state limit fails the same way
    assertFailure("swim.max-state-size", "swim.max-stream-frame-size=16MB")
        .hasMessageContaining("swim.max-state-size (16777216B) plus 65536B")
        .hasMessageContaining("swim.max-stream-frame-size (16777216B)");
    runner
        .withPropertyValues(
            "swim.max-state-size=1MB",
            "swim.max-stream-frame-size=1088KB", // 1 MB + 64 KB
            "swim.auto-startup=false")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void joinBackoffMustGrow() {
    assertFailure(
            "swim.join.max-retry-interval",
            "swim.join.retry-interval=10s",
            "swim.join.max-retry-interval=1s")
        .hasMessageContaining(
            "swim.join.max-retry-interval (1s) must be at least swim.join.retry-interval (10s)");
  }

  @Test
  void metadataMustFitItsLimit() {
    assertFailure(
            "swim.metadata",
            "swim.metadata.description=" + "x".repeat(600),
            "swim.max-metadata-size=512B")
        .hasMessageContaining("swim.metadata is ")
        .hasMessageContaining("over the limit of 512 bytes (swim.max-metadata-size)");
    runner
        .withPropertyValues(
            "swim.metadata.description=" + "x".repeat(600),
            "swim.max-metadata-size=1KB",
            "swim.auto-startup=false")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void nodeNameIsLimited() {
    assertFailure("swim.node-name", "swim.node-name=" + "n".repeat(200))
        .hasMessageContaining("swim.node-name must be 1 to 128 bytes of UTF-8");
  }

  @Test
  void malformedValuesFailBindingWithThePropertyName() {
    runner
        .withPropertyValues("swim.probe-interval=often")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("often");
              assertThat(context.getStartupFailure())
                  .hasStackTraceContaining("swim.probe-interval");
            });
  }

  @Test
  void gossipPortInUseIsReported() throws Exception {
    try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        ServerSocket tcp = new ServerSocket()) {
      int port = udp.getLocalPort();
      tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertFailure("swim.bind-port", "swim.bind-port=" + port)
          .hasMessageContaining("swim.bind-port " + port + " cannot be bound on 127.0.0.1:" + port);
      assertAction("swim.bind-port=" + port).contains("set swim.bind-port to a free one");
    }
  }

  @Test
  void bindAddressMustBelongToThisHost() {
    assertFailure("swim.bind-address", "swim.bind-address=192.0.2.1")
        .hasMessageContaining("swim.bind-address 192.0.2.1 is not an address of this host");
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertFailure(
      String property, String... properties) {
    SwimConfigurationException[] failure = new SwimConfigurationException[1];
    runner
        .withPropertyValues(properties)
        .run(
            context -> {
              assertThat(context).hasFailed();
              failure[0] = swimFailure(context);
            });
    assertThat(failure[0]).as("a SwimConfigurationException in the cause chain").isNotNull();
    assertThat(failure[0].getProperty()).isEqualTo(property);
    return assertThat((Throwable) failure[0]);
  }

  private org.assertj.core.api.AbstractStringAssert<?> assertAction(String... properties) {
    String[] action = new String[1];
    runner
        .withPropertyValues(properties)
        .run(
            context -> {
              FailureAnalysis analysis =
                  new SwimFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription()).contains("swim.");
              action[0] = analysis.getAction();
            });
    return assertThat(action[0]);
  }

  private static SwimConfigurationException swimFailure(AssertableApplicationContext context) {
    Throwable t = context.getStartupFailure();
    while (t != null && !(t instanceof SwimConfigurationException)) {
      t = t.getCause();
    }
    if (t == null) {
      throw new AssertionError(
          "no SwimConfigurationException in "
              + NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()),
          context.getStartupFailure());
    }
    return (SwimConfigurationException) t;
  }
}
