package dev.swim.spring.discovery;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where this node's actuator endpoints are served, resolved from {@code management.server.*},
 * {@code management.endpoints.web.base-path} and the server's context path at startup. When they
 * differ from the HTTP endpoint they are advertised in the metadata as {@value
 * SwimDiscoveryMetadata#MANAGEMENT_PORT} and {@value
 * SwimDiscoveryMetadata#MANAGEMENT_CONTEXT_PATH}, the keys Spring Boot Admin reads.
 *
 * @param enabled whether the actuator is served over HTTP at all ({@code management.server.port} is
 *     not -1)
 * @param separatePort whether it has a port of its own ({@code management.server.port} set and
 *     different from {@code server.port})
 * @param port that port when known: a fixed {@code management.server.port}, or the port the
 *     management server reported once started; {@code null} otherwise
 * @param contextPath the path the actuator endpoints are under, {@code /actuator} by default
 */
public record SwimManagementEndpoint(
    boolean enabled, boolean separatePort, @Nullable Integer port, String contextPath) {

  /** The actuator's default base path, which needs no metadata entry. */
  public static final String DEFAULT_CONTEXT_PATH = "/actuator";

  /** The actuator on the HTTP port under {@code /actuator}: nothing to advertise. */
  public static final SwimManagementEndpoint DEFAULT =
      new SwimManagementEndpoint(true, false, null, DEFAULT_CONTEXT_PATH);

  /**
   * This endpoint once the management server listens on {@code actualPort}.
   *
   * @param actualPort the port the management server reported
   * @return a copy with that port when this endpoint has a port of its own, else this endpoint
   */
  public SwimManagementEndpoint withPort(int actualPort) {
    return separatePort && actualPort > 0
        ? new SwimManagementEndpoint(enabled, true, actualPort, contextPath)
        : this;
  }

  /**
   * The metadata entries to advertise: {@value SwimDiscoveryMetadata#MANAGEMENT_PORT} when the
   * management port is known and differs from {@code httpPort}, {@value
   * SwimDiscoveryMetadata#MANAGEMENT_CONTEXT_PATH} when the path is not {@value
   * #DEFAULT_CONTEXT_PATH}.
   *
   * @param httpPort the advertised HTTP port, or {@code null} when not known
   * @return the entries, possibly none
   */
  public Map<String, String> entries(@Nullable Integer httpPort) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!enabled) {
      return out;
    }
    if (separatePort && port != null && !port.equals(httpPort)) {
      out.put(SwimDiscoveryMetadata.MANAGEMENT_PORT, Integer.toString(port));
    }
    if (!DEFAULT_CONTEXT_PATH.equals(contextPath)) {
      out.put(SwimDiscoveryMetadata.MANAGEMENT_CONTEXT_PATH, contextPath);
    }
    return out;
  }
}
