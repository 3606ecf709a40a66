package dev.swim.spring.autoconfigure;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The configuration metadata this module generates (target/classes), by property name. */
final class ConfigurationMetadata {

  static final Path FILE = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

  private ConfigurationMetadata() {}

  /** Each property's entry (name, type, description, defaultValue), sorted by name. */
  static Map<String, Map<String, Object>> load() throws IOException {
    String json = Files.readString(FILE);
    List<Map<String, Object>> properties = JsonPath.read(json, "$.properties[*]");
    Map<String, Map<String, Object>> byName = new TreeMap<>();
    for (Map<String, Object> p : properties) {
      byName.put((String) p.get("name"), new LinkedHashMap<>(p));
    }
    return byName;
  }
}
