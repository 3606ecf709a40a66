package dev.swim.spring.autoconfigure.discovery;

import static dev.swim.spring.autoconfigure.discovery.SwimDiscoveryAutoConfigurationTests.ready;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.runtime.Gossiper;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import dev.swim.spring.autoconfigure.SwimTestSupport;
import dev.swim.spring.discovery.SwimLoadBalancerCacheEvictor;
import dev.swim.spring.discovery.SwimRegistration;
import dev.swim.spring.discovery.SwimServiceInstanceListSupplier;
import dev.swim.spring.discovery.SwimServiceRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.cloud.loadbalancer.config.LoadBalancerCacheAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerZoneConfig;
import org.springframework.cloud.loadbalancer.core.CachingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ZonePreferenceServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.Disposable;

/**
 * Spring Cloud LoadBalancer fed by the SWIM membership: each load balancer client's supplier pushes
 * a new list on every change of its service and on nothing else, a caching supplier that is still
 * in use is evicted on change, and zone preference reads {@code swim.metadata.zone}. Real Gossipers
 * on loopback, real LoadBalancer child contexts.
 */
class SwimLoadBalancerAutoConfigurationTests {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SwimAutoConfiguration.class,
                  SwimDiscoveryAutoConfiguration.class,
                  SwimDiscoveryClientAutoConfiguration.class,
                  SwimLoadBalancerAutoConfiguration.class,
                  CompositeDiscoveryClientAutoConfiguration.class,
                  SimpleDiscoveryClientAutoConfiguration.class,
                  UtilAutoConfiguration.class,
                  org.springframework.cloud.client.loadbalancer.LoadBalancerAutoConfiguration.class,
                  org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration.class,
                  LoadBalancerCacheAutoConfiguration.class))
          .withPropertyValues(SwimTestSupport.LOOPBACK)
          .withPropertyValues(
              "swim.node-name=orders-1",
              "spring.application.name=orders",
              "swim.discovery.port=8081",
              "swim.metadata.zone=zone-a");

  @Test
  void theSupplierPushesEveryChangeOfItsServiceAndNothingElse() {
    runner.run(
        context -> {
          ready(context);
          Gossiper gossiper = context.getBean(Gossiper.class);
          ServiceInstanceListSupplier supplier = supplier(context, "orders");
          assertThat(supplier).isInstanceOf(SwimServiceInstanceListSupplier.class);
          SwimServiceInstanceListSupplier swim = (SwimServiceInstanceListSupplier) supplier;
          // one long-lived subscriber, as a caching or reactive consumer would hold
          List<List<String>> lists = new CopyOnWriteArrayList<>();
          Disposable subscription =
              supplier.get().map(SwimLoadBalancerAutoConfigurationTests::ids).subscribe(lists::add);
          try {
            awaitTrue(() -> lists.equals(List.of(List.of("orders-1"))), () -> "first " + lists);

            runner
                .withPropertyValues(
                    "swim.node-name=orders-2",
                    "swim.discovery.port=8082",
                    "swim.seeds=" + seed(gossiper))
                .run(
                    peer -> {
                      ready(peer);
                      awaitTrue(
                          () -> last(lists).equals(List.of("orders-1", "orders-2")),
                          () -> "orders-2 pushed: " + lists);

                      // a member of another service joins: nothing for "orders"
                      long before = swim.getChangeCount();
                      runner
                          .withPropertyValues(
                              "swim.node-name=billing-1",
                              "spring.application.name=billing",
                              "swim.discovery.port=8083",
                              "swim.seeds=" + seed(gossiper))
                          .run(
                              billing -> {
                                ready(billing);
                                awaitTrue(
                                    () ->
                                        supplier(context, "billing").get().blockFirst(WAIT).size()
                                            == 1,
                                    () -> "billing-1 listed");
                                // then an "orders" change: exactly one more signal
                                peer.getBean(SwimServiceRegistry.class)
                                    .setStatus(
                                        peer.getBean(SwimRegistration.class), "OUT_OF_SERVICE");
                                awaitTrue(
                                    () -> last(lists).equals(List.of("orders-1")),
                                    () -> "out of service pushed: " + lists);
                                assertThat(swim.getChangeCount()).isEqualTo(before + 1);
                              });

                      peer.getBean(SwimServiceRegistry.class)
                          .setStatus(peer.getBean(SwimRegistration.class), "UP");
                      awaitTrue(
                          () -> last(lists).equals(List.of("orders-1", "orders-2")),
                          () -> "back UP pushed: " + lists);
                    });
            // the peer's context closed: it left, and the list without it was pushed
            awaitTrue(
                () -> last(lists).equals(List.of("orders-1")), () -> "leave pushed: " + lists);
            assertThat(lists)
                .containsExactly(
                    List.of("orders-1"),
                    List.of("orders-1", "orders-2"),
                    List.of("orders-1"),
                    List.of("orders-1", "orders-2"),
                    List.of("orders-1"));
            // every request reads the current list at once, too
            assertThat(ids(supplier.get().blockFirst(WAIT))).containsExactly("orders-1");
          } finally {
            subscription.dispose();
          }
        });
  }

  @Test
  void aCachingSupplierStillInUseIsEvictedOnChange() {
    runner
        .withUserConfiguration(CachingOrders.class)
        // a TTL no test waits for: only the eviction can refresh the list
        .withPropertyValues("spring.cloud.loadbalancer.cache.ttl=1h")
        .run(
            context -> {
              ready(context);
              assertThat(context).hasSingleBean(SwimLoadBalancerCacheEvictor.class);
              ServiceInstanceListSupplier supplier = supplier(context, "orders");
              // your own supplier wins over ours
              assertThat(supplier).isInstanceOf(CachingServiceInstanceListSupplier.class);
              assertThat(ids(supplier.get().blockFirst(WAIT))).containsExactly("orders-1");
              runner
                  .withPropertyValues(
                      "swim.node-name=orders-2",
                      "swim.discovery.port=8082",
                      "swim.seeds=" + seed(context.getBean(Gossiper.class)))
                  .run(
                      peer -> {
                        ready(peer);
                        awaitTrue(
                            () ->
                                ids(supplier.get().blockFirst(WAIT))
                                    .equals(List.of("orders-1", "orders-2")),
                            () -> "the cached list refreshed");
                        peer.getBean(SwimServiceRegistry.class)
                            .setStatus(peer.getBean(SwimRegistration.class), "DOWN");
                        awaitTrue(
                            () -> ids(supplier.get().blockFirst(WAIT)).equals(List.of("orders-1")),
                            () -> "the cached list refreshed again");
                      });
            });
  }

  @Test
  void zonePreferenceReadsTheSwimZone() {
    runner
        .withPropertyValues("spring.cloud.loadbalancer.configurations=zone-preference")
        .run(
            context -> {
              ready(context);
              assertThat(context.getBean(LoadBalancerZoneConfig.class).getZone())
                  .isEqualTo("zone-a");
              ServiceInstanceListSupplier supplier = supplier(context, "orders");
              assertThat(supplier).isInstanceOf(ZonePreferenceServiceInstanceListSupplier.class);
              assertThat(((DelegatingServiceInstanceListSupplier) supplier).getDelegate())
                  .isInstanceOf(SwimServiceInstanceListSupplier.class);
              runner
                  .withPropertyValues(
                      "swim.node-name=orders-2",
                      "swim.discovery.port=8082",
                      "swim.metadata.zone=zone-b",
                      "spring.cloud.loadbalancer.configurations=zone-preference",
                      "swim.seeds=" + seed(context.getBean(Gossiper.class)))
                  .run(
                      peer -> {
                        ready(peer);
                        ServiceInstanceListSupplier other = supplier(peer, "orders");
                        // each caller prefers the instances of its own zone
                        awaitTrue(
                            () -> ids(other.get().blockFirst(WAIT)).equals(List.of("orders-2")),
                            () ->
                                "orders-2 prefers zone-b: "
                                    + ids(other.get().blockFirst(WAIT))
                                    + " zone "
                                    + peer.getBean(LoadBalancerZoneConfig.class).getZone()
                                    + " "
                                    + other);
                        assertThat(ids(supplier.get().blockFirst(WAIT)))
                            .containsExactly("orders-1");
                        // zone-a empties: zone-a's caller falls back to every zone
                        context
                            .getBean(SwimServiceRegistry.class)
                            .setStatus(context.getBean(SwimRegistration.class), "OUT_OF_SERVICE");
                        awaitTrue(
                            () -> ids(supplier.get().blockFirst(WAIT)).equals(List.of("orders-2")),
                            () -> "zone-a falls back to zone-b");
                      });
            });
  }

  @Test
  void springCloudsOwnZoneWins() {
    runner
        .withPropertyValues("spring.cloud.loadbalancer.zone=zone-z")
        .run(
            context ->
                assertThat(context.getBean(LoadBalancerZoneConfig.class).getZone())
                    .isEqualTo("zone-z"));
    runner
        .withPropertyValues("swim.metadata.zone=")
        .run(
            context ->
                assertThat(context.getBean(LoadBalancerZoneConfig.class).getZone()).isNull());
  }

  @Test
  void notWithoutLoadBalancerOrWhenItIsOff() {
    runner
        .withPropertyValues("spring.cloud.loadbalancer.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SwimLoadBalancerCacheEvictor.class));
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                SwimAutoConfiguration.class,
                SwimDiscoveryAutoConfiguration.class,
                SwimDiscoveryClientAutoConfiguration.class,
                SwimLoadBalancerAutoConfiguration.class,
                CompositeDiscoveryClientAutoConfiguration.class,
                UtilAutoConfiguration.class))
        .withPropertyValues(SwimTestSupport.LOOPBACK)
        .withClassLoader(new FilteredClassLoader("org.springframework.cloud.loadbalancer"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SwimLoadBalancerCacheEvictor.class);
            });
  }

  /** Your own supplier for "orders": LoadBalancer's discovery supplier behind its cache. */
  @Configuration(proxyBeanMethods = false)
  @LoadBalancerClient(name = "orders", configuration = CachingSupplier.class)
  static class CachingOrders {}

  /** The load balancer client configuration of {@link CachingOrders}. */
  static class CachingSupplier {
    @Bean
    ServiceInstanceListSupplier cachingSupplier(ConfigurableApplicationContext context) {
      return ServiceInstanceListSupplier.builder()
          .withBlockingDiscoveryClient()
          .withCaching()
          .build(context);
    }
  }

  private static ServiceInstanceListSupplier supplier(ApplicationContext context, String service) {
    return context
        .getBean(LoadBalancerClientFactory.class)
        .getInstance(service, ServiceInstanceListSupplier.class);
  }

  private static String seed(Gossiper gossiper) {
    return "127.0.0.1:" + gossiper.localAddress().port();
  }

  private static List<String> ids(List<ServiceInstance> instances) {
    return instances.stream().map(ServiceInstance::getInstanceId).sorted().toList();
  }

  private static List<String> last(List<List<String>> lists) {
    return lists.isEmpty() ? List.of() : lists.get(lists.size() - 1);
  }

  private static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT + ": " + what.get());
      }
      Thread.sleep(20);
    }
  }
}
