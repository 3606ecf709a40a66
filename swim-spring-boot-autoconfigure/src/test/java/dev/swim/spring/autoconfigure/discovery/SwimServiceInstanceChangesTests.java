package dev.swim.spring.autoconfigure.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.runtime.Gossiper;
import dev.swim.spring.discovery.SwimDiscoveryHeartbeat;
import dev.swim.spring.discovery.SwimServiceInstanceChanges;
import dev.swim.spring.discovery.SwimServiceInstances;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;

/**
 * Which membership events change a service's instances, and so raise a notification and a {@link
 * HeartbeatEvent}: only those that change what the discovery client lists.
 */
class SwimServiceInstanceChangesTests {

  private final Gossiper gossiper = mock(Gossiper.class);
  private final List<Set<String>> notified = new ArrayList<>();
  private final List<Object> published = new ArrayList<>();
  private SwimServiceInstanceChanges changes;
  private SwimDiscoveryHeartbeat heartbeat;

  @BeforeEach
  void setUp() {
    changes =
        new SwimServiceInstanceChanges(gossiper, new SwimServiceInstances(gossiper, true, false));
    changes.addListener(notified::add);
    heartbeat = new SwimDiscoveryHeartbeat(changes, published::add);
    heartbeat.afterPropertiesSet();
  }

  @Test
  void onlyChangesOfWhatIsListedNotify() {
    Map<String, String> orders = web("orders", "8080", "UP");

    event(MembershipEventType.JOINED, member("plain", MemberState.ALIVE, 0, Map.of("zone", "a")));
    event(MembershipEventType.UPDATED, member("plain", MemberState.ALIVE, 1, Map.of("zone", "b")));
    assertThat(notified).as("a member that is not an instance").isEmpty();

    event(MembershipEventType.JOINED, member("o1", MemberState.ALIVE, 0, orders));
    assertThat(notified).containsExactly(Set.of("orders"));

    event(MembershipEventType.SUSPECTED, member("o1", MemberState.SUSPECT, 0, orders));
    event(MembershipEventType.RECOVERED, member("o1", MemberState.ALIVE, 1, orders));
    event(MembershipEventType.UPDATED, member("o1", MemberState.ALIVE, 2, orders));
    assertThat(notified).as("suspected, refuted, re-announced: still listed, unchanged").hasSize(1);

    event(
        MembershipEventType.UPDATED,
        member("o1", MemberState.ALIVE, 3, web("orders", "8080", "OUT_OF_SERVICE")));
    assertThat(notified).hasSize(2).last().isEqualTo(Set.of("orders"));

    Map<String, String> oosInZoneB = web("orders", "8080", "OUT_OF_SERVICE");
    oosInZoneB.put("zone", "b");
    event(MembershipEventType.UPDATED, member("o1", MemberState.ALIVE, 4, oosInZoneB));
    assertThat(notified).as("a change of an instance that is not listed").hasSize(2);

    event(MembershipEventType.UPDATED, member("o1", MemberState.ALIVE, 5, orders));
    Map<String, String> inZoneC = web("orders", "8080", "UP");
    inZoneC.put("zone", "c");
    event(MembershipEventType.UPDATED, member("o1", MemberState.ALIVE, 6, inZoneC));
    assertThat(notified).as("back UP, then its metadata changed").hasSize(4);

    event(
        MembershipEventType.UPDATED,
        member("o1", MemberState.ALIVE, 7, web("Billing", "8080", "UP")));
    assertThat(notified.get(4))
        .as("moved to another service")
        .isEqualTo(Set.of("orders", "billing"));

    event(
        MembershipEventType.FAILED,
        member("o1", MemberState.DEAD, 7, web("Billing", "8080", "UP")));
    event(
        MembershipEventType.REMOVED,
        member("o1", MemberState.DEAD, 7, web("Billing", "8080", "UP")));
    assertThat(notified).hasSize(6).last().isEqualTo(Set.of("billing"));

    // one heartbeat per change, numbered in order
    assertThat(published)
        .extracting(e -> ((HeartbeatEvent) e).getValue())
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(heartbeat.getChangeCount()).isEqualTo(6);
  }

  @Test
  void aFailingListenerDoesNotStopTheOthers() {
    List<Set<String>> second = new ArrayList<>();
    changes.addListener(
        ids -> {
          throw new IllegalStateException("boom");
        });
    changes.addListener(second::add);
    event(MembershipEventType.JOINED, member("o1", MemberState.ALIVE, 0, web("orders", "1", "UP")));
    assertThat(notified).hasSize(1);
    assertThat(second).hasSize(1);
  }

  @Test
  void unsubscribedListenersHearNothing() {
    heartbeat.destroy();
    event(MembershipEventType.JOINED, member("o1", MemberState.ALIVE, 0, web("orders", "1", "UP")));
    assertThat(notified).hasSize(1);
    assertThat(published).isEmpty();
  }

  @Test
  void droppedDeliveriesRebuildTheListFromTheViewAndNotifyWhatDiffers() {
    Map<String, String> orders = web("orders", "8080", "UP");
    Map<String, String> billing = web("billing", "8080", "UP");
    event(MembershipEventType.JOINED, member("o1", MemberState.ALIVE, 0, orders));
    event(MembershipEventType.JOINED, member("p1", MemberState.ALIVE, 0, web("pay", "80", "UP")));
    assertThat(notified).hasSize(2);

    // the listeners fell behind: o1's failure and b1's join were dropped; the view has them
    when(gossiper.droppedListenerDeliveries()).thenReturn(2L);
    Member p1 = member("p1", MemberState.ALIVE, 1, web("pay", "80", "UP"));
    when(gossiper.members())
        .thenReturn(
            List.of(
                member("o1", MemberState.DEAD, 0, orders),
                member("b1", MemberState.ALIVE, 0, billing),
                p1));
    event(MembershipEventType.UPDATED, p1);

    assertThat(notified).hasSize(3).last().isEqualTo(Set.of("orders", "billing"));
    assertThat(changes.getResyncCount()).isEqualTo(1);

    // caught up: later events apply one by one again
    event(MembershipEventType.FAILED, member("b1", MemberState.DEAD, 0, billing));
    assertThat(notified).hasSize(4).last().isEqualTo(Set.of("billing"));
    assertThat(changes.getResyncCount()).isEqualTo(1);
  }

  @Test
  void theLocalMemberIsReadWhenItsChangeIsReported() {
    when(gossiper.localMember())
        .thenReturn(member("self", MemberState.ALIVE, 0, web("orders", "8080", "UP")));
    changes.localMemberChanged();
    assertThat(notified).containsExactly(Set.of("orders"));

    changes.localMemberChanged();
    assertThat(notified).as("the same snapshot again").hasSize(1);

    when(gossiper.localMember())
        .thenReturn(member("self", MemberState.ALIVE, 0, web("orders", "8080", "OUT_OF_SERVICE")));
    changes.localMemberChanged();
    assertThat(notified).hasSize(2);
  }

  @Test
  void serviceIdsCompareInOneCase() {
    event(MembershipEventType.JOINED, member("o1", MemberState.ALIVE, 0, web("Orders", "1", "UP")));
    assertThat(notified).containsExactly(Set.of("orders"));
    assertThat(SwimServiceInstances.serviceKey("ORDERS")).isEqualTo("orders");
  }

  private void event(MembershipEventType type, Member member) {
    changes.onMembershipEvent(new MembershipEvent(type, member, null));
  }

  private static Map<String, String> web(String serviceId, String port, String status) {
    Map<String, String> md = new HashMap<>();
    md.put("service-id", serviceId);
    md.put("http-port", port);
    md.put("http-scheme", "http");
    md.put("status", status);
    return md;
  }

  private static Member member(
      String name, MemberState state, long incarnation, Map<String, String> metadata) {
    return new Member(name, new NodeAddress("10.0.0.5", 7946), state, incarnation, metadata, 1, 0);
  }
}
