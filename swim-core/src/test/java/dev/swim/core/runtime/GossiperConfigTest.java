package dev.swim.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.protocol.SwimConfig;
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
        .hasMessageContaining("encryptionRequired is true")
        .hasMessageContaining("no encryptionKeys");
    assertThatThrownBy(() -> base().encryptionKeys(List.of()).encryptionRequired(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("encryptionRequired");
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
        .hasMessageContaining("encryptionKeys[0] must be 16, 24 or 32 bytes");
  }

  @Test
  void theStateLimitMustFitAStreamFrameWithRoomToSpare() {
    SwimConfig state1Mib = SwimConfig.lan().toBuilder().maxStateBytes(1024 * 1024).build();

    assertThatThrownBy(
            () -> base().protocol(state1Mib).maxStreamFrameBytes(1024 * 1024 + 65_535).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxStateBytes (1048576) plus 65536 bytes")
        .hasMessageContaining("must not exceed maxStreamFrameBytes (1114111)");
    // exactly the state limit plus 64 KiB is enough
    GossiperConfig exact =
        base().protocol(state1Mib).maxStreamFrameBytes(1024 * 1024 + 65_536).build();
    assertThat(exact.maxStreamFrameBytes()).isEqualTo(1024 * 1024 + 65_536);
  }

  @Test
  void theDefaultsLeaveTheStateRoomInTheFrame() {
    GossiperConfig config = base().build();

    assertThat(config.protocol().maxStateBytes()).isEqualTo(SwimConfig.DEFAULT_MAX_STATE_BYTES);
    assertThat(config.protocol().maxStateBytes() + 64 * 1024)
        .isLessThanOrEqualTo(config.maxStreamFrameBytes());
    // a smaller frame fails with the default state limit, naming both settings
    assertThatThrownBy(() -> base().maxStreamFrameBytes(16 * 1024 * 1024).build())
        .hasMessageContaining("maxStateBytes (16777216)")
        .hasMessageContaining("maxStreamFrameBytes (16777216)");
  }
}
