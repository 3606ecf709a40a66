package dev.swim.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
