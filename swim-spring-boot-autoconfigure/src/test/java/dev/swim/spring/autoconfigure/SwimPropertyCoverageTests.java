package dev.swim.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.runtime.GossiperConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every setting of the core's {@code GossiperConfig} and {@code SwimConfig} has a {@code swim.*}
 * property, documented in the generated metadata. Fails when the core gains a setting the starter
 * does not map yet (or loses one it still maps).
 */
class SwimPropertyCoverageTests {

  /** Builder methods that are not settings of their own. */
  private static final Set<String> NOT_SETTINGS =
      Set.of(
          "protocol", // swim.profile plus the individual protocol properties
          "encryptionKeysBase64", // the same setting as encryptionKeys
          "build",
          "toBuilder");

  @Test
  void everyCoreSettingHasAProperty() {
    Set<String> settings = new TreeSet<>();
    settings.addAll(setters(GossiperConfig.Builder.class));
    settings.addAll(setters(SwimConfig.Builder.class));
    assertThat(SwimPropertyNames.byCoreName().keySet())
        .containsExactlyInAnyOrderElementsOf(settings);
  }

  @Test
  void everyMappedPropertyIsInTheMetadata() throws Exception {
    Set<String> documented = ConfigurationMetadata.load().keySet();
    assertThat(documented).containsAll(SwimPropertyNames.byCoreName().values());
  }

  private static Set<String> setters(Class<?> builder) {
    Set<String> names = new TreeSet<>();
    for (Method m : builder.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())
          && m.getReturnType() == builder
          && m.getParameterCount() == 1
          && !NOT_SETTINGS.contains(m.getName())) {
        names.add(m.getName());
      }
    }
    return names;
  }
}
