package dev.swim.spring.discovery;

import dev.swim.core.runtime.GossiperConfig;
import dev.swim.spring.SwimGossiperCustomizer;
import java.util.Map;
import org.springframework.core.Ordered;

/**
 * Puts this node's discovery entries (service id, scheme, host and, when already known, HTTP port)
 * into the initial metadata, so the Gossiper joins with them. Runs before every other customizer; a
 * customizer that replaces the whole metadata drops them, and {@link SwimDiscoveryRegistration}
 * puts them back once the node has started.
 */
public class SwimDiscoveryMetadataCustomizer implements SwimGossiperCustomizer, Ordered {

  private final SwimLocalService local;
  private final Map<String, String> userMetadata;

  /**
   * Creates the customizer.
   *
   * @param local this node's HTTP endpoint
   * @param userMetadata the {@code swim.metadata} entries
   */
  public SwimDiscoveryMetadataCustomizer(SwimLocalService local, Map<String, String> userMetadata) {
    this.local = local;
    this.userMetadata = Map.copyOf(userMetadata);
  }

  @Override
  public void customize(GossiperConfig.Builder builder) {
    builder.metadata(local.metadata(userMetadata, local.port()));
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
