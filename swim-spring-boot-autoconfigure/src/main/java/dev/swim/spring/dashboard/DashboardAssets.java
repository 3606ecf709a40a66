package dev.swim.spring.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the servlet and reactive handlers share: the page's files (read once from the classpath),
 * the headers every dashboard response carries, the configuration document and the server-sent
 * event framing.
 */
final class DashboardAssets {

  /** Where the page's files are on the classpath. */
  static final String LOCATION = "META-INF/swim-dashboard/";

  /** No inline script or style, nothing from elsewhere, no framing, no forms, no base URL. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
          + " img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** The page's files revalidate on every load (they change when the starter is upgraded). */
  static final String CACHE_ASSET = "no-cache";

  /** The configuration, the stream and every error: never stored. */
  static final String CACHE_NONE = "no-store";

  /** How long a browser waits before reconnecting a stream that ended. */
  static final Duration RETRY = Duration.ofSeconds(1);

  /** How often the page polls the actuator while its stream is down. */
  static final Duration POLL = Duration.ofSeconds(1);

  /** One file of the page: its bytes (never modified), content type and entity tag. */
  static final class Asset {
    private final byte[] body;
    private final String contentType;
    private final String etag;

    Asset(byte[] body, String contentType, String etag) {
      this.body = body;
      this.contentType = contentType;
      this.etag = etag;
    }

    /** The bytes, shared: callers only write them out. */
    byte[] body() {
      return body;
    }

    String contentType() {
      return contentType;
    }

    String etag() {
      return etag;
    }
  }

  private final Map<String, Asset> assets = new LinkedHashMap<>();

  DashboardAssets() {
    add("index.html", "text/html;charset=UTF-8");
    add("dashboard.js", "text/javascript;charset=UTF-8");
    add("dashboard.css", "text/css;charset=UTF-8");
    add("favicon.svg", "image/svg+xml");
  }

  private void add(String name, String contentType) {
    byte[] body = read(name);
    assets.put(name, new Asset(body, contentType, etag(body)));
  }

  /** The file named {@code name}: index.html, dashboard.js, dashboard.css or favicon.svg. */
  Asset get(String name) {
    Asset a = assets.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no dashboard asset " + name);
    }
    return a;
  }

  /** The headers every dashboard response carries, with the given Cache-Control. */
  static Map<String, String> headers(String cacheControl) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    h.put("X-Content-Type-Options", "nosniff");
    h.put("Referrer-Policy", "no-referrer");
    h.put("Cache-Control", cacheControl);
    return h;
  }

  /** Whether an If-None-Match header names {@code etag} (or is {@code *}). */
  static boolean notModified(@Nullable String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals(etag) || c.equals("*")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The page's configuration: where its stream is and, when {@code /actuator/swim} is served on the
   * same origin, where to poll while the stream is down.
   *
   * @param contextPath the application's context path (empty for none)
   * @param path the dashboard's path (swim.dashboard.path)
   * @param actuatorPath the swim endpoint's path within the application, or null when it is not
   *     reachable over HTTP on this port
   * @param heartbeat the stream's heartbeat interval
   * @return the JSON document
   */
  static String configJson(
      String contextPath, String path, @Nullable String actuatorPath, Duration heartbeat) {
    return new Json()
        .beginObject()
        .field("path", contextPath + path)
        .field("events", contextPath + path + "/events")
        .field("actuator", actuatorPath != null ? contextPath + actuatorPath : null)
        .field("heartbeatMs", heartbeat.toMillis())
        .field("pollMs", POLL.toMillis())
        .endObject()
        .toString();
  }

  /**
   * One server-sent event: its name and one data line (the JSON never holds a line break).
   *
   * @param message the message
   * @param retry whether to add the reconnection delay (the first event of a stream)
   * @return the event's text, ending with the blank line that dispatches it
   */
  static String frame(SwimDashboardFeed.Message message, boolean retry) {
    StringBuilder sb = new StringBuilder(message.data().length() + 40);
    if (retry) {
      sb.append("retry: ").append(RETRY.toMillis()).append('\n');
    }
    sb.append("event: ").append(message.event()).append('\n');
    sb.append("data: ").append(message.data()).append("\n\n");
    return sb.toString();
  }

  private static byte[] read(String name) {
    ClassLoader cl = DashboardAssets.class.getClassLoader();
    try (InputStream in = cl.getResourceAsStream(LOCATION + name)) {
      if (in == null) {
        throw new IllegalStateException("dashboard asset missing from the classpath: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dashboard asset " + name, e);
    }
  }

  private static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      StringBuilder sb = new StringBuilder("\"");
      for (int i = 0; i < 12; i++) {
        sb.append(String.format("%02x", digest[i]));
      }
      return sb.append('"').toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** UTF-8 bytes of {@code s}. */
  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
