package dev.swim.sample;

import java.util.Map;
import org.springframework.cloud.client.ServiceInstance;

/**
 * One instance of this service as {@code GET /peers} lists it.
 *
 * @param instanceId the member's name
 * @param host the host its HTTP endpoint is reached at
 * @param port its HTTP port (not the gossip port)
 * @param secure whether the endpoint is HTTPS
 * @param metadata its user metadata ({@code swim.metadata})
 */
public record PeerRecord(
    String instanceId, String host, int port, boolean secure, Map<String, String> metadata) {

  /** The record of {@code instance}. */
  static PeerRecord of(ServiceInstance instance) {
    return new PeerRecord(
        instance.getInstanceId(),
        instance.getHost(),
        instance.getPort(),
        instance.isSecure(),
        instance.getMetadata());
  }
}
