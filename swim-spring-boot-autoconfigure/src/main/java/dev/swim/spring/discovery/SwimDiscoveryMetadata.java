package dev.swim.spring.discovery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The reserved metadata keys through which each member advertises its HTTP endpoint and its status.
 * They are set automatically on the local node and win over {@code swim.metadata}; don't set them
 * there.
 *
 * <ul>
 *   <li>{@value #SERVICE_ID}: the service id ({@code swim.discovery.service-id});
 *   <li>{@value #HTTP_HOST}: the HTTP host, only when {@code swim.discovery.host} is set (otherwise
 *       the member's gossip address is used);
 *   <li>{@value #HTTP_PORT}: the HTTP port; a member without it is not listed;
 *   <li>{@value #HTTP_SCHEME}: {@code http} or {@code https};
 *   <li>{@value #STATUS}: the instance's {@link SwimInstanceStatus}; only {@code UP} members are
 *       listed unless {@code swim.discovery.include-not-ready} is true.
 * </ul>
 *
 * <p>The first four are hidden from {@code ServiceInstance.getMetadata()}; {@value #STATUS} is
 * shown there, normalised to a {@link SwimInstanceStatus} name. The management entries ({@value
 * #MANAGEMENT_PORT}, {@value #MANAGEMENT_CONTEXT_PATH}) are ordinary, visible metadata that the
 * starter adds when they differ from the HTTP endpoint, in the form Spring Boot Admin reads.
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

  /** Metadata key of the instance status ({@link SwimInstanceStatus}). */
  public static final String STATUS = "status";

  /** Metadata key of the management (actuator) port, when it differs from the HTTP port. */
  public static final String MANAGEMENT_PORT = "management.port";

  /** Metadata key of the actuator base path, when it is not {@code /actuator}. */
  public static final String MANAGEMENT_CONTEXT_PATH = "management.context-path";

  /** Every reserved key: set by the starter only. */
  public static final Set<String> RESERVED_KEYS =
      Set.of(SERVICE_ID, HTTP_HOST, HTTP_PORT, HTTP_SCHEME, STATUS);

  /** The reserved keys hidden from {@code ServiceInstance.getMetadata()}. */
  public static final Set<String> HIDDEN_KEYS =
      Set.of(SERVICE_ID, HTTP_HOST, HTTP_PORT, HTTP_SCHEME);

  private SwimDiscoveryMetadata() {}

  /** {@code metadata} without the reserved keys: what the user put in {@code swim.metadata}. */
  public static Map<String, String> userMetadata(Map<String, String> metadata) {
    Map<String, String> out = new LinkedHashMap<>(metadata);
    out.keySet().removeAll(RESERVED_KEYS);
    return Map.copyOf(out);
  }

  /**
   * What {@code ServiceInstance.getMetadata()} shows of a member's gossiped metadata: its user
   * metadata plus {@value #STATUS}, normalised with {@link SwimInstanceStatus#fromGossip}.
   *
   * @param metadata the member's gossiped metadata
   * @return an immutable map
   */
  public static Map<String, String> instanceMetadata(Map<String, String> metadata) {
    Map<String, String> out = new LinkedHashMap<>(metadata);
    out.keySet().removeAll(RESERVED_KEYS);
    out.put(STATUS, SwimInstanceStatus.fromGossip(metadata.get(STATUS)).name());
    return Map.copyOf(out);
  }

  /** The status {@code metadata} advertises ({@link SwimInstanceStatus#UNKNOWN} when none). */
  public static SwimInstanceStatus status(Map<String, String> metadata) {
    return SwimInstanceStatus.fromGossip(metadata.get(STATUS));
  }
}
