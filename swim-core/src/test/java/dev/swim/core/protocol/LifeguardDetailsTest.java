package dev.swim.core.protocol;

import static dev.swim.core.member.MembershipEventType.SUSPECTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Ack;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Nack;
import dev.swim.core.wire.Message.Ping;
import dev.swim.core.wire.Message.PingReq;
import dev.swim.core.wire.Message.Suspect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue #14 item 6, Lifeguard's details against the paper and memberlist, one probe round at a time
 * on the node's own clock (seeded, no sockets). Confirmations count only distinct accusers ({@link
 * SuspicionLifecycleTest}); the suspicion timeout's N counts live members only (below).
 */
@DisplayName("Lifeguard details")
class LifeguardDetailsTest {

  static final SwimConfig LAN = SwimConfig.lan();
  static final NodeAddress SELF = new NodeAddress("10.0.0.1", 7946);
  static final NodeAddress C_ADDR = new NodeAddress("10.0.0.3", 7946);
  static final long SELF_START = 1;

  /** A node that knows {@code members} (ALIVE at incarnation 0) and whose health score is 2. */
  static NodeUnderTest unhealthyNodeKnowing(String... members) {
    NodeUnderTest t = new NodeUnderTest("self", SELF, SELF_START);
    t.node.start(t.now);
    for (int i = 0; i < members.length; i++) {
      t.receive(C_ADDR, new Alive(members[i], addressOf(i), 0, 100 + i, Map.of()));
    }
    // each member proves it receives (rule 8): acks to the bare pings that ask it to, sent when a
    // gossip round picks it, and to the probes; rounds run until every member has been asked
    int acked = 0;
    for (int round = 0; round < 40; round++) {
      t.advance(LAN.gossipInterval().toMillis() + 1);
      List<NodeUnderTest.Sent> sent = List.copyOf(t.sent);
      for (NodeUnderTest.Sent s : sent.subList(acked, sent.size())) {
        for (Message m : s.messages()) {
          if (m instanceof Ping p) {
            t.receive(s.to(), new Ack(p.seq(), p.target(), 0));
          }
        }
      }
      acked = sent.size();
    }
    // two accusations refuted: Lifeguard raises the score by one for each
    t.receive(C_ADDR, new Suspect("self", 0, SELF_START, "someone"));
    t.receive(C_ADDR, new Suspect("self", 1, SELF_START, "someone"));
    assertThat(t.node.healthScore()).isEqualTo(2);
    return t;
  }

  static NodeAddress addressOf(int i) {
    return new NodeAddress("10.0.1." + (i + 1), 7946);
  }

  /** Runs timers until the node sends a probe; returns it. */
  static Ping nextProbe(NodeUnderTest t) {
    int from = t.sent.size();
    for (int i = 0; i < 100; i++) {
      t.advance(100);
      for (NodeUnderTest.Sent s : t.sent.subList(from, t.sent.size())) {
        for (Message m : s.messages()) {
          if (m instanceof Ping p && !p.target().equals("self")) {
            return p;
          }
        }
      }
    }
    throw new AssertionError("no probe sent");
  }

  static List<PingReq> pingReqsSince(NodeUnderTest t, int from) {
    List<PingReq> out = new ArrayList<>();
    for (NodeUnderTest.Sent s : t.sent.subList(from, t.sent.size())) {
      for (Message m : s.messages()) {
        if (m instanceof PingReq r) {
          out.add(r);
        }
      }
    }
    return out;
  }

  @Test
  @DisplayName("a probe answered only over TCP lowers the health score, as an answered probe does")
  void tcpOnlyAnsweredProbeLowersHealthScore() {
    NodeUnderTest t = unhealthyNodeKnowing("x");
    t.node.setTcpFallback(true);
    Ping probe = nextProbe(t);
    int streamsBefore = t.streams.size();

    t.advance(LAN.probeTimeout().toMillis() * 3); // the indirect stage (scaled) starts
    NodeUnderTest.StreamOpened fallback = t.streams.get(streamsBefore);
    assertThat(fallback.purpose()).isEqualTo(Outbox.StreamPurpose.FALLBACK_PING);
    t.respond(fallback, new Ack(probe.seq(), "x", 0));
    t.advance(LAN.probeInterval().toMillis() * 3); // the round ends

    assertThat(t.node.stats().probes().tcp()).isEqualTo(1);
    assertThat(t.node.healthScore()).as("health score after the round").isEqualTo(1);
    assertThat(t.member("x").state()).isEqualTo(MemberState.ALIVE);
  }

  @Test
  @DisplayName("the fallback ping is given only until its probe round ends")
  void fallbackPingEndsWithTheRound() {
    NodeUnderTest t = unhealthyNodeKnowing("x");
    t.node.setTcpFallback(true);
    nextProbe(t);
    long sentAt = t.now;
    int streamsBefore = t.streams.size();

    t.advance(LAN.probeTimeout().toMillis() * 3);

    NodeUnderTest.StreamOpened fallback = t.streams.get(streamsBefore);
    assertThat(t.deadlines.get(streamsBefore))
        .as("deadline of the fallback ping (round of %d ms, scaled by health 2)", 3_000)
        .isEqualTo(sentAt + 3 * LAN.probeInterval().toMillis());
    assertThat(fallback.purpose()).isEqualTo(Outbox.StreamPurpose.FALLBACK_PING);
  }

  @Test
  @DisplayName("each helper's nack counts once per probe: duplicates and strangers do not")
  void nacksAreDeduplicatedPerProbe() {
    NodeUnderTest t = unhealthyNodeKnowing("a", "b", "c", "d");
    Ping probe = nextProbe(t);
    int before = t.sent.size();
    t.advance(LAN.probeTimeout().toMillis() * 3);
    List<PingReq> asked = pingReqsSince(t, before);
    assertThat(asked).hasSize(LAN.indirectChecks());

    // one helper nacks three times (a duplicating network, or a liar), a stranger once
    String helper = helperName(t, before);
    t.receive(C_ADDR, new Nack(probe.seq(), helper));
    t.receive(C_ADDR, new Nack(probe.seq(), helper));
    t.receive(C_ADDR, new Nack(probe.seq(), helper));
    t.receive(C_ADDR, new Nack(probe.seq(), "stranger"));
    t.advance(LAN.probeInterval().toMillis() * 3);

    // three helpers asked, one nacked: two missing nacks raise the score from 2 to 4
    assertThat(t.node.healthScore()).as("health score after the failed round").isEqualTo(4);
  }

  /** The name of the member the first ping-req since {@code from} was sent to. */
  static String helperName(NodeUnderTest t, int from) {
    for (NodeUnderTest.Sent s : t.sent.subList(from, t.sent.size())) {
      if (s.messages().stream().anyMatch(m -> m instanceof PingReq)) {
        for (String n : List.of("a", "b", "c", "d")) {
          if (t.member(n).address().equals(s.to())) {
            return n;
          }
        }
      }
    }
    throw new AssertionError("no ping-req sent to a member");
  }

  @Test
  @DisplayName("a failed probe accuses the incarnation it probed, not a refutation that came later")
  void failedProbeAccusesTheIncarnationProbed() {
    NodeUnderTest t = unhealthyNodeKnowing("x");
    Ping probe = nextProbe(t);
    assertThat(probe.target()).isEqualTo("x");

    // during the round, x's refutation of some other accusation arrives; the probe's ack is lost
    t.receive(C_ADDR, new Alive("x", addressOf(0), 1, 100, Map.of()));
    t.advance(LAN.probeInterval().toMillis() * 3);

    assertThat(t.member("x").state()).isEqualTo(MemberState.ALIVE);
    assertThat(t.eventsAbout("x")).doesNotContain(SUSPECTED);
  }

  @Test
  @DisplayName("N in the suspicion timeout counts live members only, not tombstones")
  void suspicionTimeoutCountsLiveMembersOnly() {
    NodeUnderTest t = new NodeUnderTest("self", SELF, SELF_START);
    t.receive(C_ADDR, new Alive("x", addressOf(0), 0, 100, Map.of()));
    for (int i = 1; i <= 40; i++) {
      String name = "gone-" + i;
      t.receive(C_ADDR, new Alive(name, addressOf(i), 0, 100 + i, Map.of()));
      t.receive(C_ADDR, new Message.Dead(name, 0, 100 + i, "c"));
    }
    assertThat(t.node.liveCount()).isEqualTo(2);
    long min = Formulas.suspicionMinMillis(LAN.suspicionMult(), 2, LAN.probeInterval().toMillis());

    t.receive(C_ADDR, new Suspect("x", 0, 100, "c"));
    t.advance(min - 1);
    assertThat(t.member("x").state()).isEqualTo(MemberState.SUSPECT);
    t.advance(1);

    assertThat(t.member("x").state())
        .as("DEAD after the timeout for N = 2 (self and x), the 40 tombstones not counted")
        .isEqualTo(MemberState.DEAD);
  }
}
