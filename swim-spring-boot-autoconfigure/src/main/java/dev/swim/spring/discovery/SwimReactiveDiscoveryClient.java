package dev.swim.spring.discovery;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import reactor.core.publisher.Flux;

/**
 * A Spring Cloud {@link ReactiveDiscoveryClient} backed by the live SWIM membership. The view is in
 * memory, so the fluxes complete at once without blocking; each subscription reads the current
 * membership.
 */
public class SwimReactiveDiscoveryClient implements ReactiveDiscoveryClient {

  private final SwimServiceInstances instances;
  private final int order;

  /**
   * Creates the client.
   *
   * @param instances the membership view
   * @param order the client's order in the composite client ({@code swim.discovery.order})
   */
  public SwimReactiveDiscoveryClient(SwimServiceInstances instances, int order) {
    this.instances = instances;
    this.order = order;
  }

  @Override
  public String description() {
    return SwimDiscoveryClient.DESCRIPTION;
  }

  @Override
  public Flux<ServiceInstance> getInstances(String serviceId) {
    return Flux.defer(() -> Flux.fromIterable(instances.getInstances(serviceId)));
  }

  @Override
  public Flux<String> getServices() {
    return Flux.defer(() -> Flux.fromIterable(instances.getServices()));
  }

  @Override
  public int getOrder() {
    return order;
  }
}
