package dev.swim.spring;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.runtime.GossiperState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Starts the {@link Gossiper} with the application and leaves the cluster gracefully when it stops.
 *
 * <p><b>Phase</b> {@link #PHASE} = {@code DEFAULT_PHASE - 512}: above the web server's start/stop
 * phase ({@code DEFAULT_PHASE - 2048}) and its graceful-shutdown phase ({@code DEFAULT_PHASE -
 * 1024}). Lifecycle beans start in ascending and stop in descending phase order, so:
 *
 * <ul>
 *   <li>on startup the node binds its gossip port and joins its seeds after the web server is
 *       listening, so the real HTTP port is known;
 *   <li>on shutdown it broadcasts its leave, waits for it to go out (at most {@code
 *       swim.leave-timeout}) and closes, before the web server drains its in-flight requests. Peers
 *       see the node LEFT, not FAILED, and stop routing to it while it is still serving.
 * </ul>
 *
 * <p>The leave runs on its own thread ({@link #stop(Runnable)}), so other beans of the same phase
 * stop in parallel.
 *
 * <p>Once the Gossiper has bound, the port it is bound to is published in the environment as
 * {@value #LOCAL_PORT_PROPERTY} (in a property source named {@value #LOCAL_PROPERTY_SOURCE}, in
 * this context and each of its parents), as Spring Boot publishes {@code local.server.port}: useful
 * with {@code swim.bind-port=0}, in tests ({@code @LocalSwimPort}) and anywhere {@code @Value}
 * reaches.
 */
public class SwimGossiperLifecycle implements SmartLifecycle, ApplicationContextAware {

  /** {@code SmartLifecycle.DEFAULT_PHASE - 512}. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  /** The property holding the gossip port actually bound, once the Gossiper has started. */
  public static final String LOCAL_PORT_PROPERTY = "local.swim.port";

  /** The name of the property source that holds {@value #LOCAL_PORT_PROPERTY}. */
  public static final String LOCAL_PROPERTY_SOURCE = "swim.local";

  private static final Logger log = LoggerFactory.getLogger(SwimGossiperLifecycle.class);

  private final Gossiper gossiper;
  private final boolean autoStartup;
  private volatile boolean running;
  private volatile @Nullable ApplicationContext context;

  /**
   * Creates the lifecycle of {@code gossiper}.
   *
   * @param gossiper the Gossiper to start and stop
   * @param autoStartup whether to start with the application context ({@code swim.auto-startup})
   */
  public SwimGossiperLifecycle(Gossiper gossiper, boolean autoStartup) {
    this.gossiper = gossiper;
    this.autoStartup = autoStartup;
  }

  /** The context whose environment (and its parents') receives {@value #LOCAL_PORT_PROPERTY}. */
  @Override
  public void setApplicationContext(ApplicationContext context) {
    this.context = context;
  }

  @Override
  public void start() {
    if (running) {
      return;
    }
    if (gossiper.state() == GossiperState.CREATED) {
      GossiperConfig config = gossiper.config();
      try {
        gossiper.start();
      } catch (IOException e) {
        throw bindFailure(config, e);
      } catch (IllegalArgumentException e) {
        throw SwimConfigurationException.of(e);
      }
      List<String> seeds = config.seeds();
      String joining =
          seeds.isEmpty()
              ? " (no seeds: a cluster of its own until others join)"
              : ", seeds " + seeds;
      log.info(
          "SWIM node '{}' started at {}{}", config.nodeName(), gossiper.localAddress(), joining);
    }
    publishLocalPort();
    running = true;
  }

  /** Puts the bound gossip port into the environment of the context and of its parents. */
  private void publishLocalPort() {
    GossiperState state = gossiper.state();
    if (state == GossiperState.CREATED || state == GossiperState.STOPPED) {
      return;
    }
    int port = gossiper.boundAddress().port();
    for (ApplicationContext c = context; c != null; c = c.getParent()) {
      if (c instanceof ConfigurableApplicationContext configurable) {
        publishLocalPort(configurable.getEnvironment(), port);
      }
    }
  }

  private static void publishLocalPort(ConfigurableEnvironment environment, int port) {
    MutablePropertySources sources = environment.getPropertySources();
    PropertySource<?> source = sources.get(LOCAL_PROPERTY_SOURCE);
    if (source instanceof MapPropertySource map) {
      map.getSource().put(LOCAL_PORT_PROPERTY, port);
      return;
    }
    MapPropertySource map = new MapPropertySource(LOCAL_PROPERTY_SOURCE, new HashMap<>());
    map.getSource().put(LOCAL_PORT_PROPERTY, port);
    if (source != null) {
      sources.replace(LOCAL_PROPERTY_SOURCE, map);
    } else {
      sources.addFirst(map);
    }
  }

  @Override
  public void stop(Runnable callback) {
    if (!running) {
      callback.run();
      return;
    }
    running = false;
    Thread leaving =
        new Thread(
            () -> {
              try {
                leaveAndClose();
              } finally {
                callback.run();
              }
            },
            "swim-leave");
    leaving.setDaemon(true);
    leaving.start();
  }

  @Override
  public void stop() {
    running = false;
    leaveAndClose();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public boolean isAutoStartup() {
    return autoStartup;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  private void leaveAndClose() {
    try {
      GossiperState state = gossiper.state();
      if (state == GossiperState.JOINING || state == GossiperState.RUNNING) {
        Duration timeout = gossiper.config().leaveTimeout();
        long startNanos = System.nanoTime();
        boolean done = gossiper.leave(timeout);
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        if (done) {
          log.info("SWIM node '{}' left the cluster in {} ms", gossiper.config().nodeName(), ms);
        } else {
          log.warn(
              "SWIM node '{}' closed before its leave was fully gossiped (swim.leave-timeout {})",
              gossiper.config().nodeName(),
              timeout);
        }
      }
    } catch (RuntimeException e) {
      log.warn("SWIM leave failed; closing without it", e);
    } finally {
      gossiper.close();
    }
  }

  private static RuntimeException bindFailure(GossiperConfig config, IOException e) {
    String where = config.bindAddress() + ":" + config.bindPort();
    if (causeMessageContains(e, "cannot assign requested address")) {
      return new SwimConfigurationException(
          "swim.bind-address",
          "swim.bind-address "
              + config.bindAddress()
              + " is not an address of this host ("
              + e.getMessage()
              + ")",
          e);
    }
    if (isBindFailure(e)) {
      return new SwimConfigurationException(
          "swim.bind-port",
          "swim.bind-port "
              + config.bindPort()
              + " cannot be bound on "
              + where
              + ": it is already in use ("
              + e.getMessage()
              + ")",
          e);
    }
    return new UncheckedIOException("SWIM node '" + config.nodeName() + "' failed to start", e);
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return causeMessageContains(e, "address already in use");
  }

  private static boolean causeMessageContains(Throwable e, String text) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && m.toLowerCase(Locale.ROOT).contains(text)) {
        return true;
      }
    }
    return false;
  }
}
