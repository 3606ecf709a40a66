package dev.swim.spring.discovery;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Spring Cloud LoadBalancer's source of instances for one service, pushed by the SWIM membership
 * instead of cached: {@link #get()} emits the current instances at once, then a new list each time
 * the service's instances change (an instance joins, leaves, fails, or changes status or metadata),
 * with no polling and no time-to-live.
 *
 * <p>The instances are read from Spring Cloud's (composite) discovery client, so other discovery
 * clients in the application still contribute exactly as with LoadBalancer's default supplier; the
 * SWIM view decides when to read again. The flux is hot and keeps only the latest change signal (a
 * slow subscriber skips intermediate lists, never sees an old one last). It never completes while
 * the application runs.
 */
public class SwimServiceInstanceListSupplier
    implements ServiceInstanceListSupplier, SwimServiceInstancesListener, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SwimServiceInstanceListSupplier.class);

  private final String serviceId;
  private final String key;
  private final Supplier<Mono<List<ServiceInstance>>> reader;
  private final SwimServiceInstanceChanges changes;
  private final Sinks.Many<Long> versions = Sinks.many().replay().latest();
  private long version;

  private SwimServiceInstanceListSupplier(
      String serviceId,
      Supplier<Mono<List<ServiceInstance>>> reader,
      SwimServiceInstanceChanges changes) {
    this.serviceId = serviceId;
    this.key = SwimServiceInstances.serviceKey(serviceId);
    this.reader = reader;
    this.changes = changes;
    versions.tryEmitNext(0L);
    changes.addListener(this);
  }

  /**
   * A supplier reading the blocking discovery client. The SWIM part is an in-memory read, but the
   * composite client may ask other discovery clients over the network, so every read runs on
   * Reactor's bounded-elastic scheduler, never on the subscriber's thread (a WebClient's event
   * loop, for one).
   *
   * @param serviceId the service (the load balancer client's name)
   * @param client the discovery client, usually Spring Cloud's composite one
   * @param changes when to read again
   * @return the supplier; destroy it to unsubscribe from {@code changes}
   */
  public static SwimServiceInstanceListSupplier of(
      String serviceId, DiscoveryClient client, SwimServiceInstanceChanges changes) {
    return new SwimServiceInstanceListSupplier(
        serviceId,
        () ->
            Mono.fromCallable(() -> client.getInstances(serviceId))
                .subscribeOn(Schedulers.boundedElastic()),
        changes);
  }

  /**
   * A supplier reading the reactive discovery client (when the blocking one is turned off).
   *
   * @param serviceId the service (the load balancer client's name)
   * @param client the reactive discovery client, usually Spring Cloud's composite one
   * @param changes when to read again
   * @return the supplier; destroy it to unsubscribe from {@code changes}
   */
  public static SwimServiceInstanceListSupplier of(
      String serviceId, ReactiveDiscoveryClient client, SwimServiceInstanceChanges changes) {
    return new SwimServiceInstanceListSupplier(
        serviceId, () -> client.getInstances(serviceId).collectList(), changes);
  }

  @Override
  public String getServiceId() {
    return serviceId;
  }

  @Override
  public Flux<List<ServiceInstance>> get() {
    return versions
        .asFlux()
        .onBackpressureLatest()
        .concatMap(v -> read(), 1)
        .distinctUntilChanged();
  }

  private Mono<List<ServiceInstance>> read() {
    return reader
        .get()
        .onErrorResume(
            e -> {
              log.warn("Reading the instances of '{}' failed; offering none", serviceId, e);
              return Mono.just(List.of());
            });
  }

  /** Signals subscribers to read again, off the caller's thread (the Gossiper's event thread). */
  @Override
  public void onInstancesChanged(Set<String> serviceIds) {
    if (serviceIds.contains(key)) {
      Schedulers.boundedElastic().schedule(this::signal);
    }
  }

  private synchronized void signal() {
    versions.tryEmitNext(++version);
  }

  /** How many changes of this service were signalled. */
  public synchronized long getChangeCount() {
    return version;
  }

  @Override
  public void destroy() {
    changes.removeListener(this);
    synchronized (this) {
      versions.tryEmitComplete();
    }
  }
}
