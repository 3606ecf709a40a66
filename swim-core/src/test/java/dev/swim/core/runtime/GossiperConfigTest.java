package dev.swim.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.settings.Profile;
import dev.swim.core.settings.SwimSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class GossiperConfigTest {

  private static GossiperConfig.Builder base() {
    return GossiperConfig.builder("n1").bindAddress("127.0.0.1").bindPort(0);
  }

  @Test
  void encryptionIsNotRequiredByDefault() {
    GossiperConfig config = base().build();

    assertThat(config.encryptionRequired()).isFalse();
    assertThat(config.encryptionEnabled()).isFalse();
  }

  @Test
  void requiredEncryptionWithoutKeysFailsToBuildNamingTheSetting() {
    assertThatThrownBy(() -> base().encryptionRequired(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("swim.encryption.required is true")
        .hasMessageContaining("no swim.encryption.keys");
    assertThatThrownBy(() -> base().encryptionKeys(List.of()).encryptionRequired(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("swim.encryption.required");
  }

  @Test
  void requiredEncryptionWithAKeyBuilds() {
    GossiperConfig config =
        base().encryptionRequired(true).encryptionKeys(List.of(new byte[32])).build();

    assertThat(config.encryptionRequired()).isTrue();
    assertThat(config.encryptionEnabled()).isTrue();
    assertThat(config.toString()).contains("encryption=1 key(s) (required)");
  }

  @Test
  void aKeyOfTheWrongLengthIsStillReportedAsSuch() {
    assertThatThrownBy(
            () -> base().encryptionRequired(true).encryptionKeys(List.of(new byte[20])).build())
        .hasMessageContaining("swim.encryption.keys[0] must be 16, 24 or 32 bytes");
  }

  @Test
  void theStateLimitMustFitAStreamFrameWithRoomToSpare() {
    SwimConfig state1Mib = SwimConfig.lan().toBuilder().maxStateBytes(1024 * 1024).build();

    assertThatThrownBy(
            () -> base().protocol(state1Mib).maxStreamFrameBytes(1024 * 1024 + 65_535).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("swim.max-state-size (1048576B) plus 65536B")
        .hasMessageContaining("must not exceed swim.max-stream-frame-size (1114111B)");
    // exactly the state limit plus 64 KiB is enough
    GossiperConfig exact =
        base().protocol(state1Mib).maxStreamFrameBytes(1024 * 1024 + 65_536).build();
    assertThat(exact.maxStreamFrameBytes()).isEqualTo(1024 * 1024 + 65_536);
  }

  @Test
  void theDefaultsLeaveTheStateRoomInTheFrame() {
    GossiperConfig config = base().build();

    assertThat(config.protocol().maxStateBytes())
        .isEqualTo(SwimSettings.MAX_STATE_SIZE.defaultFor(Profile.LAN));
    assertThat(config.protocol().maxStateBytes() + 64 * 1024)
        .isLessThanOrEqualTo(config.maxStreamFrameBytes());
    // a smaller frame fails with the default state limit, naming both settings
    assertThatThrownBy(() -> base().maxStreamFrameBytes(16 * 1024 * 1024).build())
        .hasMessageContaining("swim.max-state-size (16777216B)")
        .hasMessageContaining("swim.max-stream-frame-size (16777216B)");
  }
}
