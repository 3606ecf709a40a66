package dev.swim.spring.autoconfigure.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.runtime.Gossiper;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import dev.swim.spring.autoconfigure.SwimTestSupport;
import dev.swim.spring.event.SwimUserEvent;
import dev.swim.spring.event.SwimUserEventBridge;
import dev.swim.spring.event.SwimUserEventPublisher;
import dev.swim.spring.event.SwimUserEventTooLargeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** The user-event publisher and the SwimUserEvent bridge, on one node and on two. */
class SwimEventAutoConfigurationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(SwimAutoConfiguration.class, SwimEventAutoConfiguration.class))
          .withPropertyValues(SwimTestSupport.LOOPBACK)
          .withUserConfiguration(Received.class);

  @Test
  void aBroadcastIsDeliveredLocallyAsASwimUserEvent() {
    runner
        .withPropertyValues("swim.node-name=solo")
        .run(
            context -> {
              assertThat(context).hasSingleBean(SwimUserEventPublisher.class);
              assertThat(context).hasSingleBean(SwimUserEventBridge.class);
              context.getBean(SwimUserEventPublisher.class).broadcast("flag", "on");
              Received received = context.getBean(Received.class);
              await(() -> received.events.size() == 1);
              SwimUserEvent event = received.events.get(0);
              assertThat(event.getName()).isEqualTo("flag");
              assertThat(event.getOrigin()).isEqualTo("solo");
              assertThat(event.getPayloadAsString()).isEqualTo("on");
              assertThat(event.getPayload()).isEqualTo("on".getBytes(StandardCharsets.UTF_8));
              assertThat(event.getSource()).isSameAs(context.getBean(Gossiper.class));
            });
  }

  @Test
  void aPayloadOverTheLimitFailsClearlyAndSendsNothing() {
    runner
        .withPropertyValues("swim.max-user-event-size=16B")
        .run(
            context -> {
              SwimUserEventPublisher publisher = context.getBean(SwimUserEventPublisher.class);
              assertThat(publisher.maxPayloadSize()).isEqualTo(16);
              publisher.broadcast("ok", new byte[16]);
              assertThatThrownBy(() -> publisher.broadcast("big", new byte[17]))
                  .isInstanceOf(SwimUserEventTooLargeException.class)
                  .hasMessage(
                      "User event 'big' payload is 17 bytes, over the limit of 16 bytes"
                          + " (swim.max-user-event-size)")
                  .satisfies(
                      e -> {
                        SwimUserEventTooLargeException t = (SwimUserEventTooLargeException) e;
                        assertThat(t.getSize()).isEqualTo(17);
                        assertThat(t.getLimit()).isEqualTo(16);
                        assertThat(t.getEventName()).isEqualTo("big");
                      });
              Received received = context.getBean(Received.class);
              await(() -> received.events.size() == 1);
              Thread.sleep(200);
              assertThat(received.events).extracting(SwimUserEvent::getName).containsExactly("ok");
            });
  }

  @Test
  void badNamesAreRejected() {
    runner.run(
        context -> {
          SwimUserEventPublisher publisher = context.getBean(SwimUserEventPublisher.class);
          assertThatThrownBy(() -> publisher.broadcast("", new byte[0]))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("1 to 255 bytes");
          assertThatThrownBy(() -> publisher.broadcast("x".repeat(256), new byte[0]))
              .hasMessageContaining("was 256");
        });
  }

  @Test
  void eventsDisabledKeepsThePublisherOnly() {
    runner
        .withPropertyValues("swim.events.enabled=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(SwimUserEventPublisher.class);
              assertThat(context).doesNotHaveBean(SwimUserEventBridge.class);
              context.getBean(SwimUserEventPublisher.class).broadcast("flag", "on");
              Thread.sleep(300);
              assertThat(context.getBean(Received.class).events).isEmpty();
            });
  }

  @Test
  void swimDisabledHasNoPublisher() {
    runner
        .withPropertyValues("swim.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SwimUserEventPublisher.class));
  }

  @Test
  void anEventReachesEveryMemberOnce() {
    runner
        .withPropertyValues("swim.node-name=n1")
        .run(
            n1 -> {
              String seed = "127.0.0.1:" + n1.getBean(Gossiper.class).localAddress().port();
              runner
                  .withPropertyValues("swim.node-name=n2", "swim.seeds=" + seed)
                  .run(
                      n2 -> {
                        await(() -> n1.getBean(Gossiper.class).members().size() == 2);
                        await(() -> n2.getBean(Gossiper.class).members().size() == 2);
                        n2.getBean(SwimUserEventPublisher.class).broadcast("evict", "k1");
                        for (var c : List.of(n1, n2)) {
                          Received r = c.getBean(Received.class);
                          await(() -> r.events.size() == 1);
                          assertThat(r.events.get(0).getOrigin()).isEqualTo("n2");
                          assertThat(r.events.get(0).getPayloadAsString()).isEqualTo("k1");
                        }
                        Thread.sleep(500); // retransmissions must not deliver it twice
                        assertThat(n1.getBean(Received.class).events).hasSize(1);
                        assertThat(n2.getBean(Received.class).events).hasSize(1);
                      });
            });
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Received {
    final List<SwimUserEvent> events = new CopyOnWriteArrayList<>();

    @EventListener
    void on(SwimUserEvent event) {
      events.add(event);
    }
  }
}
