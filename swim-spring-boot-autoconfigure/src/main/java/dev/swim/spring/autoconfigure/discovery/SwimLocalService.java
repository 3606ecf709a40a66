package dev.swim.spring.autoconfigure.discovery;

import dev.swim.spring.autoconfigure.SwimConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.env.Environment;

/**
 * What this node advertises about its own HTTP endpoint, resolved from {@code swim.discovery.*} and
 * the Spring environment at startup.
 *
 * @param serviceId the service id this node is listed under
 * @param host the HTTP host to advertise, or {@code null} to let readers use the gossip address
 * @param port the HTTP port known before the web server starts ({@code swim.discovery.port}, else a
 *     non-zero {@code server.port}), or {@code null}
 * @param portFixed whether {@code port} was set with {@code swim.discovery.port}, so the web
 *     server's actual port does not replace it
 * @param secure whether the endpoint is HTTPS
 */
public record SwimLocalService(
    String serviceId, String host, Integer port, boolean portFixed, boolean secure) {

  /** The service id when neither swim.discovery.service-id nor spring.application.name is set. */
  public static final String DEFAULT_SERVICE_ID = "application";

  /**
   * Resolves the local service from the properties and the environment.
   *
   * @param properties the {@code swim.discovery.*} properties
   * @param env the environment, for {@code spring.application.name}, {@code server.port} and {@code
   *     server.ssl.*}
   * @return the local service
   */
  public static SwimLocalService resolve(SwimDiscoveryProperties properties, Environment env) {
    String serviceId = properties.serviceId();
    if (serviceId == null) {
      String name = env.getProperty("spring.application.name");
      serviceId = name == null || name.isBlank() ? DEFAULT_SERVICE_ID : name.trim();
    }
    Integer port = properties.port();
    if (port != null && (port < 1 || port > 65535)) {
      throw new SwimConfigurationException(
          "swim.discovery.port", "swim.discovery.port must be in 1..65535, was " + port, null);
    }
    boolean portFixed = port != null;
    if (port == null) {
      Integer serverPort = env.getProperty("server.port", Integer.class);
      port = serverPort != null && serverPort > 0 ? serverPort : null;
    }
    boolean secure = properties.secure() != null ? properties.secure() : sslConfigured(env);
    return new SwimLocalService(serviceId, properties.host(), port, portFixed, secure);
  }

  private static boolean sslConfigured(Environment env) {
    boolean material =
        env.containsProperty("server.ssl.bundle")
            || env.containsProperty("server.ssl.key-store")
            || env.containsProperty("server.ssl.certificate");
    return material && env.getProperty("server.ssl.enabled", Boolean.class, true);
  }

  /** {@code https} or {@code http}. */
  public String scheme() {
    return secure ? "https" : "http";
  }

  /**
   * {@code base} with this node's reserved discovery entries put in.
   *
   * @param base the metadata to start from (user metadata, or the node's current metadata)
   * @param httpPort the HTTP port, or {@code null} when not known yet (then {@code base}'s entry,
   *     if any, is kept)
   * @return a new map
   */
  public Map<String, String> metadata(Map<String, String> base, Integer httpPort) {
    Map<String, String> out = new LinkedHashMap<>(base);
    out.put(SwimDiscoveryMetadata.SERVICE_ID, serviceId);
    out.put(SwimDiscoveryMetadata.HTTP_SCHEME, scheme());
    if (host != null) {
      out.put(SwimDiscoveryMetadata.HTTP_HOST, host);
    } else {
      out.remove(SwimDiscoveryMetadata.HTTP_HOST);
    }
    if (httpPort != null) {
      out.put(SwimDiscoveryMetadata.HTTP_PORT, Integer.toString(httpPort));
    }
    return out;
  }
}
