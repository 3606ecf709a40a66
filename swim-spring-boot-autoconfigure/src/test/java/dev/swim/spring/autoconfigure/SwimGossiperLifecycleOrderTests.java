package dev.swim.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperState;
import dev.swim.spring.SwimGossiperLifecycle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Gossiper's place in a real web application's lifecycle: it joins after the web server listens
 * and leaves before the web server's graceful shutdown drains requests. A probe bean sits in the
 * graceful-shutdown phase and records what it sees of the Gossiper when it starts and stops.
 */
class SwimGossiperLifecycleOrderTests {

  @Test
  void phaseIsAboveTheWebServersStartStopAndGracefulShutdownPhases() {
    assertThat(SwimGossiperLifecycle.PHASE)
        .isGreaterThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE)
        .isGreaterThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE);
  }

  @Test
  void joinsAfterTheWebServerListensAndLeavesBeforeItDrains() {
    List<String> props = new ArrayList<>(List.of(SwimTestSupport.LOOPBACK));
    props.addAll(
        List.of(
            "swim.node-name=order-1",
            "server.port=0",
            "server.address=127.0.0.1",
            "server.shutdown=graceful",
            "management.endpoints.access.default=none"));
    ConfigurableApplicationContext c =
        new SpringApplicationBuilder(OrderApplication.class)
            .web(WebApplicationType.SERVLET)
            .properties(props.toArray(String[]::new))
            .run();
    PhaseProbe probe = c.getBean(PhaseProbe.class);
    Gossiper gossiper = c.getBean(Gossiper.class);
    try {
      assertThat(probe.portAtStart).as("the web server listens when the probe starts").isPositive();
      assertThat(probe.gossiperAtStart)
          .as("the Gossiper has not started when the graceful-shutdown phase starts")
          .isEqualTo(GossiperState.CREATED);
      assertThat(gossiper.state()).isEqualTo(GossiperState.RUNNING);
    } finally {
      c.close();
    }
    assertThat(probe.gossiperAtStop)
        .as("the Gossiper has left when the graceful-shutdown phase stops")
        .isIn(GossiperState.LEFT, GossiperState.STOPPED);
  }

  /** Records the Gossiper's state from the web server's graceful-shutdown phase. */
  static final class PhaseProbe implements SmartLifecycle {
    private final ObjectProvider<Gossiper> gossiper;
    private final WebServerApplicationContext context;
    volatile GossiperState gossiperAtStart;
    volatile GossiperState gossiperAtStop;
    volatile int portAtStart;
    private volatile boolean running;

    PhaseProbe(ObjectProvider<Gossiper> gossiper, WebServerApplicationContext context) {
      this.gossiper = gossiper;
      this.context = context;
    }

    @Override
    public void start() {
      gossiperAtStart = gossiper.getObject().state();
      portAtStart = context.getWebServer().getPort();
      running = true;
    }

    @Override
    public void stop() {
      gossiperAtStop = gossiper.getObject().state();
      running = false;
    }

    @Override
    public boolean isRunning() {
      return running;
    }

    @Override
    public int getPhase() {
      return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class OrderApplication {
    @Bean
    PhaseProbe phaseProbe(ObjectProvider<Gossiper> gossiper, WebServerApplicationContext context) {
      return new PhaseProbe(gossiper, context);
    }
  }
}
