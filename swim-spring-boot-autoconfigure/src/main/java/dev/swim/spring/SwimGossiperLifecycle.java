package dev.swim.spring;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.runtime.GossiperState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

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
 */
public class SwimGossiperLifecycle implements SmartLifecycle {

  /** {@code SmartLifecycle.DEFAULT_PHASE - 512}. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  private static final Logger log = LoggerFactory.getLogger(SwimGossiperLifecycle.class);

  private final Gossiper gossiper;
  private final boolean autoStartup;
  private volatile boolean running;

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
    running = true;
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
