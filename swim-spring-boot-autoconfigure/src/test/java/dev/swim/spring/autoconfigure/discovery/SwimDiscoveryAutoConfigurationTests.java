package dev.swim.spring.autoconfigure.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperState;
import dev.swim.spring.SwimGossiperLifecycle;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import dev.swim.spring.autoconfigure.SwimTestSupport;
import dev.swim.spring.discovery.SwimDiscoveryClient;
import dev.swim.spring.discovery.SwimDiscoveryHeartbeat;
import dev.swim.spring.discovery.SwimDiscoveryMetadataCustomizer;
import dev.swim.spring.discovery.SwimDiscoveryRegistration;
import dev.swim.spring.discovery.SwimDiscoveryWebServerListener;
import dev.swim.spring.discovery.SwimInstanceStatus;
import dev.swim.spring.discovery.SwimLocalService;
import dev.swim.spring.discovery.SwimManagementEndpoint;
import dev.swim.spring.discovery.SwimReactiveDiscoveryClient;
import dev.swim.spring.discovery.SwimRegistration;
import dev.swim.spring.discovery.SwimServiceInstance;
import dev.swim.spring.discovery.SwimServiceInstanceChanges;
import dev.swim.spring.discovery.SwimServiceInstances;
import dev.swim.spring.discovery.SwimServiceRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.cloud.client.CommonsClientAutoConfiguration;
import org.springframework.cloud.client.ReactiveCommonsClientAutoConfiguration;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.composite.reactive.ReactiveCompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent;
import org.springframework.cloud.client.discovery.health.DiscoveryCompositeHealthContributor;
import org.springframework.cloud.client.discovery.health.reactive.ReactiveDiscoveryCompositeHealthContributor;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistration;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationAutoConfiguration;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * When the discovery beans exist, what a node lists and advertises, and how readiness, the service
 * registry and consumer-only mode decide whether it is listed: runner-based, real Gossipers on
 * loopback.
 */
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
                  CommonsClientAutoConfiguration.class,
                  ReactiveCommonsClientAutoConfiguration.class,
                  ServiceRegistryAutoConfiguration.class,
                  AutoServiceRegistrationAutoConfiguration.class,
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
              assertThat(context).hasSingleBean(SwimServiceRegistry.class);
              assertThat(context).hasSingleBean(SwimRegistration.class);
              assertThat(context.getBean(ServiceRegistry.class))
                  .isSameAs(context.getBean(SwimServiceRegistry.class));
              assertThat(context.getBean(Registration.class))
                  .isSameAs(context.getBean(SwimRegistration.class));
              assertThat(context.getBean(AutoServiceRegistration.class))
                  .isSameAs(context.getBean(SwimDiscoveryRegistration.class));

              // through Spring Cloud's composite clients, as applications see it
              DiscoveryClient client = context.getBean(DiscoveryClient.class);
              // STARTING until the application reports readiness: not listed yet
              assertThat(context.getBean(Gossiper.class).localMember().metadata())
                  .containsEntry("status", "STARTING");
              assertThat(client.getInstances("orders")).isEmpty();
              ready(context);
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
              assertThat(self.getMetadata())
                  .containsExactlyInAnyOrderEntriesOf(Map.of("zone", "zone-a", "status", "UP"));
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
                  .containsEntry("status", "UP")
                  .doesNotContainKey("http-host");
              // the registration shows what peers see
              SwimRegistration registration = context.getBean(SwimRegistration.class);
              assertThat(registration.getInstanceId()).isEqualTo("orders-1");
              assertThat(registration.getUri()).hasToString("http://127.0.0.1:8081");
              assertThat(registration.getMetadata()).isEqualTo(self.getMetadata());

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
              ready(context);
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
                        ready(peer);
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
              ready(context);
              SwimServiceInstance self =
                  context.getBean(SwimServiceInstances.class).getInstances("orders-api").get(0);
              assertThat(self.getHost()).isEqualTo("orders-1.example.org");
              assertThat(self.getUri()).hasToString("https://orders-1.example.org:8081");
              assertThat(self.getMetadata())
                  .doesNotContainKeys("http-host", "service-id", "http-port", "http-scheme");
            });
  }

  @Test
  void nodeWithoutAnHttpPortIsNotListed() {
    runner
        .withPropertyValues("swim.discovery.port=")
        .run(
            context -> {
              ready(context);
              assertThat(context.getBean(Gossiper.class).localMember().metadata())
                  .containsEntry("service-id", "orders")
                  .containsEntry("status", "UP")
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
              ready(context);
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

  @Test
  void readinessDrivesTheStatus() {
    runner.run(
        context -> {
          Gossiper gossiper = context.getBean(Gossiper.class);
          DiscoveryClient client = context.getBean(DiscoveryClient.class);
          SwimServiceRegistry registry = context.getBean(SwimServiceRegistry.class);
          assertThat(registry.getEffectiveStatus()).isEqualTo(SwimInstanceStatus.STARTING);
          assertThat(status(gossiper)).isEqualTo("STARTING");

          ready(context);
          assertThat(status(gossiper)).isEqualTo("UP");
          assertThat(ids(client)).containsExactly("orders-1");

          AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
          assertThat(status(gossiper)).isEqualTo("OUT_OF_SERVICE");
          assertThat(ids(client)).isEmpty();
          assertThat(client.getServices()).doesNotContain("orders");
          // out of service is not out of the cluster: still a live, running member
          assertThat(gossiper.state()).isEqualTo(GossiperState.RUNNING);
          assertThat(gossiper.localMember().state()).isEqualTo(MemberState.ALIVE);

          ready(context);
          assertThat(ids(client)).containsExactly("orders-1");
        });
  }

  @Test
  void theOperatorsStatusOverridesReadinessUntilUp() {
    runner.run(
        context -> {
          ready(context);
          Gossiper gossiper = context.getBean(Gossiper.class);
          DiscoveryClient client = context.getBean(DiscoveryClient.class);
          SwimServiceRegistry registry = context.getBean(SwimServiceRegistry.class);
          SwimRegistration registration = context.getBean(SwimRegistration.class);

          registry.setStatus(registration, " out_of_service ");
          assertThat(status(gossiper)).isEqualTo("OUT_OF_SERVICE");
          assertThat(ids(client)).isEmpty();
          // readiness reported again (a readiness probe flapping back): the operator's status stays
          ready(context);
          assertThat(status(gossiper)).isEqualTo("OUT_OF_SERVICE");
          Map<String, Object> shown = registry.getStatus(registration);
          assertThat(shown)
              .containsEntry("status", "OUT_OF_SERVICE")
              .containsEntry("readiness", "UP")
              .containsEntry("override", "OUT_OF_SERVICE")
              .containsEntry("registered", true);

          registry.setStatus(registration, "DOWN");
          assertThat(status(gossiper)).isEqualTo("DOWN");
          assertThat(registration.getMetadata()).containsEntry("status", "DOWN");

          // an unknown status is refused, naming the valid ones, and changes nothing
          assertThatThrownBy(() -> registry.setStatus(registration, "MAINTENANCE"))
              .isInstanceOf(InvalidEndpointRequestException.class)
              .hasMessageContaining("'MAINTENANCE'")
              .hasMessageContaining("UP, OUT_OF_SERVICE or DOWN");
          assertThatThrownBy(() -> registry.setStatus(registration, "STARTING"))
              .isInstanceOf(InvalidEndpointRequestException.class);
          assertThat(status(gossiper)).isEqualTo("DOWN");

          // UP removes the operator's status: readiness decides again
          registry.setStatus(registration, "UP");
          assertThat(status(gossiper)).isEqualTo("UP");
          assertThat(ids(client)).containsExactly("orders-1");
          Map<String, Object> cleared = registry.getStatus(registration);
          assertThat(cleared).containsEntry("status", "UP").doesNotContainKey("override");
          AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
          assertThat(status(gossiper)).isEqualTo("OUT_OF_SERVICE");
          // UP while readiness refuses traffic: stays out of service
          registry.setStatus(registration, "UP");
          assertThat(status(gossiper)).isEqualTo("OUT_OF_SERVICE");
        });
  }

  @Test
  void peersDropAnInstanceTakenOutOfServiceAndKeepItAsAHealthyMember() {
    runner.run(
        context -> {
          ready(context);
          Gossiper gossiper = context.getBean(Gossiper.class);
          DiscoveryClient client = context.getBean(DiscoveryClient.class);
          SwimDiscoveryHeartbeat heartbeat = context.getBean(SwimDiscoveryHeartbeat.class);
          runner
              .withPropertyValues(
                  "swim.node-name=orders-2",
                  "swim.discovery.port=8082",
                  "swim.seeds=127.0.0.1:" + gossiper.localAddress().port())
              .run(
                  peer -> {
                    DiscoveryClient peerClient = peer.getBean(DiscoveryClient.class);
                    awaitTrue(() -> gossiper.member("orders-2").isPresent());
                    // joined but not ready: a member, not an instance
                    assertThat(ids(client)).containsExactly("orders-1");
                    ready(peer);
                    awaitTrue(() -> ids(client).equals(List.of("orders-1", "orders-2")));

                    long before = heartbeat.getChangeCount();
                    peer.getBean(SwimServiceRegistry.class)
                        .setStatus(peer.getBean(SwimRegistration.class), "OUT_OF_SERVICE");
                    awaitTrue(() -> ids(client).equals(List.of("orders-1")));
                    assertThat(ids(peerClient)).containsExactly("orders-1");
                    Member seen = gossiper.member("orders-2").orElseThrow();
                    assertThat(seen.state()).isEqualTo(MemberState.ALIVE);
                    assertThat(seen.metadata()).containsEntry("status", "OUT_OF_SERVICE");
                    assertThat(heartbeat.getChangeCount()).isGreaterThan(before);

                    peer.getBean(SwimServiceRegistry.class)
                        .setStatus(peer.getBean(SwimRegistration.class), "UP");
                    awaitTrue(() -> ids(client).equals(List.of("orders-1", "orders-2")));
                    assertThat(ids(peerClient)).containsExactly("orders-1", "orders-2");
                  });
        });
  }

  @Test
  void includeNotReadyListsEveryInstanceWithItsStatus() {
    runner
        .withPropertyValues("swim.discovery.include-not-ready=true")
        .run(
            context -> {
              DiscoveryClient client = context.getBean(DiscoveryClient.class);
              assertThat(client.getInstances("orders"))
                  .singleElement()
                  .satisfies(i -> assertThat(i.getMetadata()).containsEntry("status", "STARTING"));
              AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
              assertThat(client.getInstances("orders"))
                  .singleElement()
                  .satisfies(
                      i -> assertThat(i.getMetadata()).containsEntry("status", "OUT_OF_SERVICE"));
            });
  }

  @Test
  void consumerOnlyJoinsAndDiscoversButIsNeverListed() {
    runner
        .withPropertyValues("swim.discovery.include-not-ready=true")
        .run(
            context -> {
              ready(context);
              Gossiper gossiper = context.getBean(Gossiper.class);
              DiscoveryClient client = context.getBean(DiscoveryClient.class);
              runner
                  .withUserConfiguration(RegisteredEvents.class)
                  .withPropertyValues(
                      "swim.node-name=consumer-1",
                      "spring.cloud.service-registry.auto-registration.enabled=false",
                      // reserved keys in swim.metadata cannot sneak it in either
                      "swim.metadata[service-id]=orders",
                      "swim.metadata[http-port]=9999",
                      "swim.metadata[status]=UP",
                      "swim.seeds=127.0.0.1:" + gossiper.localAddress().port())
                  .run(
                      consumer -> {
                        ready(consumer);
                        assertThat(consumer).doesNotHaveBean(SwimRegistration.class);
                        assertThat(consumer).doesNotHaveBean(Registration.class);
                        assertThat(consumer).hasSingleBean(SwimServiceRegistry.class);
                        assertThat(
                                consumer.getBean(SwimDiscoveryRegistration.class).getRegistration())
                            .isNull();
                        assertThat(consumer.getBean(Gossiper.class).localMember().metadata())
                            .containsOnlyKeys("zone");
                        // it discovers the provider...
                        DiscoveryClient own = consumer.getBean(DiscoveryClient.class);
                        awaitTrue(() -> ids(own).equals(List.of("orders-1")));
                        // ...which knows it as a member and never lists it
                        awaitTrue(() -> gossiper.member("consumer-1").isPresent());
                        assertThat(ids(client)).containsExactly("orders-1");
                        // discovery is ready: the health indicators' event was published
                        RegisteredEvents events = consumer.getBean(RegisteredEvents.class);
                        awaitTrue(() -> !events.events.isEmpty());
                      });
            });
  }

  @Test
  void deregisteringRemovesTheInstanceButNotTheMember() {
    runner.run(
        context -> {
          ready(context);
          Gossiper gossiper = context.getBean(Gossiper.class);
          DiscoveryClient client = context.getBean(DiscoveryClient.class);
          SwimServiceRegistry registry = context.getBean(SwimServiceRegistry.class);
          SwimRegistration registration = context.getBean(SwimRegistration.class);

          registry.deregister(registration);
          assertThat(gossiper.localMember().metadata()).containsOnlyKeys("zone");
          assertThat(ids(client)).isEmpty();
          assertThat(gossiper.state()).isEqualTo(GossiperState.RUNNING);
          Map<String, Object> shown = registry.getStatus(registration);
          assertThat(shown).containsEntry("registered", false);

          registry.register(registration);
          assertThat(status(gossiper)).isEqualTo("UP");
          assertThat(ids(client)).containsExactly("orders-1");
        });
  }

  @Test
  void aSeparateManagementServerIsAdvertisedAsSpringBootAdminReadsIt() {
    runner
        .withPropertyValues(
            "management.server.port=9091", "management.endpoints.web.base-path=/manage")
        .run(
            context -> {
              ready(context);
              assertThat(context.getBean(DiscoveryClient.class).getInstances("orders"))
                  .singleElement()
                  .satisfies(
                      i ->
                          assertThat(i.getMetadata())
                              .containsEntry("management.port", "9091")
                              .containsEntry("management.context-path", "/manage")
                              .containsEntry("status", "UP"));
            });
    // an entry set in swim.metadata is kept as it is
    runner
        .withPropertyValues("management.server.port=9091", "swim.metadata[management.port]=7000")
        .run(
            context ->
                assertThat(context.getBean(Gossiper.class).localMember().metadata())
                    .containsEntry("management.port", "7000"));
    // the actuator on the HTTP port under /actuator: nothing to advertise
    runner.run(
        context ->
            assertThat(context.getBean(Gossiper.class).localMember().metadata())
                .doesNotContainKeys("management.port", "management.context-path"));
  }

  @Test
  void theReactiveClientHasItsOwnHealthIndicatorBesideTheBlockingOne() {
    runner
        .withUserConfiguration(RegisteredEvents.class)
        .run(
            context -> {
              ReactiveDiscoveryCompositeHealthContributor reactive =
                  context.getBean(ReactiveDiscoveryCompositeHealthContributor.class);
              ReactiveHealthIndicator indicator =
                  (ReactiveHealthIndicator)
                      reactive.getContributor(SwimDiscoveryClient.DESCRIPTION);
              assertThat(indicator).isNotNull();
              HealthIndicator blocking =
                  (HealthIndicator)
                      context
                          .getBean(DiscoveryCompositeHealthContributor.class)
                          .getContributor("discoveryClient");
              RegisteredEvents events = context.getBean(RegisteredEvents.class);
              awaitTrue(() -> !events.events.isEmpty());
              ready(context);

              Health health = indicator.health().block(Duration.ofSeconds(5));
              assertThat(health).isNotNull();
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat(health.getDetails()).containsEntry("services", List.of("orders"));
              assertThat(blocking.health().getStatus()).isEqualTo(Status.UP);
            });
  }

  @Test
  void theReactiveHealthIndicatorFollowsSpringCloudsSwitch() {
    runner
        .withPropertyValues("spring.cloud.discovery.client.health-indicator.enabled=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(SwimReactiveDiscoveryClient.class);
              assertThat(context).doesNotHaveBean("swimReactiveDiscoveryClientHealthIndicator");
            });
  }

  @Test
  void yourMetadataCustomizerAndWebServerListenerReplaceOurs() {
    runner
        .withUserConfiguration(CustomDiscoveryBeans.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(SwimDiscoveryMetadataCustomizer.class);
              assertThat(context).hasSingleBean(SwimDiscoveryWebServerListener.class);
              assertThat(context.getBean(SwimDiscoveryMetadataCustomizer.class))
                  .isSameAs(context.getBean("customCustomizer"));
              assertThat(context.getBean(SwimDiscoveryWebServerListener.class))
                  .isSameAs(context.getBean("customListener"));
              assertThat(context.getBean(Gossiper.class).localMember().metadata())
                  .containsEntry("custom", "yes");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomDiscoveryBeans {
    @Bean
    SwimDiscoveryMetadataCustomizer customCustomizer(SwimLocalService local) {
      return new SwimDiscoveryMetadataCustomizer(
          local, SwimManagementEndpoint.DEFAULT, Map.of("custom", "yes"), true);
    }

    @Bean
    SwimDiscoveryWebServerListener customListener(SwimDiscoveryRegistration registration) {
      return new SwimDiscoveryWebServerListener(registration);
    }
  }

  private static String status(Gossiper gossiper) {
    return gossiper.localMember().metadata().get("status");
  }

  private static List<String> ids(DiscoveryClient client) {
    return client.getInstances("orders").stream().map(ServiceInstance::getInstanceId).toList();
  }

  private static void assertNoSwimDiscovery(AssertableApplicationContext context) {
    assertThat(context).doesNotHaveBean(SwimDiscoveryClient.class);
    assertThat(context).doesNotHaveBean(SwimReactiveDiscoveryClient.class);
    assertThat(context).doesNotHaveBean(SwimServiceInstances.class);
    assertThat(context).doesNotHaveBean(SwimDiscoveryRegistration.class);
    assertThat(context).doesNotHaveBean(SwimDiscoveryHeartbeat.class);
    assertThat(context).doesNotHaveBean(SwimDiscoveryMetadataCustomizer.class);
    assertThat(context).doesNotHaveBean(SwimServiceRegistry.class);
    assertThat(context).doesNotHaveBean(SwimRegistration.class);
    assertThat(context).doesNotHaveBean(SwimServiceInstanceChanges.class);
  }

  /** What SpringApplication publishes once the application is ready; a runner does not. */
  static void ready(ApplicationContext context) {
    AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
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
