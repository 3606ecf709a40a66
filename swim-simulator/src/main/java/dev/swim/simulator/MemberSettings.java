package dev.swim.simulator;

import dev.swim.core.crypto.SecureTransport;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.settings.Profile;
import dev.swim.core.settings.Setting;
import dev.swim.core.settings.StarterSettings;
import dev.swim.core.settings.SwimSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A member's settings as its users write them: the {@code swim.*} keys of a Spring Boot {@code
 * application.yml} (or {@code .properties}) and {@code --set} overrides, read into the settings
 * model the starter binds ({@link SwimSettings}) and validated by the same rules, so that a
 * simulation runs exactly the configuration a member would start with, or fails with the same
 * message naming the property.
 */
public final class MemberSettings {

  /** Settings that shape one member's sockets, not the protocol a simulation runs. */
  private static final Set<Setting<?>> NOT_SIMULATED =
      Set.of(
          SwimSettings.NODE_NAME,
          SwimSettings.BIND_ADDRESS,
          SwimSettings.BIND_PORT,
          SwimSettings.ADVERTISE_ADDRESS,
          SwimSettings.ADVERTISE_PORT,
          SwimSettings.SEEDS,
          SwimSettings.JOIN_RETRY_INTERVAL,
          SwimSettings.JOIN_MAX_RETRY_INTERVAL,
          SwimSettings.LEAVE_TIMEOUT,
          SwimSettings.STREAM_TIMEOUT,
          SwimSettings.MAX_CONCURRENT_STREAMS,
          SwimSettings.TCP_ONLY);

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

  private final Map<String, Object> raw = new LinkedHashMap<>();
  private final List<String> sources = new ArrayList<>();
  private final UnaryOperator<String> environment;

  /** Settings read from nothing yet; placeholders resolve from {@code environment}. */
  public MemberSettings(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  /** Settings whose placeholders resolve from the process environment. */
  public static MemberSettings fromEnvironment() {
    return new MemberSettings(System::getenv);
  }

  /** Reads every {@code swim.*} key of a YAML or properties file; later reads override. */
  public MemberSettings read(Path file) throws IOException {
    Map<String, Object> flat = new LinkedHashMap<>();
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try (Reader in = Files.newBufferedReader(file)) {
      if (name.endsWith(".properties")) {
        Properties p = new Properties();
        p.load(in);
        p.stringPropertyNames().forEach(k -> flat.put(k, p.getProperty(k)));
      } else {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (Object document : yaml.loadAll(in)) {
          if (document instanceof Map<?, ?> map && !activatedByProfile(map)) {
            flatten("", map, flat);
          }
        }
      }
    }
    raw.putAll(flat);
    sources.add(file.toString());
    return this;
  }

  /** Applies one {@code swim.key=value} override. */
  public MemberSettings set(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("--set needs swim.key=value, was " + assignment);
    }
    raw.put(assignment.substring(0, eq).trim(), assignment.substring(eq + 1).trim());
    sources.add("--set " + assignment.substring(0, eq).trim());
    return this;
  }

  /** Where the settings came from, in order. */
  public List<String> sources() {
    return List.copyOf(sources);
  }

  /**
   * The member configuration these settings give, validated like a starting member's.
   *
   * @throws IllegalArgumentException naming the property at fault (an unknown {@code swim.*} key, a
   *     malformed value, a value out of bounds)
   */
  public GossiperConfig config() {
    Map<Setting<?>, Object> values = values();
    Profile profile = (Profile) values.getOrDefault(SwimSettings.PROFILE, Profile.LAN);
    GossiperConfig.Builder b = GossiperConfig.builder("simulated").profile(profile);
    values.forEach((s, v) -> set(b, s, v));
    return b.build();
  }

  /** The settings set explicitly that a simulation does not model (sockets, seeds, timeouts). */
  public List<String> notSimulated() {
    List<String> out = new ArrayList<>();
    for (String key : raw.keySet()) {
      Setting<?> s = key.startsWith("swim.") ? byKey(key) : null;
      if (s != null && NOT_SIMULATED.contains(s) && !out.contains(s.property())) {
        out.add(s.property());
      }
    }
    return out;
  }

  /** The bytes the configured transport adds to each datagram (AES-GCM when keys are set). */
  public static int datagramOverhead(GossiperConfig config) {
    return config.encryptionEnabled() ? SecureTransport.OVERHEAD : 0;
  }

  @SuppressWarnings("unchecked")
  private static <T> void set(GossiperConfig.Builder b, Setting<T> s, Object v) {
    if (s != SwimSettings.PROFILE && s != SwimSettings.NODE_NAME) {
      b.set(s, (T) v);
    }
  }

  private Map<Setting<?>, Object> values() {
    Map<Setting<?>, Object> values = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith("swim.") || ignoredStarterKey(key)) {
        continue;
      }
      if (key.startsWith("swim.metadata.")) {
        metadata.put(key.substring("swim.metadata.".length()), text(key, e.getValue()));
        continue;
      }
      Setting<?> s = byKey(key);
      if (s == null) {
        throw new IllegalArgumentException("unknown setting " + key + " (from " + sources + ")");
      }
      if (NOT_SIMULATED.contains(s) && !resolvable(e.getValue())) {
        continue; // a socket setting left to the environment: not needed to simulate
      }
      Object v = parse(s, key, e.getValue());
      if (v != null) {
        values.put(s, v);
      }
    }
    if (!metadata.isEmpty()) {
      values.put(SwimSettings.METADATA, Map.copyOf(metadata));
    }
    return values;
  }

  private static boolean ignoredStarterKey(String key) {
    if (key.startsWith("swim.discovery.")) {
      return true; // Spring Cloud discovery: nothing a simulation models
    }
    String wanted = canonical(key);
    return StarterSettings.ALL.stream().anyMatch(s -> canonical(s.property()).equals(wanted));
  }

  /** The setting a key names, relaxed as Spring Boot binds it (probe-interval, probeInterval). */
  private static Setting<?> byKey(String key) {
    String wanted = canonical(key);
    for (Setting<?> s : SwimSettings.ALL) {
      if (canonical(s.property()).equals(wanted)) {
        return s;
      }
    }
    return null;
  }

  private static String canonical(String key) {
    return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
  }

  private boolean resolvable(Object value) {
    try {
      resolve(String.valueOf(value));
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private Object parse(Setting<?> s, String key, Object value) {
    if (value instanceof List<?> list && s.type() == Setting.Type.TEXT_LIST) {
      List<String> out = new ArrayList<>();
      for (Object o : list) {
        out.add(resolve(String.valueOf(o)).trim());
      }
      return out;
    }
    String v = text(key, value).trim();
    try {
      return switch (s.type()) {
        case DURATION -> duration(v);
        case INTEGER -> Integer.parseInt(v);
        case BOOLEAN -> bool(v);
        case BYTES -> bytes(v);
        case TEXT -> v.isEmpty() && s.defaultFor(Profile.LAN) == null ? null : v;
        case TEXT_LIST -> v.isEmpty() ? List.of() : List.of(v.split("\\s*,\\s*"));
        case TEXT_MAP -> throw new IllegalArgumentException("a map, written as " + key + ".<key>");
        case PROFILE -> Profile.valueOf(v.toUpperCase(Locale.ROOT));
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          key + ": '" + v + "' is not a valid " + describe(s.type()) + " (" + e.getMessage() + ")",
          e);
    }
  }

  private String text(String key, Object value) {
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      throw new IllegalArgumentException(key + " must be a single value");
    }
    return resolve(value == null ? "" : String.valueOf(value));
  }

  /** Resolves {@code ${NAME:default}} from the environment, then from the file's own keys. */
  private String resolve(String value) {
    Matcher m = PLACEHOLDER.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1).trim();
      String found = environment.apply(name);
      if (found == null && raw.get(name) != null && !(raw.get(name) instanceof Map<?, ?>)) {
        found = String.valueOf(raw.get(name));
      }
      if (found == null) {
        found = m.group(2);
      }
      if (found == null) {
        throw new IllegalArgumentException("${" + name + "} is not set");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(found));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String describe(Setting.Type type) {
    return switch (type) {
      case DURATION -> "duration (500ms, 1s, 2m)";
      case INTEGER -> "whole number";
      case BOOLEAN -> "boolean (true or false)";
      case BYTES -> "size (1400B, 64KB, 16MB)";
      case PROFILE -> "profile (lan, wan or local)";
      default -> "value";
    };
  }

  private static boolean bool(String v) {
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException("true or false");
  }

  private static final Pattern AMOUNT = Pattern.compile("(-?\\d+)\\s*([a-zA-Z]*)");

  /** A duration as Spring Boot reads one: a number with ns, us, ms, s, m, h or d (ms if none). */
  static Duration duration(String v) {
    if (v.startsWith("P") || v.startsWith("p")) {
      return Duration.parse(v);
    }
    Matcher m = AMOUNT.matcher(v);
    if (!m.matches()) {
      throw new IllegalArgumentException("a number and a unit");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "ns" -> Duration.ofNanos(n);
      case "us" -> Duration.ofNanos(n * 1000);
      case "", "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException("unknown unit " + m.group(2));
    };
  }

  /** A size as Spring Boot reads one: a number with B, KB, MB, GB or TB (powers of 1024). */
  static int bytes(String v) {
    Matcher m = AMOUNT.matcher(v);
    if (!m.matches()) {
      throw new IllegalArgumentException("a number and a unit");
    }
    long n = Long.parseLong(m.group(1));
    long unit =
        switch (m.group(2).toUpperCase(Locale.ROOT)) {
          case "", "B" -> 1L;
          case "KB" -> 1L << 10;
          case "MB" -> 1L << 20;
          case "GB" -> 1L << 30;
          case "TB" -> 1L << 40;
          default -> throw new IllegalArgumentException("unknown unit " + m.group(2));
        };
    long bytes = n * unit;
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, bytes));
  }

  private static boolean activatedByProfile(Map<?, ?> document) {
    Object spring = document.get("spring");
    if (spring instanceof Map<?, ?> s && s.get("config") instanceof Map<?, ?> c) {
      return c.get("activate") instanceof Map<?, ?>;
    }
    return false;
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> nested) {
        flatten(key + ".", nested, out);
      } else {
        out.put(key, e.getValue());
      }
    }
  }
}
