package dev.swim.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.settings.Profile;
import dev.swim.core.transport.Transport;
import dev.swim.spring.test.AutoConfigureSwim;
import dev.swim.spring.test.LocalSwimPort;
import dev.swim.spring.test.SwimTestTransport;
import dev.swim.test.transport.InMemoryNetwork;
import dev.swim.test.transport.InMemoryTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The sample app's SWIM member on swim-spring-boot-test's in-memory network: no gossip socket, a
 * fixed virtual address, and members started by the test in the same JVM join it, which the app's
 * membership event log records as over a real network.
 */
@SpringBootTest(properties = {"swim.node-name=in-memory-sample", "swim.leave-timeout=1s"})
@AutoConfigureSwim(
    transport = SwimTestTransport.IN_MEMORY,
    network = SampleAppInMemoryTests.NETWORK,
    properties = "swim.bind-port=7946")
class SampleAppInMemoryTests {

  static final String NETWORK = "sample-app-in-memory-tests";

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired Gossiper gossiper;

  @Autowired Transport transport;

  @Autowired MembershipEventLog log;

  @LocalSwimPort int swimPort;

  @Test
  void theMemberIsOnTheInMemoryNetworkAtItsVirtualAddress() {
    assertThat(transport).isInstanceOf(InMemoryTransport.class);
    NodeAddress address = new NodeAddress("127.0.0.1", 7946);
    assertThat(gossiper.boundAddress()).isEqualTo(address);
    assertThat(swimPort).isEqualTo(7946);
    assertThat(InMemoryNetwork.named(NETWORK).members()).contains(address);
  }

  @Test
  void membersStartedByTheTestJoinAndLeaveAndTheEventLogRecordsIt() throws Exception {
    InMemoryNetwork network = InMemoryNetwork.named(NETWORK);
    List<Gossiper> visitors = new ArrayList<>();
    try {
      for (String name : List.of("visitor-a", "visitor-b")) {
        GossiperConfig config =
            GossiperConfig.builder(name)
                .profile(Profile.LOCAL)
                .bindAddress("127.0.0.1")
                .bindPort(0)
                .seeds(List.of("127.0.0.1:" + swimPort))
                .leaveTimeout(Duration.ofSeconds(1))
                .build();
        Gossiper visitor = Gossiper.create(config, network.transport());
        visitors.add(visitor);
        visitor.start();
      }
      await("both visitors JOINED in the sample's event log", () -> logged("JOINED", 2));
      await(
          "the visitors see each other through the sample",
          () -> visitors.get(0).member("visitor-b").isPresent());
      assertThat(visitors.get(1).leave(Duration.ofSeconds(5))).isTrue();
      await("visitor-b LEFT in the sample's event log", () -> logged("LEFT", 1));
      assertThat(log.events())
          .filteredOn(e -> e.member().equals("visitor-b"))
          .extracting(MembershipEventRecord::type)
          .containsSubsequence("JOINED", "LEFT");
    } finally {
      visitors.forEach(Gossiper::close);
    }
  }

  private boolean logged(String type, int visitors) {
    return log.events().stream()
            .filter(e -> e.type().equals(type) && e.member().startsWith("visitor-"))
            .map(MembershipEventRecord::member)
            .distinct()
            .count()
        >= visitors;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
