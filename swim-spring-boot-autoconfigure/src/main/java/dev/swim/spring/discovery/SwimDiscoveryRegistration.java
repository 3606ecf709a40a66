package dev.swim.spring.discovery;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperState;
import dev.swim.spring.SwimGossiperLifecycle;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Spring Cloud's auto-registration for SWIM: once the Gossiper has started, it registers this
 * node's {@link SwimRegistration} with the {@link SwimServiceRegistry} (its HTTP endpoint and
 * status go into its metadata); once the node has joined, it publishes an {@link
 * InstanceRegisteredEvent} (Spring Cloud's discovery health indicators wait for it).
 *
 * <p>With {@code spring.cloud.service-registry.auto-registration.enabled=false} there is no
 * registration: the node joins and discovers others but is not an instance of any service
 * (consumer-only). The {@link InstanceRegisteredEvent} is still published once it has joined, since
 * the discovery client is then ready.
 *
 * <p>The Gossiper is built with the entries known before the web server starts (see {@link
 * SwimDiscoveryMetadataCustomizer}). When the actual port differs, as with {@code server.port=0},
 * the registration gossips it as soon as both the port is known and the Gossiper runs. Its phase,
 * {@link #PHASE}, is just above {@link SwimGossiperLifecycle#PHASE}: it starts right after the
 * Gossiper and stops right before the Gossiper leaves. It does not deregister on stop: the leave
 * that follows removes the node from every peer's list.
 */
public class SwimDiscoveryRegistration implements SmartLifecycle, AutoServiceRegistration {

  /** {@code SwimGossiperLifecycle.PHASE + 1}. */
  public static final int PHASE = SwimGossiperLifecycle.PHASE + 1;

  private static final Logger log = LoggerFactory.getLogger(SwimDiscoveryRegistration.class);
  private static final long POLL_MILLIS = 50;

  private final Gossiper gossiper;
  private final SwimLocalService local;
  private final SwimServiceRegistry registry;
  private final @Nullable SwimRegistration registration;
  private final ApplicationEventPublisher publisher;
  private final Object lock = new Object();
  private volatile boolean running;
  private final AtomicBoolean submitted = new AtomicBoolean();
  private final AtomicBoolean registering = new AtomicBoolean();
  private volatile boolean registered;
  private @Nullable ScheduledExecutorService watcher;

  /**
   * Creates the auto-registration.
   *
   * @param gossiper the local Gossiper
   * @param local what this node advertises
   * @param registry the registry to register with
   * @param registration what to register, or {@code null} for a consumer-only node
   * @param publisher where to publish the {@link InstanceRegisteredEvent}
   */
  public SwimDiscoveryRegistration(
      Gossiper gossiper,
      SwimLocalService local,
      SwimServiceRegistry registry,
      @Nullable SwimRegistration registration,
      ApplicationEventPublisher publisher) {
    this.gossiper = gossiper;
    this.local = local;
    this.registry = registry;
    this.registration = registration;
    this.publisher = publisher;
  }

  /** The service id this node is (or, consumer-only, would be) listed under. */
  public String getServiceId() {
    return local.serviceId();
  }

  /** What this node advertises. */
  public SwimLocalService getLocalService() {
    return local;
  }

  /** What is registered, or {@code null} for a consumer-only node. */
  public @Nullable SwimRegistration getRegistration() {
    return registration;
  }

  /** The HTTP port this node advertises, or {@code null} while it is not known (or not one). */
  public @Nullable Integer getHttpPort() {
    SwimRegistration r = registration;
    return r != null ? r.getHttpPort() : null;
  }

  /** Whether the node has joined and the {@link InstanceRegisteredEvent} was published. */
  public boolean isRegistered() {
    return registered;
  }

  /**
   * Reports the port the application's web server listens on; advertised unless {@code
   * swim.discovery.port} is set.
   *
   * @param port the actual port
   */
  public void webServerStarted(int port) {
    SwimRegistration r = registration;
    if (r != null) {
      r.webServerStarted(port);
      registry.refresh();
    }
  }

  /**
   * Reports the port of a separate management server ({@code management.server.port}).
   *
   * @param port the actual port
   */
  public void managementServerStarted(int port) {
    SwimRegistration r = registration;
    if (r != null) {
      r.managementServerStarted(port);
      registry.refresh();
    }
  }

  @Override
  @SuppressWarnings("FutureReturnValueIgnored") // stopped by shutting the executor down
  public void start() {
    synchronized (lock) {
      if (running) {
        return;
      }
      running = true;
      if (check()) {
        return;
      }
      watcher =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "swim-discovery-" + gossiper.config().nodeName());
                t.setDaemon(true);
                return t;
              });
      watcher.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void stop() {
    synchronized (lock) {
      running = false;
      if (watcher != null) {
        watcher.shutdownNow();
        watcher = null;
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  private void poll() {
    try {
      if (check()) {
        synchronized (lock) {
          if (watcher != null) {
            watcher.shutdown();
            watcher = null;
          }
        }
      }
    } catch (RuntimeException e) {
      log.warn("SWIM discovery registration of '{}' failed", gossiper.config().nodeName(), e);
    }
  }

  /** Does what is due; true when nothing is left to watch for. */
  private boolean check() {
    GossiperState state = gossiper.state();
    SwimRegistration r = registration;
    if ((state == GossiperState.JOINING || state == GossiperState.RUNNING)
        && r != null
        && submitted.compareAndSet(false, true)) {
      try {
        registry.register(r);
      } catch (RuntimeException e) {
        submitted.set(false);
        throw e;
      }
    }
    if (state == GossiperState.RUNNING && running && registering.compareAndSet(false, true)) {
      if (r == null) {
        log.info(
            "SWIM node '{}' discovers services without being one"
                + " (spring.cloud.service-registry.auto-registration.enabled=false)",
            gossiper.config().nodeName());
      }
      publisher.publishEvent(new InstanceRegisteredEvent<>(this, local));
      // only now: whoever sees isRegistered() also sees the event delivered
      registered = true;
    }
    return registering.get()
        || state == GossiperState.LEAVING
        || state == GossiperState.LEFT
        || state == GossiperState.STOPPED;
  }
}
