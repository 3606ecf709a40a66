package dev.swim.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.runtime.GossiperConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The one declaration of every setting agrees with the typed configurations built from it. */
@DisplayName("SwimSettings")
class SwimSettingsTest {

  @Test
  @DisplayName("names are unique swim.* kebab-case properties with a one-line description")
  void namesAndDescriptions() {
    Set<String> seen = new HashSet<>();
    for (Setting<?> s : SwimSettings.ALL) {
      assertThat(seen.add(s.property())).as("unique: " + s).isTrue();
      assertThat(s.property()).matches("swim(\\.[a-z][a-z0-9-]*)+");
      assertThat(s.description()).as(s + " description").isNotBlank().endsWith(".");
      assertThat(s.description()).as(s + " description").doesNotContain("\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  @DisplayName("every default is within its bounds and is what the typed configurations hold")
  void defaultsAreTheConfigurations(Profile profile) {
    GossiperConfig.Builder b = GossiperConfig.builder("n").profile(profile);
    if (profile == Profile.WAN) {
      b.encryptionKeys(List.of(new byte[16])); // the wan profile requires keys
    }
    GossiperConfig config = b.build();
    for (Setting<?> s : SwimSettings.ALL) {
      Object def = s.defaultFor(profile);
      boolean givenAbove = s == SwimSettings.ENCRYPTION_KEYS && profile == Profile.WAN;
      if (s == SwimSettings.PROFILE || givenAbove) {
        continue; // the profile chosen, and the key given above
      }
      if (def == null) {
        assertThat(s.computedDefault()).as(s + " says how its default is found").isNotBlank();
        continue;
      }
      checkDefault(s, profile);
      assertThat((Object) config.get(s)).as(s + " under " + profile).isEqualTo(def);
    }
    assertThat(config.protocol()).usingRecursiveComparison().isEqualTo(SwimConfig.of(profile));
  }

  private static <T> void checkDefault(Setting<T> s, Profile profile) {
    assertThat(s.check(s.defaultFor(profile))).isEqualTo(s.defaultFor(profile));
  }

  @Test
  @DisplayName("every setting can be set through the model and read back")
  void setAndGet() {
    GossiperConfig config =
        GossiperConfig.builder("n")
            .set(SwimSettings.PROBE_INTERVAL, Duration.ofSeconds(2))
            .set(SwimSettings.BIND_PORT, 0)
            .set(SwimSettings.MAX_STATE_SIZE, 1 << 20)
            .build();
    assertThat(config.get(SwimSettings.PROBE_INTERVAL)).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.protocol().probeInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.get(SwimSettings.BIND_PORT)).isZero();
    assertThat(config.protocol().maxStateBytes()).isEqualTo(1 << 20);
  }

  @Test
  @DisplayName("the wan profile turns swim.encryption.required on")
  void profileDependentRuntimeDefault() {
    assertThatThrownBy(() -> GossiperConfig.builder("n").profile(Profile.WAN).build())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("swim.encryption.required ");
  }

  @Test
  @DisplayName("a value out of bounds names the property, the bounds and the value")
  void outOfBounds() {
    assertThatThrownBy(() -> SwimSettings.GOSSIP_NODES.check(65))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("swim.gossip-nodes must be between 0 and 64, was 65");
    assertThatThrownBy(() -> SwimSettings.PROBE_INTERVAL.check(Duration.ZERO))
        .hasMessage("swim.probe-interval must be at least 1ms, was 0s");
    assertThatThrownBy(() -> SwimSettings.MAX_STATE_SIZE.check(1))
        .hasMessage("swim.max-state-size must be between 65536B and 268435456B, was 1B");
  }
}
