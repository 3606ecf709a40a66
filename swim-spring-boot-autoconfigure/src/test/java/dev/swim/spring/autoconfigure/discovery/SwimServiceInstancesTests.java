package dev.swim.spring.autoconfigure.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.runtime.Gossiper;
import dev.swim.spring.discovery.SwimInstanceStatus;
import dev.swim.spring.discovery.SwimServiceInstance;
import dev.swim.spring.discovery.SwimServiceInstances;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which members are listed (by state and status), and how their metadata becomes an instance. */
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
    assertThat(new SwimServiceInstances(gossiper, true, false).getInstances("orders"))
        .extracting(SwimServiceInstance::getInstanceId, SwimServiceInstance::state)
        .containsExactly(tuple("a", MemberState.ALIVE), tuple("b", MemberState.SUSPECT));
    assertThat(new SwimServiceInstances(gossiper, false, false).getInstances("orders"))
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
    SwimServiceInstances instances = new SwimServiceInstances(gossiper, true, false);
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
    assertThat(new SwimServiceInstances(gossiper, true, false).getServices())
        .containsExactly("billing", "orders");
  }

  @Test
  void instanceUsesTheHttpEndpointNotTheGossipAddress() {
    Map<String, String> md =
        Map.of(
            "service-id", "orders",
            "http-port", "8443",
            "http-scheme", "https",
            "zone", "eu-1",
            "status", "UP");
    SwimServiceInstance i =
        SwimServiceInstance.of(member("n1", MemberState.ALIVE, md)).orElseThrow();
    assertThat(i.getHost()).isEqualTo("10.0.0.5");
    assertThat(i.getPort()).isEqualTo(8443);
    assertThat(i.isSecure()).isTrue();
    assertThat(i.getUri()).hasToString("https://10.0.0.5:8443");
    assertThat(i.getMetadata())
        .containsExactlyInAnyOrderEntriesOf(Map.of("zone", "eu-1", "status", "UP"));
    assertThat(i.status()).isEqualTo(SwimInstanceStatus.UP);

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

  @Test
  void onlyUpInstancesAreListedUnlessIncludeNotReady() {
    when(gossiper.members())
        .thenReturn(
            List.of(
                member("up", MemberState.ALIVE, web("orders", "1", "UP")),
                member("oos", MemberState.ALIVE, web("orders", "2", "OUT_OF_SERVICE")),
                member("down", MemberState.ALIVE, web("orders", "3", "DOWN")),
                member("starting", MemberState.ALIVE, web("orders", "4", "STARTING")),
                member("lower", MemberState.ALIVE, web("orders", "5", "up")),
                member("garbled", MemberState.ALIVE, web("orders", "6", "UP\u0000<script>")),
                member("none", MemberState.ALIVE, web("orders", "7", null)),
                member("dead-up", MemberState.DEAD, web("orders", "8", "UP"))));
    assertThat(new SwimServiceInstances(gossiper, true, false).getInstances("orders"))
        .extracting(SwimServiceInstance::getInstanceId)
        .containsExactly("up");
    assertThat(new SwimServiceInstances(gossiper, true, false).getServices())
        .containsExactly("orders");

    // include-not-ready lists them all (but never DEAD), each with its status in the metadata;
    // values that are not exactly a known status read as UNKNOWN and are never echoed
    assertThat(new SwimServiceInstances(gossiper, true, true).getInstances("orders"))
        .extracting(SwimServiceInstance::getInstanceId, i -> i.getMetadata().get("status"))
        .containsExactly(
            tuple("up", "UP"),
            tuple("oos", "OUT_OF_SERVICE"),
            tuple("down", "DOWN"),
            tuple("starting", "STARTING"),
            tuple("lower", "UNKNOWN"),
            tuple("garbled", "UNKNOWN"),
            tuple("none", "UNKNOWN"));
  }

  @Test
  void aServiceWithNoReadyInstanceIsNotAService() {
    when(gossiper.members())
        .thenReturn(
            List.of(
                member("a", MemberState.ALIVE, web("orders", "1", "UP")),
                member("b", MemberState.ALIVE, web("billing", "2", "OUT_OF_SERVICE"))));
    assertThat(new SwimServiceInstances(gossiper, true, false).getServices())
        .containsExactly("orders");
    assertThat(new SwimServiceInstances(gossiper, true, true).getServices())
        .containsExactly("billing", "orders");
  }

  @Test
  void operatorStatusesAreCheckedAndNamed() {
    assertThat(SwimInstanceStatus.fromOperator(" out_of_service "))
        .isEqualTo(SwimInstanceStatus.OUT_OF_SERVICE);
    assertThat(SwimInstanceStatus.fromOperator("up")).isEqualTo(SwimInstanceStatus.UP);
    assertThat(SwimInstanceStatus.fromOperator("DOWN")).isEqualTo(SwimInstanceStatus.DOWN);
    for (String bad : new String[] {"STARTING", "UNKNOWN", "MAINTENANCE", "", "x'\n"}) {
      assertThatThrownBy(() -> SwimInstanceStatus.fromOperator(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("UP, OUT_OF_SERVICE or DOWN")
          .hasMessageNotContaining("\n");
    }
    assertThatThrownBy(() -> SwimInstanceStatus.fromOperator("y".repeat(500)))
        .hasMessageContaining("...'")
        .hasMessageNotContaining("y".repeat(41));
  }

  private static Map<String, String> web(String serviceId, String port) {
    return web(serviceId, port, "UP");
  }

  private static Map<String, String> web(String serviceId, String port, String status) {
    Map<String, String> md = new HashMap<>();
    md.put("service-id", serviceId);
    md.put("http-port", port);
    md.put("http-scheme", "http");
    if (status != null) {
      md.put("status", status);
    }
    return md;
  }

  private static Member member(String name, MemberState state, Map<String, String> metadata) {
    return new Member(name, new NodeAddress("10.0.0.5", 7946), state, 0, metadata, 1, 0);
  }
}
