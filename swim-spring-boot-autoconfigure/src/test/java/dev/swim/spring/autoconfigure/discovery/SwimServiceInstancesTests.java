package dev.swim.spring.autoconfigure.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.runtime.Gossiper;
import dev.swim.spring.discovery.SwimServiceInstance;
import dev.swim.spring.discovery.SwimServiceInstances;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which members are listed, and how their metadata becomes a service instance. */
class SwimServiceInstancesTests {

  private final Gossiper gossiper = mock(Gossiper.class);

  @Test
  void listsAliveAndSuspectButNeverDeadOrLeft() {
    when(gossiper.members())
        .thenReturn(
            List.of(
                member("a", MemberState.ALIVE, web("orders", "8080")),
                member("b", MemberState.SUSPECT, web("orders", "8081")),
                member("c", MemberState.DEAD, web("orders", "8082")),
                member("d", MemberState.LEFT, web("orders", "8083"))));
    assertThat(new SwimServiceInstances(gossiper, true).getInstances("orders"))
        .extracting(SwimServiceInstance::getInstanceId, SwimServiceInstance::state)
        .containsExactly(tuple("a", MemberState.ALIVE), tuple("b", MemberState.SUSPECT));
    assertThat(new SwimServiceInstances(gossiper, false).getInstances("orders"))
        .extracting(SwimServiceInstance::getInstanceId)
        .containsExactly("a");
  }

  @Test
  void skipsMembersWithoutServiceIdOrValidPort() {
    when(gossiper.members())
        .thenReturn(
            List.of(
                member("plain", MemberState.ALIVE, Map.of("zone", "z")),
                member("no-port", MemberState.ALIVE, Map.of("service-id", "orders")),
                member("bad-port", MemberState.ALIVE, web("orders", "http")),
                member("zero-port", MemberState.ALIVE, web("orders", "0")),
                member("ok", MemberState.ALIVE, web("orders", "9000"))));
    SwimServiceInstances instances = new SwimServiceInstances(gossiper, true);
    assertThat(instances.getInstances("orders"))
        .extracting(SwimServiceInstance::getInstanceId)
        .containsExactly("ok");
  }

  @Test
  void servicesAreDistinctAndSorted() {
    when(gossiper.members())
        .thenReturn(
            List.of(
                member("a", MemberState.ALIVE, web("orders", "1")),
                member("b", MemberState.ALIVE, web("billing", "2")),
                member("c", MemberState.ALIVE, web("orders", "3")),
                member("d", MemberState.DEAD, web("gone", "4"))));
    assertThat(new SwimServiceInstances(gossiper, true).getServices())
        .containsExactly("billing", "orders");
  }

  @Test
  void instanceUsesTheHttpEndpointNotTheGossipAddress() {
    Map<String, String> md =
        Map.of(
            "service-id", "orders",
            "http-port", "8443",
            "http-scheme", "https",
            "zone", "eu-1");
    SwimServiceInstance i =
        SwimServiceInstance.of(member("n1", MemberState.ALIVE, md)).orElseThrow();
    assertThat(i.getHost()).isEqualTo("10.0.0.5");
    assertThat(i.getPort()).isEqualTo(8443);
    assertThat(i.isSecure()).isTrue();
    assertThat(i.getUri()).hasToString("https://10.0.0.5:8443");
    assertThat(i.getMetadata()).containsExactlyEntriesOf(Map.of("zone", "eu-1"));

    Member v6 =
        new Member(
            "n2",
            new NodeAddress("fd00::1", 7946),
            MemberState.ALIVE,
            0,
            web("orders", "8080"),
            1,
            0);
    assertThat(SwimServiceInstance.of(v6).orElseThrow().getUri())
        .hasToString("http://[fd00::1]:8080");
  }

  private static Map<String, String> web(String serviceId, String port) {
    return Map.of("service-id", serviceId, "http-port", port, "http-scheme", "http");
  }

  private static Member member(String name, MemberState state, Map<String, String> metadata) {
    return new Member(name, new NodeAddress("10.0.0.5", 7946), state, 0, metadata, 1, 0);
  }
}
