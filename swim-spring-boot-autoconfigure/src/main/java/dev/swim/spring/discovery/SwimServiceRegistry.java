package dev.swim.spring.discovery;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperState;
import dev.swim.spring.SwimConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.context.ApplicationListener;
import org.springframework.util.ClassUtils;

/**
 * A Spring Cloud {@link ServiceRegistry} with no registry server: registering this node means
 * gossiping its HTTP endpoint and status in its SWIM metadata, deregistering means removing them
 * (the node stays a member and keeps discovering others).
 *
 * <p><b>Status.</b> The status this node advertises ({@link SwimInstanceStatus}) is, in order:
 *
 * <ol>
 *   <li>the operator's, when one was set with {@link #setStatus} ({@code POST
 *       /actuator/serviceregistry {"status":"OUT_OF_SERVICE"}}): {@code OUT_OF_SERVICE} or {@code
 *       DOWN} stay until the operator sets {@code UP}, whatever the application's readiness does
 *       meanwhile; setting {@code UP} removes the operator's status;
 *   <li>otherwise the application's readiness: {@code STARTING} until the first {@code
 *       AvailabilityChangeEvent<ReadinessState>}, {@code UP} on ACCEPTING_TRAFFIC, {@code
 *       OUT_OF_SERVICE} on REFUSING_TRAFFIC.
 * </ol>
 *
 * <p>A change is gossiped at once with {@code Gossiper.updateMetadata}; peers drop the instance
 * from their discovery results when the update reaches them (one dissemination). The member itself
 * is untouched: it is not suspected and keeps probing and answering probes.
 */
public class SwimServiceRegistry
    implements ServiceRegistry<SwimRegistration>,
        ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

  private static final Logger log = LoggerFactory.getLogger(SwimServiceRegistry.class);
  private static final long SNAPSHOT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final boolean ACTUATOR =
      ClassUtils.isPresent(
          "org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException",
          SwimServiceRegistry.class.getClassLoader());

  private final Gossiper gossiper;
  private final SwimServiceInstanceChanges changes;
  private final Object lock = new Object();
  private volatile SwimInstanceStatus readiness = SwimInstanceStatus.STARTING;
  private volatile @Nullable SwimInstanceStatus override;
  private volatile @Nullable SwimRegistration registered;
  private volatile boolean deregistered;

  /**
   * Creates the registry.
   *
   * @param gossiper the local Gossiper, whose metadata carries the registration
   * @param changes told about this node's own changes (they raise no membership event)
   */
  public SwimServiceRegistry(Gossiper gossiper, SwimServiceInstanceChanges changes) {
    this.gossiper = gossiper;
    this.changes = changes;
  }

  /**
   * Advertises {@code registration} in this node's metadata, with the current status. Done by
   * {@link SwimDiscoveryRegistration} once the Gossiper has started, unless {@code
   * spring.cloud.service-registry.auto-registration.enabled} is false.
   */
  @Override
  public void register(@Nullable SwimRegistration registration) {
    if (registration == null) {
      throw new IllegalArgumentException("registration must not be null");
    }
    registered = registration;
    deregistered = false;
    publish();
    log.info(
        "SWIM node '{}' registered as service '{}' at {}://{}:{} ({})",
        registration.getInstanceId(),
        registration.getServiceId(),
        registration.getScheme(),
        registration.getHost(),
        registration.getHttpPort(),
        getEffectiveStatus());
  }

  /**
   * Removes the service entries from this node's metadata: peers stop listing it, and it stays a
   * member that discovers others.
   */
  @Override
  public void deregister(@Nullable SwimRegistration registration) {
    if (registration == null || registration != registered) {
      return;
    }
    registered = null;
    deregistered = true;
    publish();
    log.info(
        "SWIM node '{}' deregistered service '{}'",
        registration.getInstanceId(),
        registration.getServiceId());
  }

  /** Nothing to close: the Gossiper's own lifecycle leaves the cluster. */
  @Override
  public void close() {}

  /**
   * Sets the operator's status: {@code OUT_OF_SERVICE} or {@code DOWN} (kept until {@code UP} is
   * set), or {@code UP} (removes the operator's status, so readiness decides again). Case and
   * surrounding blanks are ignored.
   *
   * @throws IllegalArgumentException for any other value (with the actuator on the classpath, its
   *     {@code InvalidEndpointRequestException}, so that the endpoint answers 400)
   */
  @Override
  public void setStatus(SwimRegistration registration, String status) {
    SwimInstanceStatus s;
    try {
      s = SwimInstanceStatus.fromOperator(status);
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      log.warn("SWIM service registry: {}", message);
      throw ACTUATOR ? ActuatorErrors.invalidRequest(message) : e;
    }
    override = s == SwimInstanceStatus.UP ? null : s;
    log.info(
        "SWIM node '{}' status set to {} through the service registry: advertising {}",
        registration.getInstanceId(),
        s,
        getEffectiveStatus());
    publish();
  }

  /**
   * What {@code GET /actuator/serviceregistry} shows: {@code status} (advertised), {@code
   * readiness} (what readiness alone gives), {@code override} (the operator's status, when set) and
   * {@code registered}.
   */
  @Override
  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"}) // Spring Cloud's signature
  public <T> T getStatus(SwimRegistration registration) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", getEffectiveStatus().name());
    out.put("readiness", readiness.name());
    SwimInstanceStatus o = override;
    if (o != null) {
      out.put("override", o.name());
    }
    out.put("registered", registered == registration);
    return (T) out;
  }

  /** The status this node advertises while registered. */
  public SwimInstanceStatus getEffectiveStatus() {
    SwimInstanceStatus o = override;
    return o != null ? o : readiness;
  }

  /** The registration currently advertised, or {@code null}. */
  public @Nullable SwimRegistration getRegistered() {
    return registered;
  }

  /** Follows the application's readiness: ACCEPTING_TRAFFIC is UP, REFUSING_TRAFFIC is not. */
  @Override
  public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
    readiness =
        event.getState() == ReadinessState.ACCEPTING_TRAFFIC
            ? SwimInstanceStatus.UP
            : SwimInstanceStatus.OUT_OF_SERVICE;
    try {
      publish();
    } catch (RuntimeException e) {
      log.warn("SWIM node could not advertise its readiness {}", event.getState(), e);
    }
  }

  /**
   * Gossips the registration again if what it advertises changed (a port reported after the
   * Gossiper started, for example).
   */
  public void refresh() {
    publish();
  }

  /** Puts the advertised entries in the node's metadata when they differ from what it has. */
  private void publish() {
    synchronized (lock) {
      GossiperState state = gossiper.state();
      if (state != GossiperState.JOINING && state != GossiperState.RUNNING) {
        return;
      }
      SwimRegistration r = registered;
      if (r == null && !deregistered) {
        return; // never registered: leave the metadata the node started with
      }
      Map<String, String> current = gossiper.localMember().metadata();
      Map<String, String> desired =
          r != null
              ? r.metadata(current, getEffectiveStatus())
              : SwimLocalService.withoutService(current);
      if (!desired.equals(current)) {
        try {
          gossiper.updateMetadata(desired);
        } catch (IllegalArgumentException e) {
          throw new SwimConfigurationException(
              "swim.metadata",
              "swim.metadata plus the discovery entries "
                  + SwimDiscoveryMetadata.RESERVED_KEYS
                  + " does not fit: "
                  + e.getMessage(),
              e);
        }
        log.debug("SWIM node '{}' advertises {}", gossiper.config().nodeName(), desired);
        awaitSnapshot(desired);
      }
      changes.localMemberChanged();
    }
  }

  /** Waits (briefly) until readers of the member list see {@code desired}. */
  private void awaitSnapshot(Map<String, String> desired) {
    long deadline = System.nanoTime() + SNAPSHOT_WAIT_NANOS;
    while (!gossiper.localMember().metadata().equals(desired) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(100_000);
    }
  }

  /** Kept apart so that the actuator is loaded only when it is on the classpath. */
  private static final class ActuatorErrors {
    static RuntimeException invalidRequest(String message) {
      return new org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException(
          message, message);
    }
  }
}
