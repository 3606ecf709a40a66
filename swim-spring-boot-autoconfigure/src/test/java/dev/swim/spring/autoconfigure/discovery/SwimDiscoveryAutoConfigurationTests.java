package dev.swim.spring.autoconfigure.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.runtime.Gossiper;
import dev.swim.spring.SwimGossiperLifecycle;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import dev.swim.spring.autoconfigure.SwimTestSupport;
import dev.swim.spring.discovery.SwimDiscoveryClient;
import dev.swim.spring.discovery.SwimDiscoveryHeartbeat;
import dev.swim.spring.discovery.SwimDiscoveryMetadataCustomizer;
import dev.swim.spring.discovery.SwimDiscoveryRegistration;
import dev.swim.spring.discovery.SwimDiscoveryWebServerListener;
import dev.swim.spring.discovery.SwimLocalService;
import dev.swim.spring.discovery.SwimReactiveDiscoveryClient;
import dev.swim.spring.discovery.SwimServiceInstance;
import dev.swim.spring.discovery.SwimServiceInstances;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.composite.reactive.ReactiveCompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryClientAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** When the discovery clients exist, and what a single node lists. */
class SwimDiscoveryAutoConfigurationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SwimAutoConfiguration.class,
                  SwimDiscoveryAutoConfiguration.class,
                  SwimDiscoveryClientAutoConfiguration.class,
                  SwimReactiveDiscoveryClientAutoConfiguration.class,
                  CompositeDiscoveryClientAutoConfiguration.class,
                  SimpleDiscoveryClientAutoConfiguration.class,
                  ReactiveCompositeDiscoveryClientAutoConfiguration.class,
                  SimpleReactiveDiscoveryClientAutoConfiguration.class,
                  UtilAutoConfiguration.class))
          .withPropertyValues(SwimTestSupport.LOOPBACK)
          .withPropertyValues(
              "swim.node-name=orders-1",
              "spring.application.name=orders",
              "swim.discovery.port=8081",
              "swim.metadata.zone=zone-a");

  @Test
  void providesBlockingAndReactiveClientsListingThisNode() {
    runner
        .withUserConfiguration(RegisteredEvents.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(SwimDiscoveryClient.class);
              assertThat(context).hasSingleBean(SwimReactiveDiscoveryClient.class);
              assertThat(context).hasSingleBean(SwimDiscoveryRegistration.class);
              assertThat(context).hasSingleBean(SwimDiscoveryHeartbeat.class);

              // through Spring Cloud's composite clients, as applications see it
              DiscoveryClient client = context.getBean(DiscoveryClient.class);
              List<ServiceInstance> instances = client.getInstances("orders");
              assertThat(instances).hasSize(1);
              ServiceInstance self = instances.get(0);
              assertThat(self.getInstanceId()).isEqualTo("orders-1");
              assertThat(self.getServiceId()).isEqualTo("orders");
              assertThat(self.getHost()).isEqualTo("127.0.0.1");
              assertThat(self.getPort()).isEqualTo(8081);
              assertThat(self.isSecure()).isFalse();
              assertThat(self.getScheme()).isEqualTo("http");
              assertThat(self.getUri()).hasToString("http://127.0.0.1:8081");
              assertThat(self.getMetadata()).containsExactlyEntriesOf(Map.of("zone", "zone-a"));
              assertThat(client.getInstances("ORDERS")).hasSize(1);
              assertThat(client.getInstances("billing")).isEmpty();
              assertThat(client.getServices()).contains("orders");

              ReactiveDiscoveryClient reactive = context.getBean(ReactiveDiscoveryClient.class);
              assertThat(reactive.getInstances("orders").collectList().block(Duration.ofSeconds(5)))
                  .extracting(ServiceInstance::getInstanceId)
                  .containsExactly("orders-1");

              // the Gossiper joined with the discovery entries in its metadata
              assertThat(context.getBean(Gossiper.class).localMember().metadata())
                  .containsEntry("service-id", "orders")
                  .containsEntry("http-port", "8081")
                  .containsEntry("http-scheme", "http")
                  .containsEntry("zone", "zone-a")
                  .doesNotContainKey("http-host");
              assertThat(context.getBean(Gossiper.class).localMember().incarnation()).isZero();

              // registered: Spring Cloud's discovery health indicator waits for this event
              RegisteredEvents events = context.getBean(RegisteredEvents.class);
              awaitTrue(() -> !events.events.isEmpty());
              assertThat(events.events).hasSize(1);
              assertThat(events.events.get(0).getConfig()).isInstanceOf(SwimLocalService.class);
              assertThat(context.getBean(SwimDiscoveryRegistration.class).isRegistered()).isTrue();
            });
  }

  @ParameterizedTest(name = "swim.discovery.include-suspect={0}")
  @ValueSource(booleans = {true, false})
  void suspectMembersAreListedUnlessIncludeSuspectIsFalse(boolean includeSuspect) {
    // a long suspicion (multiplier 50) keeps the crashed peer SUSPECT while the lists are read
    runner
        .withPropertyValues(
            "swim.discovery.include-suspect=" + includeSuspect, "swim.suspicion-multiplier=50")
        .run(
            context -> {
              Gossiper gossiper = context.getBean(Gossiper.class);
              DiscoveryClient client = context.getBean(DiscoveryClient.class);
              ReactiveDiscoveryClient reactive = context.getBean(ReactiveDiscoveryClient.class);
              // a peer joins, then its Gossiper closes without a leave: a crash, so it turns
              // SUSPECT
              runner
                  .withPropertyValues(
                      "swim.node-name=orders-3",
                      "swim.discovery.port=8083",
                      "swim.seeds=127.0.0.1:" + gossiper.localAddress().port())
                  .run(
                      peer -> {
                        awaitTrue(() -> client.getInstances("orders").size() == 2);
                        peer.getBean(Gossiper.class).close();
                      });
              awaitTrue(
                  () ->
                      gossiper
                          .member("orders-3")
                          .map(m -> m.state() == MemberState.SUSPECT)
                          .orElse(false));

              List<String> expected =
                  includeSuspect ? List.of("orders-1", "orders-3") : List.of("orders-1");
              assertThat(client.getInstances("orders"))
                  .extracting(ServiceInstance::getInstanceId)
                  .containsExactlyInAnyOrderElementsOf(expected);
              assertThat(reactive.getInstances("orders").collectList().block(Duration.ofSeconds(5)))
                  .extracting(ServiceInstance::getInstanceId)
                  .containsExactlyInAnyOrderElementsOf(expected);
              assertThat(gossiper.member("orders-3").orElseThrow().state())
                  .as("still SUSPECT after the lists were read")
                  .isEqualTo(MemberState.SUSPECT);
            });
  }

  @Test
  void advertisesAnExplicitHostAndScheme() {
    runner
        .withPropertyValues(
            "swim.discovery.host=orders-1.example.org",
            "swim.discovery.secure=true",
            "swim.discovery.service-id=orders-api")
        .run(
            context -> {
              SwimServiceInstance self =
                  context.getBean(SwimServiceInstances.class).getInstances("orders-api").get(0);
              assertThat(self.getHost()).isEqualTo("orders-1.example.org");
              assertThat(self.getUri()).hasToString("https://orders-1.example.org:8081");
              assertThat(self.getMetadata()).doesNotContainKeys("http-host", "service-id");
            });
  }

  @Test
  void nodeWithoutAnHttpPortIsNotListed() {
    runner
        .withPropertyValues("swim.discovery.port=")
        .run(
            context -> {
              assertThat(context.getBean(Gossiper.class).localMember().metadata())
                  .containsEntry("service-id", "orders")
                  .doesNotContainKey("http-port");
              assertThat(context.getBean(DiscoveryClient.class).getInstances("orders")).isEmpty();
            });
  }

  @Test
  void swimDiscoveryDisabled() {
    runner
        .withPropertyValues("swim.discovery.enabled=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(Gossiper.class);
              assertNoSwimDiscovery(context);
              assertThat(context.getBean(Gossiper.class).localMember().metadata())
                  .containsOnlyKeys("zone");
            });
  }

  @Test
  void springCloudDiscoveryDisabled() {
    runner
        .withPropertyValues("spring.cloud.discovery.enabled=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(Gossiper.class);
              assertNoSwimDiscovery(context);
            });
  }

  @Test
  void blockingDiscoveryDisabledKeepsTheReactiveClient() {
    runner
        .withPropertyValues("spring.cloud.discovery.blocking.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(SwimDiscoveryClient.class);
              assertThat(context).hasSingleBean(SwimReactiveDiscoveryClient.class);
            });
  }

  @Test
  void reactiveDiscoveryDisabledKeepsTheBlockingClient() {
    runner
        .withPropertyValues("spring.cloud.discovery.reactive.enabled=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(SwimDiscoveryClient.class);
              assertThat(context).doesNotHaveBean(SwimReactiveDiscoveryClient.class);
            });
  }

  @Test
  void noReactiveClientWithoutReactor() {
    runner
        .withClassLoader(new FilteredClassLoader(Flux.class))
        .run(
            context -> {
              assertThat(context).hasSingleBean(SwimDiscoveryClient.class);
              assertThat(context).doesNotHaveBean(SwimReactiveDiscoveryClient.class);
            });
  }

  @Test
  void noReactiveClientWithoutWebClient() {
    runner
        .withClassLoader(new FilteredClassLoader(WebClient.class))
        .run(
            context -> {
              assertThat(context).hasSingleBean(SwimDiscoveryClient.class);
              assertThat(context).doesNotHaveBean(SwimReactiveDiscoveryClient.class);
            });
  }

  @Test
  void withoutSpringCloudCommonsTheGossiperRunsAlone() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                SwimAutoConfiguration.class,
                SwimDiscoveryAutoConfiguration.class,
                SwimDiscoveryClientAutoConfiguration.class,
                SwimReactiveDiscoveryClientAutoConfiguration.class))
        .withPropertyValues(SwimTestSupport.LOOPBACK)
        .withPropertyValues("spring.application.name=orders", "server.port=8081")
        .withClassLoader(new FilteredClassLoader("org.springframework.cloud"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(Gossiper.class);
              assertNoSwimDiscovery(context);
              assertThat(context.getBean(Gossiper.class).localMember().metadata()).isEmpty();
            });
  }

  @Test
  void withoutTheWebServerModuleThereIsNoPortListener() {
    runner
        .withClassLoader(new FilteredClassLoader(WebServerInitializedEvent.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(SwimDiscoveryClient.class);
              assertThat(context).doesNotHaveBean(SwimDiscoveryWebServerListener.class);
            });
  }

  @Test
  void registersOnceTheGossiperIsStartedLater() {
    runner
        .withUserConfiguration(RegisteredEvents.class)
        .withPropertyValues("swim.auto-startup=false")
        .run(
            context -> {
              SwimDiscoveryRegistration registration =
                  context.getBean(SwimDiscoveryRegistration.class);
              Thread.sleep(200);
              assertThat(registration.isRegistered()).isFalse();
              context.getBean(SwimGossiperLifecycle.class).start();
              awaitTrue(registration::isRegistered);
              assertThat(context.getBean(RegisteredEvents.class).events).hasSize(1);
              // the snapshot with the local service's metadata follows the start asynchronously
              DiscoveryClient discovery = context.getBean(DiscoveryClient.class);
              awaitTrue(() -> discovery.getInstances("orders").size() == 1);
            });
  }

  @Test
  void swimDisabled() {
    runner
        .withPropertyValues("swim.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(Gossiper.class);
              assertNoSwimDiscovery(context);
            });
  }

  @Test
  void userClientReplacesOurs() {
    runner
        .withUserConfiguration(CustomClient.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(SwimDiscoveryClient.class);
              assertThat(context.getBean(SwimDiscoveryClient.class).getOrder()).isEqualTo(42);
            });
  }

  @Test
  void orderIsConfigurable() {
    runner
        .withPropertyValues("swim.discovery.order=7")
        .run(
            context -> {
              assertThat(context.getBean(SwimDiscoveryClient.class).getOrder()).isEqualTo(7);
              assertThat(context.getBean(SwimReactiveDiscoveryClient.class).getOrder())
                  .isEqualTo(7);
            });
  }

  @Test
  void invalidPortFailsStartupNamingTheProperty() {
    runner
        .withPropertyValues("swim.discovery.port=70000")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("swim.discovery.port must be in 1..65535");
            });
  }

  private static void assertNoSwimDiscovery(AssertableApplicationContext context) {
    assertThat(context).doesNotHaveBean(SwimDiscoveryClient.class);
    assertThat(context).doesNotHaveBean(SwimReactiveDiscoveryClient.class);
    assertThat(context).doesNotHaveBean(SwimServiceInstances.class);
    assertThat(context).doesNotHaveBean(SwimDiscoveryRegistration.class);
    assertThat(context).doesNotHaveBean(SwimDiscoveryHeartbeat.class);
    assertThat(context).doesNotHaveBean(SwimDiscoveryMetadataCustomizer.class);
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class RegisteredEvents {
    final List<InstanceRegisteredEvent<?>> events = new CopyOnWriteArrayList<>();

    @EventListener
    void on(InstanceRegisteredEvent<?> event) {
      events.add(event);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomClient {
    @Bean
    SwimDiscoveryClient customSwimDiscoveryClient(SwimServiceInstances instances) {
      return new SwimDiscoveryClient(instances, 42);
    }
  }
}
