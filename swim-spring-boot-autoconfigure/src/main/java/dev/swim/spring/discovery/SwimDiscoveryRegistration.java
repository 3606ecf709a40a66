package dev.swim.spring.discovery;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperState;
import dev.swim.spring.SwimConfigurationException;
import dev.swim.spring.SwimGossiperLifecycle;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Makes this node discoverable: once the Gossiper has started, its metadata carries the HTTP
 * endpoint ({@link SwimDiscoveryMetadata}); once it has joined, an {@link InstanceRegisteredEvent}
 * is published (Spring Cloud's discovery health indicator waits for it).
 *
 * <p>The Gossiper is built with the entries known before the web server starts (see {@link
 * SwimDiscoveryMetadataCustomizer}). When the actual port differs, as with {@code server.port=0},
 * this bean gossips it with {@code Gossiper.updateMetadata} as soon as both the port is known and
 * the Gossiper runs. Its phase, {@link #PHASE}, is just above {@link SwimGossiperLifecycle#PHASE}:
 * it starts right after the Gossiper and stops right before the Gossiper leaves.
 */
public class SwimDiscoveryRegistration implements SmartLifecycle {

  /** {@code SwimGossiperLifecycle.PHASE + 1}. */
  public static final int PHASE = SwimGossiperLifecycle.PHASE + 1;

  private static final Logger log = LoggerFactory.getLogger(SwimDiscoveryRegistration.class);
  private static final long POLL_MILLIS = 50;

  private final Gossiper gossiper;
  private final SwimLocalService local;
  private final ApplicationEventPublisher publisher;
  private final Object lock = new Object();
  private volatile @Nullable Integer httpPort;
  private volatile boolean running;
  private final AtomicBoolean registering = new AtomicBoolean();
  private volatile boolean registered;
  private @Nullable ScheduledExecutorService watcher;

  /**
   * Creates the registration.
   *
   * @param gossiper the local Gossiper
   * @param local what this node advertises
   * @param publisher where to publish the {@link InstanceRegisteredEvent}
   */
  public SwimDiscoveryRegistration(
      Gossiper gossiper, SwimLocalService local, ApplicationEventPublisher publisher) {
    this.gossiper = gossiper;
    this.local = local;
    this.publisher = publisher;
    this.httpPort = local.port();
  }

  /** The service id this node is listed under. */
  public String getServiceId() {
    return local.serviceId();
  }

  /** What this node advertises. */
  public SwimLocalService getLocalService() {
    return local;
  }

  /** The HTTP port this node advertises, or {@code null} while it is not known. */
  public @Nullable Integer getHttpPort() {
    return httpPort;
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
    if (!local.portFixed() && port > 0) {
      httpPort = port;
    }
    if (running) {
      publishMetadata();
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

  /** Publishes what is due; true when nothing is left to watch for. */
  private boolean check() {
    GossiperState state = gossiper.state();
    if (state == GossiperState.JOINING || state == GossiperState.RUNNING) {
      publishMetadata();
    }
    if (state == GossiperState.RUNNING && running && registering.compareAndSet(false, true)) {
      log.info(
          "SWIM node '{}' registered as service '{}' at {}://{}:{}",
          gossiper.config().nodeName(),
          local.serviceId(),
          local.scheme(),
          local.host() != null ? local.host() : gossiper.localAddress().host(),
          httpPort);
      publisher.publishEvent(new InstanceRegisteredEvent<>(this, local));
      // only now: whoever sees isRegistered() also sees the event delivered
      registered = true;
    }
    return registering.get()
        || state == GossiperState.LEAVING
        || state == GossiperState.LEFT
        || state == GossiperState.STOPPED;
  }

  /** Gossips the discovery entries when the node's current metadata lacks them. */
  private void publishMetadata() {
    synchronized (lock) {
      GossiperState state = gossiper.state();
      if (state != GossiperState.JOINING && state != GossiperState.RUNNING) {
        return;
      }
      Map<String, String> current = gossiper.localMember().metadata();
      Map<String, String> desired = local.metadata(current, httpPort);
      if (desired.equals(current)) {
        return;
      }
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
    }
  }
}
