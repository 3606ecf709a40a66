package dev.swim.spring.discovery;

import java.util.List;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * A Spring Cloud {@link DiscoveryClient} backed by the live SWIM membership: no registry server,
 * the instances are the cluster's members that advertise the service id (see {@link
 * SwimServiceInstances} for which members are listed).
 */
public class SwimDiscoveryClient implements DiscoveryClient {

  /** What {@link #description()} returns. */
  public static final String DESCRIPTION = "SWIM Discovery Client";

  private final SwimServiceInstances instances;
  private final int order;

  /**
   * Creates the client.
   *
   * @param instances the membership view
   * @param order the client's order in the composite client ({@code swim.discovery.order})
   */
  public SwimDiscoveryClient(SwimServiceInstances instances, int order) {
    this.instances = instances;
    this.order = order;
  }

  @Override
  public String description() {
    return DESCRIPTION;
  }

  @Override
  public List<ServiceInstance> getInstances(String serviceId) {
    return List.copyOf(instances.getInstances(serviceId));
  }

  @Override
  public List<String> getServices() {
    return instances.getServices();
  }

  @Override
  public int getOrder() {
    return order;
  }
}
