package dev.swim.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.settings.Profile;
import dev.swim.core.settings.Setting;
import dev.swim.core.settings.SwimSettings;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The binding, the metadata and the settings agree: every setting of {@link SwimSettings} is a
 * {@code swim.*} property of the metadata and every bound {@code swim.*} property is a setting (or
 * one of the starter's own switches), and a real context binds each profile's defaults, and values
 * set explicitly, to exactly what the settings declare.
 */
class SwimPropertyCoverageTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SwimAutoConfiguration.class))
          .withPropertyValues(SwimTestSupport.LOOPBACK)
          .withPropertyValues("swim.auto-startup=false", "swim.node-name=n");

  @Test
  void everySettingIsAPropertyAndEveryPropertyASetting() throws Exception {
    Set<String> bound = new TreeSet<>(ConfigurationMetadata.load().keySet());
    bound.removeIf(
        name ->
            !name.startsWith("swim.")
                || name.startsWith("swim.discovery.")
                || name.startsWith("swim.dashboard."));
    Set<String> settings = new TreeSet<>();
    for (Setting<?> s : SettingsMetadataTests.all()) {
      settings.add(s.property());
    }
    assertThat(bound).isEqualTo(settings);
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void eachProfileBindsTheDeclaredDefaults(Profile profile) {
    List<String> values = new ArrayList<>(List.of("swim.profile=" + profile.value()));
    if (profile == Profile.WAN) {
      values.add("swim.encryption.keys=" + Base64.getEncoder().encodeToString(new byte[16]));
    }
    runner
        .withPropertyValues(values.toArray(String[]::new))
        .run(
            context -> {
              GossiperConfig config = context.getBean(Gossiper.class).config();
              for (Setting<?> s : SwimSettings.ALL) {
                Object def = s.defaultFor(profile);
                if (def == null
                    || s == SwimSettings.PROFILE
                    || s == SwimSettings.ENCRYPTION_KEYS
                    || isSetByTheTestSupport(s)) {
                  continue;
                }
                assertThat((Object) config.get(s)).as(s + " under " + profile).isEqualTo(def);
              }
              assertThat(config.get(SwimSettings.PROFILE)).isEqualTo(profile);
            });
  }

  @Test
  void explicitValuesBindToTheirSettings() {
    // the wan profile's values, set explicitly on top of the lan profile
    List<String> values = new ArrayList<>(List.of("swim.profile=lan"));
    for (Setting<?> s : SwimSettings.ALL) {
      if (s.profileDependent() && s != SwimSettings.ENCRYPTION_REQUIRED) {
        values.add(s.property() + "=" + SettingsMetadataTests.text(s, Profile.WAN));
      }
    }
    runner
        .withPropertyValues(values.toArray(String[]::new))
        .run(
            context -> {
              GossiperConfig config = context.getBean(Gossiper.class).config();
              assertThat(config.get(SwimSettings.PROFILE)).isEqualTo(Profile.LAN);
              for (Setting<?> s : SwimSettings.ALL) {
                if (s.profileDependent() && s != SwimSettings.ENCRYPTION_REQUIRED) {
                  assertThat((Object) config.get(s))
                      .as(s.property())
                      .isEqualTo(s.defaultFor(Profile.WAN));
                }
              }
            });
  }

  private static boolean isSetByTheTestSupport(Setting<?> s) {
    for (String kv : SwimTestSupport.LOOPBACK) {
      if (kv.startsWith(s.property() + "=")) {
        return true;
      }
    }
    return s == SwimSettings.NODE_NAME || s == SwimSettings.ADVERTISE_ADDRESS;
  }
}
