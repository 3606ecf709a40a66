package dev.swim.spring.autoconfigure.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.swim.core.runtime.Gossiper;
import dev.swim.spring.discovery.SwimServiceInstanceChanges;
import dev.swim.spring.discovery.SwimServiceInstanceListSupplier;
import dev.swim.spring.discovery.SwimServiceInstances;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/** Where the load-balancer supplier reads a blocking discovery client. */
class SwimServiceInstanceListSupplierTests {

  @Test
  void blockingReadsRunOnTheBoundedElasticSchedulerNotTheSubscribersThread() {
    Gossiper gossiper = mock(Gossiper.class);
    SwimServiceInstanceChanges changes =
        new SwimServiceInstanceChanges(gossiper, new SwimServiceInstances(gossiper, true, false));
    List<String> readOn = new CopyOnWriteArrayList<>();
    ServiceInstance one = new DefaultServiceInstance("o1", "orders", "10.0.0.5", 8080, false);
    DiscoveryClient client =
        new DiscoveryClient() {
          @Override
          public String description() {
            return "recording";
          }

          @Override
          public List<ServiceInstance> getInstances(String serviceId) {
            readOn.add(Thread.currentThread().getName());
            return List.of(one);
          }

          @Override
          public List<String> getServices() {
            return List.of("orders");
          }
        };
    SwimServiceInstanceListSupplier supplier =
        SwimServiceInstanceListSupplier.of("orders", client, changes);
    try {
      List<ServiceInstance> first = supplier.get().blockFirst(Duration.ofSeconds(10));
      assertThat(first).containsExactly(one);
      assertThat(readOn).hasSize(1);
      assertThat(readOn.get(0))
          .isNotEqualTo(Thread.currentThread().getName())
          .startsWith("boundedElastic");
    } finally {
      supplier.destroy();
    }
  }
}
