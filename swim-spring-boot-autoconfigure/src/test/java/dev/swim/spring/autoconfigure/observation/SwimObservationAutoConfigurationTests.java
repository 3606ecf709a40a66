package dev.swim.spring.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import dev.swim.spring.autoconfigure.SwimTestSupport;
import dev.swim.spring.observation.SwimObservations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Each probe round and each push-pull the node opens is an Observation (so a tracer shows them),
 * with their outcome as a low-cardinality key; bounded; stopped when the context closes.
 */
class SwimObservationAutoConfigurationTests {

  /** Records every observation stopped, and how many were started. */
  static final class Recording implements ObservationHandler<Observation.Context> {
    final List<Observation.Context> started = new CopyOnWriteArrayList<>();
    final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    final List<Observation.Context> failed = new CopyOnWriteArrayList<>();

    @Override
    public void onStart(Observation.Context context) {
      started.add(context);
    }

    @Override
    public void onError(Observation.Context context) {
      failed.add(context);
    }

    @Override
    public void onStop(Observation.Context context) {
      stopped.add(context);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }

    List<Observation.Context> stopped(String name, String key, String value) {
      return stopped.stream()
          .filter(c -> c.getName().equals(name))
          .filter(c -> c.getLowCardinalityKeyValue(key) != null)
          .filter(c -> value.equals(c.getLowCardinalityKeyValue(key).getValue()))
          .toList();
    }
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SwimAutoConfiguration.class, SwimObservationAutoConfiguration.class))
          .withPropertyValues(SwimTestSupport.LOOPBACK)
          .withPropertyValues("swim.profile=local");

  private static ObservationRegistry registry(Recording handler) {
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(handler);
    return registry;
  }

  @Test
  void probeRoundsAndPushPullsAreObservedWithTheirOutcome() throws Exception {
    Recording handler = new Recording();
    try (Gossiper peer =
        Gossiper.create(
            GossiperConfig.builder("peer")
                .bindAddress("127.0.0.1")
                .bindPort(0)
                .protocol(SwimConfig.local())
                .build())) {
      peer.start();
      runner
          .withBean(ObservationRegistry.class, () -> registry(handler))
          .withPropertyValues("swim.seeds=127.0.0.1:" + peer.localAddress().port())
          .run(
              context -> {
                assertThat(context).hasSingleBean(SwimObservations.class);
                await(
                    () ->
                        !handler
                            .stopped(SwimObservations.PUSH_PULL, "swim.kind", "join")
                            .isEmpty());
                await(
                    () ->
                        handler
                                .stopped(SwimObservations.PROBE_ROUND, "swim.outcome", "direct")
                                .size()
                            >= 3);
                Observation.Context join =
                    handler.stopped(SwimObservations.PUSH_PULL, "swim.kind", "join").get(0);
                assertThat(join.getLowCardinalityKeyValue("swim.answered").getValue())
                    .isEqualTo("true");
                assertThat(join.getHighCardinalityKeyValue("swim.peer").getValue())
                    .endsWith(":" + peer.localAddress().port());
                Observation.Context round =
                    handler.stopped(SwimObservations.PROBE_ROUND, "swim.outcome", "direct").get(0);
                assertThat(round.getHighCardinalityKeyValue("swim.target").getValue())
                    .isEqualTo("peer");
                assertThat(handler.failed).isEmpty();
              });
      // the context closed: every observation it started was stopped
      assertThat(handler.stopped).hasSameSizeAs(handler.started);
    }
  }

  @Test
  void atMostMaxOpenObservationsAndTheOldestIsStoppedWithAnError() throws Exception {
    Recording handler = new Recording();
    try (Gossiper g = Gossiper.create(GossiperConfig.builder("bounded").build())) {
      SwimObservations observations = new SwimObservations(g, registry(handler));
      int over = 44;
      for (int i = 0; i < SwimObservations.MAX_OPEN + over; i++) {
        observations.probeStarted(i, "m" + i);
      }
      assertThat(observations.open()).isEqualTo(SwimObservations.MAX_OPEN);
      assertThat(observations.evicted()).isEqualTo(over);
      assertThat(handler.failed).hasSize(over);
      assertThat(handler.stopped).hasSize(over);
      observations.probeEnded(0, "m0", "direct", 5); // evicted already: nothing happens
      assertThat(handler.stopped).hasSize(over);
      observations.probeEnded(over, "m" + over, "failed", -1); // the oldest still open
      assertThat(handler.stopped(SwimObservations.PROBE_ROUND, "swim.outcome", "failed"))
          .hasSize(1);
      observations.destroy();
      assertThat(observations.open()).isZero();
      assertThat(handler.stopped).hasSize(SwimObservations.MAX_OPEN + over);
    }
  }

  @Test
  void notConfiguredWithoutAnObservationRegistry() {
    runner.run(context -> assertThat(context).doesNotHaveBean(SwimObservations.class));
    runner
        .withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SwimObservations.class);
            });
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
