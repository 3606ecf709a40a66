package dev.swim.sample;

import dev.swim.spring.discovery.SwimDiscoveryRegistration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /peers}: the instances of this node's own service, this node included, as Spring
 * Cloud's {@link DiscoveryClient} (backed by the SWIM membership) lists them.
 */
@RestController
public class PeersController {

  private final ObjectProvider<DiscoveryClient> discoveryClient;
  private final ObjectProvider<SwimDiscoveryRegistration> registration;
  private final Environment env;

  PeersController(
      ObjectProvider<DiscoveryClient> discoveryClient,
      ObjectProvider<SwimDiscoveryRegistration> registration,
      Environment env) {
    this.discoveryClient = discoveryClient;
    this.registration = registration;
    this.env = env;
  }

  /** The instances as {@code [{instanceId, host, port, secure, metadata}, ...]}. */
  @GetMapping("/peers")
  public List<PeerRecord> peers() {
    DiscoveryClient client = discoveryClient.getIfAvailable();
    if (client == null) {
      throw new ResponseStatusException(
          HttpStatus.SERVICE_UNAVAILABLE, "Spring Cloud discovery is disabled");
    }
    return client.getInstances(serviceId()).stream().map(PeerRecord::of).toList();
  }

  private String serviceId() {
    SwimDiscoveryRegistration r = registration.getIfAvailable();
    return r != null ? r.getServiceId() : env.getProperty("spring.application.name", "application");
  }
}
