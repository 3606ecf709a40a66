package dev.swim.spring.discovery;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.client.ServiceInstance;

/**
 * One SWIM member as a Spring Cloud {@link ServiceInstance}: its HTTP endpoint and status, read
 * from the reserved keys of its metadata (see {@link SwimDiscoveryMetadata}).
 *
 * @param instanceId the member's name, unique in the cluster
 * @param serviceId the service id the member advertises
 * @param host the HTTP host: {@code http-host} from the metadata, else the member's gossip address
 * @param port the HTTP port (never the gossip port)
 * @param secure whether the endpoint is HTTPS
 * @param metadata the member's user metadata ({@code swim.metadata}) without the reserved keys,
 *     plus {@value SwimDiscoveryMetadata#STATUS}
 * @param state the member's SWIM state when listed: ALIVE or SUSPECT
 * @param status the status the member advertises ({@link SwimInstanceStatus#UNKNOWN} when it
 *     advertises none or an unknown one)
 */
public record SwimServiceInstance(
    String instanceId,
    String serviceId,
    String host,
    int port,
    boolean secure,
    Map<String, String> metadata,
    MemberState state,
    SwimInstanceStatus status)
    implements ServiceInstance {

  /** Copies the metadata. */
  public SwimServiceInstance {
    metadata = Map.copyOf(metadata);
  }

  /**
   * The instance {@code member} advertises, or empty when it advertises no service id or no valid
   * HTTP port (a member without the starter's discovery, or without a web server).
   */
  public static Optional<SwimServiceInstance> of(Member member) {
    Map<String, String> md = member.metadata();
    String serviceId = md.get(SwimDiscoveryMetadata.SERVICE_ID);
    Integer port = parsePort(md.get(SwimDiscoveryMetadata.HTTP_PORT));
    if (serviceId == null || serviceId.isEmpty() || port == null) {
      return Optional.empty();
    }
    String host = md.getOrDefault(SwimDiscoveryMetadata.HTTP_HOST, member.address().host());
    boolean secure = "https".equalsIgnoreCase(md.get(SwimDiscoveryMetadata.HTTP_SCHEME));
    return Optional.of(
        new SwimServiceInstance(
            member.name(),
            serviceId,
            host,
            port,
            secure,
            SwimDiscoveryMetadata.instanceMetadata(md),
            member.state(),
            SwimDiscoveryMetadata.status(md)));
  }

  private static @Nullable Integer parsePort(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      int port = Integer.parseInt(value.trim());
      return port > 0 && port <= 65535 ? port : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public String getInstanceId() {
    return instanceId;
  }

  @Override
  public String getServiceId() {
    return serviceId;
  }

  @Override
  public String getHost() {
    return host;
  }

  @Override
  public int getPort() {
    return port;
  }

  @Override
  public boolean isSecure() {
    return secure;
  }

  @Override
  public String getScheme() {
    return secure ? "https" : "http";
  }

  /** {@code scheme://host:port}, with an IPv6 host in brackets. */
  @Override
  public URI getUri() {
    try {
      return new URI(getScheme(), null, host, port, null, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Invalid host '" + host + "' of " + instanceId, e);
    }
  }

  /** Whether the member advertises {@link SwimInstanceStatus#UP}. */
  public boolean isUp() {
    return status == SwimInstanceStatus.UP;
  }

  /**
   * Whether {@code other} describes the same endpoint with the same metadata: everything but the
   * SWIM state, which changes on suspicions that do not change what a caller sees.
   *
   * @param other another instance
   * @return whether a caller would see no difference
   */
  public boolean sameAs(SwimServiceInstance other) {
    return instanceId.equals(other.instanceId)
        && serviceId.equals(other.serviceId)
        && host.equals(other.host)
        && port == other.port
        && secure == other.secure
        && metadata.equals(other.metadata);
  }

  @Override
  public Map<String, String> getMetadata() {
    return metadata;
  }
}
