package dev.swim.spring.discovery;

import dev.swim.core.runtime.GossiperConfig;
import dev.swim.spring.SwimGossiperCustomizer;
import java.util.Map;
import org.springframework.core.Ordered;

/**
 * Puts this node's discovery entries (service id, scheme, host, status {@code STARTING} and, when
 * already known, HTTP port and management entries) into the initial metadata, so the Gossiper joins
 * with them. A consumer-only node ({@code advertise} false) joins with none of the reserved
 * entries, even if {@code swim.metadata} sets them. Runs before every other customizer; a
 * customizer that replaces the whole metadata drops them, and the registration puts them back once
 * the node has started.
 */
public class SwimDiscoveryMetadataCustomizer implements SwimGossiperCustomizer, Ordered {

  private final SwimLocalService local;
  private final SwimManagementEndpoint management;
  private final Map<String, String> userMetadata;
  private final boolean advertise;

  /**
   * Creates the customizer.
   *
   * @param local this node's HTTP endpoint
   * @param management where its actuator is served
   * @param userMetadata the {@code swim.metadata} entries
   * @param advertise whether this node is an instance of its service (false: consumer-only)
   */
  public SwimDiscoveryMetadataCustomizer(
      SwimLocalService local,
      SwimManagementEndpoint management,
      Map<String, String> userMetadata,
      boolean advertise) {
    this.local = local;
    this.management = management;
    this.userMetadata = Map.copyOf(userMetadata);
    this.advertise = advertise;
  }

  @Override
  public void customize(GossiperConfig.Builder builder) {
    builder.metadata(
        advertise
            ? SwimRegistration.metadata(
                local,
                local.port(),
                management,
                userMetadata,
                userMetadata,
                SwimInstanceStatus.STARTING)
            : SwimLocalService.withoutService(userMetadata));
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
