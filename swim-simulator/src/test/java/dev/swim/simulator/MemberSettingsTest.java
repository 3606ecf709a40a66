package dev.swim.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.settings.InvalidSettingException;
import dev.swim.core.settings.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A member's settings read the way the starter binds them, validated by the same rules. */
class MemberSettingsTest {

  static final Path SAMPLE = Path.of("../sample-app/src/main/resources/application.yml");

  @TempDir Path dir;

  @Test
  void readsTheSampleAppsApplicationYml() throws IOException {
    MemberSettings settings = new MemberSettings(name -> null).read(SAMPLE);
    GossiperConfig config = settings.config();
    assertThat(config.protocol().profile()).isEqualTo(Profile.LAN);
    assertThat(config.metadata()).isEqualTo(Map.of("service", "swim-sample"));
    assertThat(config.bindPort()).isEqualTo(7946); // ${GOSSIP_PORT:7946}
    assertThat(settings.notSimulated()).contains("swim.bind-port", "swim.seeds");
    assertThat(MemberSettings.datagramOverhead(config)).isZero();
  }

  @Test
  void placeholdersResolveFromTheEnvironmentAndOverridesWin() throws IOException {
    MemberSettings settings =
        new MemberSettings(name -> name.equals("SWIM_PROFILE") ? "wan" : null)
            .read(SAMPLE)
            .set("swim.encryption.keys=AAAAAAAAAAAAAAAAAAAAAA==")
            .set("swim.probeInterval=7s"); // relaxed names, as Spring Boot binds them
    GossiperConfig config = settings.config();
    assertThat(config.protocol().profile()).isEqualTo(Profile.WAN);
    assertThat(config.protocol().probeInterval()).isEqualTo(Duration.ofSeconds(7));
    assertThat(config.protocol().probeTimeout()).isEqualTo(Duration.ofSeconds(3)); // wan's
    assertThat(MemberSettings.datagramOverhead(config)).isEqualTo(33);
    assertThat(settings.sources()).hasSize(3);
  }

  @Test
  void theWanProfileWithoutKeysFailsAsAStartingMemberWould() throws IOException {
    MemberSettings settings = new MemberSettings(name -> null).read(SAMPLE);
    settings.set("swim.profile=wan");
    assertThatThrownBy(settings::config)
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("swim.encryption.required is true");
  }

  @Test
  void malformedAndUnknownValuesNameTheKey() throws IOException {
    Path file = dir.resolve("application.properties");
    Files.writeString(file, "swim.gossip-interval=soon\n");
    assertThatThrownBy(() -> new MemberSettings(name -> null).read(file).config())
        .hasMessageStartingWith("swim.gossip-interval: 'soon' is not a valid duration");
    assertThatThrownBy(() -> new MemberSettings(name -> null).set("swim.nope=1").config())
        .hasMessageStartingWith("unknown setting swim.nope");
    assertThatThrownBy(
            () -> new MemberSettings(name -> null).set("swim.max-datagram-size=9MB").config())
        .hasMessage("swim.max-datagram-size must be between 512B and 65000B, was 9437184B");
  }

  @Test
  void sizesAndDurationsReadLikeSpringBoot() {
    assertThat(MemberSettings.duration("500")).isEqualTo(Duration.ofMillis(500));
    assertThat(MemberSettings.duration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(MemberSettings.duration("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
    assertThat(MemberSettings.bytes("16MB")).isEqualTo(16 * 1024 * 1024);
    assertThat(MemberSettings.bytes("1400")).isEqualTo(1400);
  }
}
