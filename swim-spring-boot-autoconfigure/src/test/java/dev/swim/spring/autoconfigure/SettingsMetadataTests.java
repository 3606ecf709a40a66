package dev.swim.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.settings.Profile;
import dev.swim.core.settings.Setting;
import dev.swim.core.settings.StarterSettings;
import dev.swim.core.settings.SwimSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The configuration metadata of every {@code swim.*} setting is generated from its one declaration
 * in {@link SwimSettings}: the checked-in additional metadata is the rendering of the settings, and
 * the metadata the build produces carries each setting's type, default and description. A setting
 * whose default depends on {@code swim.profile} states no default of its own: its description lists
 * each profile's.
 *
 * <p>Regenerate with {@code ./mvnw -pl swim-spring-boot-autoconfigure test
 * -Dtest=SettingsMetadataTests -Dswim.docs.update=true}.
 */
class SettingsMetadataTests {

  static final Path FILE =
      Path.of("src/main/resources/META-INF/additional-spring-configuration-metadata.json");

  @Test
  void additionalMetadataIsGeneratedFromTheSettings() throws IOException {
    String rendered = render();
    if (Boolean.getBoolean("swim.docs.update")) {
      Files.writeString(FILE, rendered);
    }
    assertThat(Files.readString(FILE))
        .as(FILE + " (regenerate with -Dswim.docs.update=true)")
        .isEqualTo(rendered);
  }

  @Test
  void theBuiltMetadataCarriesEverySetting() throws IOException {
    Map<String, Map<String, Object>> metadata = ConfigurationMetadata.load();
    for (Setting<?> s : all()) {
      Map<String, Object> entry = metadata.get(s.property());
      assertThat(entry).as(s.property() + " in the metadata").isNotNull();
      assertThat(entry.get("description")).as(s + " description").isEqualTo(description(s));
      assertThat(entry.get("type")).as(s + " type").isEqualTo(type(s));
      if (hasDefault(s)) {
        assertThat(String.valueOf(entry.get("defaultValue")))
            .as(s + " default")
            .isEqualTo(String.valueOf(defaultValue(s)));
      }
      if (s.profileDependent()) {
        // the default depends on swim.profile: an IDE must not show lan's as the default
        assertThat(entry).as(s + " default").doesNotContainKey("defaultValue");
      }
    }
  }

  /** The member's settings, then the starter's switches. */
  static List<Setting<?>> all() {
    List<Setting<?>> all = new java.util.ArrayList<>(SwimSettings.ALL);
    all.addAll(StarterSettings.ALL);
    return all;
  }

  /** The whole additional metadata file: every setting, then the keys that are not settings. */
  static String render() {
    StringBuilder sb = new StringBuilder("{\n  \"properties\": [\n");
    for (Setting<?> s : all()) {
      sb.append("    {\n");
      sb.append("      \"name\": ").append(quote(s.property())).append(",\n");
      sb.append("      \"type\": ").append(quote(type(s))).append(",\n");
      sb.append("      \"description\": ").append(quote(description(s)));
      if (hasDefault(s)) {
        Object value = defaultValue(s);
        sb.append(",\n      \"defaultValue\": ");
        if (value instanceof String str) {
          sb.append(quote(str));
        } else if (value instanceof List<?> list) {
          sb.append(list.stream().map(v -> quote(String.valueOf(v))).toList());
        } else {
          sb.append(value);
        }
      }
      sb.append("\n    },\n");
    }
    sb.append(
        """
            {
              "name": "management.health.swim.enabled",
              "type": "java.lang.Boolean",
              "description": "Whether to enable the SWIM health check.",
              "defaultValue": true
            }
          ],
          "hints": [
            {
              "name": "swim.metadata.keys",
              "values": [
                {
                  "value": "zone",
                  "description": "Availability zone, read by Spring Cloud LoadBalancer's zone preference."
                },
                {
                  "value": "version",
                  "description": "Application version."
                }
              ]
            }
          ]
        }
        """);
    return sb.toString();
  }

  /**
   * Whether the metadata states a default: not for maps (none to state), and not when the default
   * depends on {@code swim.profile} (the description lists each profile's instead).
   */
  static boolean hasDefault(Setting<?> s) {
    return s.defaultFor(Profile.LAN) != null
        && s.type() != Setting.Type.TEXT_MAP
        && !s.profileDependent();
  }

  /** The description, with the default of each profile when it depends on the profile. */
  static String description(Setting<?> s) {
    String d = s.description();
    if (s.profileDependent()) {
      d +=
          " Profile default: lan "
              + text(s, Profile.LAN)
              + ", wan "
              + text(s, Profile.WAN)
              + ", local "
              + text(s, Profile.LOCAL)
              + ".";
    } else if (s.computedDefault() != null) {
      d += " Default: " + s.computedDefault() + ".";
    }
    return d;
  }

  static String text(Setting<?> s, Profile p) {
    return String.valueOf(displayed(s, s.defaultFor(p)));
  }

  /** The default under the lan profile, as the metadata writes it. */
  static Object defaultValue(Setting<?> s) {
    return displayed(s, s.defaultFor(Profile.LAN));
  }

  private static Object displayed(Setting<?> s, Object value) {
    return switch (s.type()) {
      case BYTES -> size((Integer) value);
      case DURATION, PROFILE -> s.format(value);
      default -> value;
    };
  }

  /** A size as Spring writes a DataSize: the largest of MB, KB or B that divides it exactly. */
  static String size(int bytes) {
    if (bytes != 0 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + "MB";
    }
    if (bytes != 0 && bytes % 1024 == 0) {
      return bytes / 1024 + "KB";
    }
    return bytes + "B";
  }

  /** The Java type the property binds to. */
  static String type(Setting<?> s) {
    return switch (s.type()) {
      case DURATION -> Duration.class.getName();
      case INTEGER -> Integer.class.getName();
      case BOOLEAN -> Boolean.class.getName();
      case BYTES -> "org.springframework.util.unit.DataSize";
      case TEXT -> String.class.getName();
      case TEXT_LIST -> "java.util.List<java.lang.String>";
      case TEXT_MAP -> "java.util.Map<java.lang.String,java.lang.String>";
      case PROFILE -> Profile.class.getName();
    };
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
