package dev.swim.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.settings.Profile;
import dev.swim.core.transport.Transport;
import dev.swim.test.transport.InMemoryNetwork;
import dev.swim.test.transport.InMemoryTransport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@code @AutoConfigureSwim(transport = IN_MEMORY)}: the context's member binds the fixed port the
 * annotation asks for on the named in-memory network, opens no socket, and gossips with another
 * member of that network.
 */
@SpringBootTest
@AutoConfigureSwim(
    transport = SwimTestTransport.IN_MEMORY,
    network = "in-memory-context-tests",
    properties = "swim.bind-port=7946")
class InMemoryContextTests {

  @Autowired Gossiper gossiper;
  @Autowired Transport transport;
  @LocalSwimPort int swimPort;

  @Test
  void theMemberIsBoundOnTheNamedNetwork() {
    assertThat(transport).isInstanceOf(InMemoryTransport.class);
    assertThat(((InMemoryTransport) transport).network())
        .isSameAs(InMemoryNetwork.named("in-memory-context-tests"));
    NodeAddress expected = new NodeAddress("127.0.0.1", 7946);
    assertThat(gossiper.boundAddress()).isEqualTo(expected);
    assertThat(swimPort).isEqualTo(7946);
    assertThat(InMemoryNetwork.named("in-memory-context-tests").members()).contains(expected);
  }

  @Test
  void anotherMemberOfTheNetworkJoinsIt() throws Exception {
    InMemoryNetwork network = InMemoryNetwork.named("in-memory-context-tests");
    GossiperConfig config =
        GossiperConfig.builder("visitor")
            .profile(Profile.LOCAL)
            .bindAddress("127.0.0.1")
            .bindPort(0)
            .seeds(List.of(gossiper.localAddress().toString()))
            .build();
    try (Gossiper visitor = Gossiper.create(config, network.transport())) {
      visitor.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (gossiper.member("visitor").map(m -> m.state() != MemberState.ALIVE).orElse(true)
          || visitor.member("prod-like").isEmpty()) {
        assertThat(System.nanoTime()).as("visitor and context member meet").isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(visitor.member("prod-like").orElseThrow().address())
          .isEqualTo(new NodeAddress("127.0.0.1", 7946));
      visitor.leave(Duration.ofSeconds(2));
    }
  }
}
