package dev.swim.core.protocol;

import static dev.swim.core.member.MembershipEventType.FAILED;
import static dev.swim.core.member.MembershipEventType.RECOVERED;
import static dev.swim.core.member.MembershipEventType.SUSPECTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.MemberRecord;
import dev.swim.core.wire.Message.PushPull;
import dev.swim.core.wire.Message.Suspect;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A suspicion's life in one node, on its own clock: how long it lasts with and without
 * confirmations (docs/architecture.md), and how a suspicion nobody confirms is checked with the
 * member itself before it can expire.
 */
@DisplayName("Suspicion lifecycle")
class SuspicionLifecycleTest {

  static final SwimConfig LAN = SwimConfig.lan();
  static final String X = "node-x";
  static final NodeAddress X_ADDR = new NodeAddress("10.0.0.20", 7946);
  static final NodeAddress C_ADDR = new NodeAddress("10.0.0.3", 7946);
  static final int N = 10; // self, x and 8 others: k = 2 confirmations wanted

  NodeUnderTest t;
  long min;
  long max;

  @BeforeEach
  void setUp() {
    t = new NodeUnderTest("self", new NodeAddress("10.0.0.1", 7946), 1);
    t.receive(C_ADDR, new Alive(X, X_ADDR, 0, 77, Map.of()));
    for (int i = 0; i < N - 2; i++) {
      t.receive(C_ADDR, new Alive("m" + i, new NodeAddress("10.0.1." + i, 7946), 0, i, Map.of()));
    }
    assertThat(t.node.liveCount()).isEqualTo(N);
    min = Formulas.suspicionMinMillis(LAN.suspicionMult(), N, LAN.probeInterval().toMillis());
    max = Formulas.suspicionMaxMillis(min, LAN.suspicionMaxTimeoutMult());
    t.events.clear();
  }

  Suspect suspectFrom(String accuser) {
    return new Suspect(X, 0, 77, accuser);
  }

  @Test
  @DisplayName("without confirmations the member is DEAD after the max timeout, not before")
  void unconfirmedSuspicionLastsTheMax() {
    t.receive(C_ADDR, suspectFrom("m0"));
    long start = t.now;

    t.advance(max - 1);
    assertThat(t.member(X).state()).isEqualTo(MemberState.SUSPECT);
    t.advance(1);

    assertThat(t.member(X).state()).isEqualTo(MemberState.DEAD);
    assertThat(t.now - start).isEqualTo(max);
    assertThat(t.eventsAbout(X)).containsExactly(SUSPECTED, FAILED);
  }

  @Test
  @DisplayName("k independent confirmations bring the timeout down to the min")
  void confirmedSuspicionLastsTheMin() {
    t.receive(C_ADDR, suspectFrom("m0"));
    t.advance(1_000);
    t.receive(C_ADDR, suspectFrom("m0")); // the accuser again: no confirmation
    t.receive(C_ADDR, suspectFrom("m1"));
    t.receive(C_ADDR, suspectFrom("m1")); // a duplicate: no confirmation
    t.advance(min - 1_000 - 1);
    assertThat(t.member(X).state())
        .as("one confirmation is not enough for the min")
        .isEqualTo(MemberState.SUSPECT);

    t.receive(C_ADDR, suspectFrom("m2"));
    t.advance(1);

    assertThat(t.member(X).state()).isEqualTo(MemberState.DEAD);
  }

  @Test
  @DisplayName("a late confirmation past the min expires the suspicion at once")
  void lateConfirmationExpiresAtOnce() {
    t.receive(C_ADDR, suspectFrom("m0"));
    t.receive(C_ADDR, suspectFrom("m1"));
    t.advance(min + 5_000);
    assertThat(t.member(X).state()).isEqualTo(MemberState.SUSPECT);

    t.receive(C_ADDR, suspectFrom("m2"));
    t.advance(0);

    assertThat(t.member(X).state()).isEqualTo(MemberState.DEAD);
  }

  @Test
  @DisplayName("a suspicion still unconfirmed at the min is checked with the member itself")
  void unconfirmedSuspicionAsksTheMember() {
    t.receive(C_ADDR, suspectFrom("m0"));
    t.advance(min - 1);
    assertThat(t.streams).as("nothing asked before the min").isEmpty();

    t.advance(1);

    assertThat(t.streams).hasSize(1);
    NodeUnderTest.StreamOpened ask = t.streams.get(0);
    assertThat(ask.to()).isEqualTo(X_ADDR);
    assertThat(ask.request()).isInstanceOf(PushPull.class);

    // the member refuted long ago, but gossip missed this node: its own record says so
    MemberRecord own = new MemberRecord(X, X_ADDR, 1, 77, MemberState.ALIVE, Map.of());
    t.respond(ask, new PushPull(false, false, 1234, X, List.of(own)));

    assertThat(t.member(X).state()).isEqualTo(MemberState.ALIVE);
    assertThat(t.member(X).incarnation()).isEqualTo(1);
    t.advance(max);
    assertThat(t.eventsAbout(X)).containsExactly(SUSPECTED, RECOVERED);
  }

  @Test
  @DisplayName("a confirmed suspicion does not ask the member")
  void confirmedSuspicionDoesNotAsk() {
    t.receive(C_ADDR, suspectFrom("m0"), suspectFrom("m1"), suspectFrom("m2"));

    t.advance(min);

    assertThat(t.member(X).state()).isEqualTo(MemberState.DEAD);
    assertThat(t.streams).isEmpty();
  }
}
