package dev.swim.spring.discovery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The reserved metadata keys through which each member advertises its HTTP endpoint. They are set
 * automatically on the local node and hidden from {@code ServiceInstance.getMetadata()}; don't set
 * them in {@code swim.metadata}.
 *
 * <ul>
 *   <li>{@value #SERVICE_ID}: the service id ({@code swim.discovery.service-id});
 *   <li>{@value #HTTP_HOST}: the HTTP host, only when {@code swim.discovery.host} is set (otherwise
 *       the member's gossip address is used);
 *   <li>{@value #HTTP_PORT}: the HTTP port; a member without it is not listed;
 *   <li>{@value #HTTP_SCHEME}: {@code http} or {@code https}.
 * </ul>
 */
public final class SwimDiscoveryMetadata {

  /** Metadata key of the service id. */
  public static final String SERVICE_ID = "service-id";

  /** Metadata key of the HTTP host, when it differs from the gossip address. */
  public static final String HTTP_HOST = "http-host";

  /** Metadata key of the HTTP port. */
  public static final String HTTP_PORT = "http-port";

  /** Metadata key of the HTTP scheme, {@code http} or {@code https}. */
  public static final String HTTP_SCHEME = "http-scheme";

  /** Every reserved key. */
  public static final Set<String> RESERVED_KEYS =
      Set.of(SERVICE_ID, HTTP_HOST, HTTP_PORT, HTTP_SCHEME);

  private SwimDiscoveryMetadata() {}

  /** {@code metadata} without the reserved keys: what the user put in {@code swim.metadata}. */
  public static Map<String, String> userMetadata(Map<String, String> metadata) {
    Map<String, String> out = new LinkedHashMap<>(metadata);
    out.keySet().removeAll(RESERVED_KEYS);
    return Map.copyOf(out);
  }
}
