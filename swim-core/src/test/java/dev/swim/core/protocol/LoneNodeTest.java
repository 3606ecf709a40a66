package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.Message.Ack;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Ping;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A node with nobody to talk to wakes rarely, and resumes gossip as soon as a member arrives. */
@DisplayName("a lone node")
class LoneNodeTest {

  static final NodeAddress SELF = new NodeAddress("10.0.0.1", 7946);
  static final NodeAddress PEER = new NodeAddress("10.0.0.2", 7946);

  @Test
  @DisplayName("looks for gossip targets only once a second while it has none")
  void slowGossipCadenceAlone() {
    NodeUnderTest t = new NodeUnderTest("self", SELF, 1);
    t.node.start(t.now);
    t.runTimersUntil(t.now + 5_000); // settle: the first probe and anti-entropy timers
    int woken = t.runTimersUntil(t.now + 60_000);

    // a probe tick and a look for gossip targets a second, plus the rare anti-entropy timers;
    // five gossip rounds a second (300 in the minute) would show here
    assertThat(woken).isBetween(110, 140);
    assertThat(t.sent).isEmpty();
  }

  @Test
  @DisplayName("gossips again as soon as a member arrives")
  void gossipResumesWhenAMemberArrives() {
    NodeUnderTest t = new NodeUnderTest("self", SELF, 1);
    t.node.start(t.now);
    t.runTimersUntil(t.now + 10_000);

    t.receive(PEER, new Alive("peer", PEER, 1, 42, Map.of()));
    t.runTimersUntil(t.now + 1_000);

    // the newcomer has not yet proved it receives at its address: it gets a bare ping asking for
    // that proof, and no gossip
    assertThat(t.sentTo(PEER)).isNotEmpty().allMatch(m -> m instanceof Ping);
    Ping ping = (Ping) t.sentTo(PEER).get(0);
    t.receive(PEER, new Ack(ping.seq(), "peer", 0));
    t.sent.clear();
    t.runTimersUntil(t.now + 1_000);

    // once it acked, its own alive and the newcomer's ride to it within a gossip round or two
    assertThat(t.sentTo(PEER))
        .anySatisfy(
            m ->
                assertThat(m)
                    .isInstanceOfSatisfying(
                        Alive.class, a -> assertThat(a.name()).isEqualTo("self")));
  }
}
