package dev.swim.spring.discovery;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperState;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.client.serviceregistry.Registration;

/**
 * This node as a Spring Cloud {@link Registration}: what {@link SwimServiceRegistry} advertises in
 * the node's SWIM metadata, and what Spring Cloud's {@code /actuator/serviceregistry} endpoint acts
 * on. The instance id is the member name; the host is {@code swim.discovery.host}, else the node's
 * gossip address; the port is the HTTP port (0 while the web server has not reported it).
 *
 * <p>{@link #getMetadata()} is what peers see of this node: its user metadata and its current
 * {@value SwimDiscoveryMetadata#STATUS}.
 */
public class SwimRegistration implements Registration {

  private static final List<String> MANAGEMENT_KEYS =
      List.of(SwimDiscoveryMetadata.MANAGEMENT_PORT, SwimDiscoveryMetadata.MANAGEMENT_CONTEXT_PATH);

  private final Gossiper gossiper;
  private final SwimLocalService local;
  private final Map<String, String> userMetadata;
  private volatile @Nullable Integer httpPort;
  private volatile SwimManagementEndpoint management;

  /**
   * Creates the registration.
   *
   * @param gossiper the local Gossiper
   * @param local what this node advertises about its HTTP endpoint
   * @param management where its actuator is served
   * @param userMetadata the {@code swim.metadata} entries (a management entry set there is kept as
   *     it is)
   */
  public SwimRegistration(
      Gossiper gossiper,
      SwimLocalService local,
      SwimManagementEndpoint management,
      Map<String, String> userMetadata) {
    this.gossiper = gossiper;
    this.local = local;
    this.management = management;
    this.userMetadata = Map.copyOf(userMetadata);
    this.httpPort = local.port();
  }

  /** What this node advertises about its HTTP endpoint. */
  public SwimLocalService getLocalService() {
    return local;
  }

  /** Where the actuator is served, as far as known. */
  public SwimManagementEndpoint getManagement() {
    return management;
  }

  /** The HTTP port this node advertises, or {@code null} while it is not known. */
  public @Nullable Integer getHttpPort() {
    return httpPort;
  }

  /**
   * Takes the port the application's web server listens on; it is advertised unless {@code
   * swim.discovery.port} is set.
   *
   * @param port the actual port
   */
  public void webServerStarted(int port) {
    if (!local.portFixed() && port > 0) {
      httpPort = port;
    }
  }

  /**
   * Takes the port a separate management server listens on (with {@code management.server.port}).
   *
   * @param port the actual port
   */
  public void managementServerStarted(int port) {
    management = management.withPort(port);
  }

  /**
   * The metadata to gossip for this registration: {@code current} with the reserved entries, the
   * status and the management entries put in.
   *
   * @param current the node's current metadata (kept apart from the entries this class owns)
   * @param status the status to advertise
   * @return a new map
   */
  public Map<String, String> metadata(Map<String, String> current, SwimInstanceStatus status) {
    return metadata(local, httpPort, management, userMetadata, current, status);
  }

  /**
   * The metadata a registered node gossips: {@code current} with the reserved entries, the status
   * and the management entries (unless {@code swim.metadata} sets them itself) put in.
   *
   * @param local the HTTP endpoint
   * @param httpPort the HTTP port, or {@code null} while not known
   * @param management where the actuator is served
   * @param userMetadata the {@code swim.metadata} entries
   * @param current the metadata to start from
   * @param status the status to advertise
   * @return a new map
   */
  public static Map<String, String> metadata(
      SwimLocalService local,
      @Nullable Integer httpPort,
      SwimManagementEndpoint management,
      Map<String, String> userMetadata,
      Map<String, String> current,
      SwimInstanceStatus status) {
    Map<String, String> out = new LinkedHashMap<>(local.metadata(current, httpPort, status));
    for (String key : MANAGEMENT_KEYS) {
      if (!userMetadata.containsKey(key)) {
        out.remove(key);
      }
    }
    management.entries(httpPort).forEach(out::putIfAbsent);
    return out;
  }

  @Override
  public String getInstanceId() {
    return gossiper.config().nodeName();
  }

  @Override
  public String getServiceId() {
    return local.serviceId();
  }

  @Override
  public String getHost() {
    String host = local.host();
    if (host != null) {
      return host;
    }
    if (gossiper.state() != GossiperState.CREATED) {
      return gossiper.localAddress().host();
    }
    String advertised = gossiper.config().advertiseAddress();
    return advertised != null && !advertised.isEmpty()
        ? advertised
        : gossiper.config().bindAddress();
  }

  /** The HTTP port, or 0 while it is not known. */
  @Override
  public int getPort() {
    Integer port = httpPort;
    return port != null ? port : 0;
  }

  @Override
  public boolean isSecure() {
    return local.secure();
  }

  @Override
  public String getScheme() {
    return local.scheme();
  }

  @Override
  public URI getUri() {
    String host = getHost();
    try {
      return new URI(getScheme(), null, host, getPort(), null, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Invalid host '" + host + "' of " + getInstanceId(), e);
    }
  }

  /** The user metadata and status peers see for this node. */
  @Override
  public Map<String, String> getMetadata() {
    if (gossiper.state() == GossiperState.CREATED) {
      Map<String, String> before = new LinkedHashMap<>(userMetadata);
      before.put(SwimDiscoveryMetadata.STATUS, SwimInstanceStatus.STARTING.name());
      return SwimDiscoveryMetadata.instanceMetadata(before);
    }
    return SwimDiscoveryMetadata.instanceMetadata(gossiper.localMember().metadata());
  }

  @Override
  public String toString() {
    return "SwimRegistration{serviceId="
        + getServiceId()
        + ", instanceId="
        + getInstanceId()
        + ", port="
        + httpPort
        + ", scheme="
        + getScheme()
        + "}";
  }
}
