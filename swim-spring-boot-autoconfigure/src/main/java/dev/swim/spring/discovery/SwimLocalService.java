package dev.swim.spring.discovery;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What this node advertises about its own HTTP endpoint, resolved from {@code swim.discovery.*} and
 * the Spring environment at startup (by the auto-configuration).
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
    String serviceId,
    @Nullable String host,
    @Nullable Integer port,
    boolean portFixed,
    boolean secure) {

  /** The service id when neither swim.discovery.service-id nor spring.application.name is set. */
  public static final String DEFAULT_SERVICE_ID = "application";

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
   * @param status the status to advertise
   * @return a new map
   */
  public Map<String, String> metadata(
      Map<String, String> base, @Nullable Integer httpPort, SwimInstanceStatus status) {
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
    out.put(SwimDiscoveryMetadata.STATUS, status.name());
    return out;
  }

  /**
   * {@code base} without any reserved discovery entry: the metadata of a member that discovers
   * others but is not itself an instance (consumer-only, or deregistered).
   *
   * @param base the metadata to start from
   * @return a new map
   */
  public static Map<String, String> withoutService(Map<String, String> base) {
    Map<String, String> out = new LinkedHashMap<>(base);
    out.keySet().removeAll(SwimDiscoveryMetadata.RESERVED_KEYS);
    return out;
  }
}
