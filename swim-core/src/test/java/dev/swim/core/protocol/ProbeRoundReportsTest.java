package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Ack;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Ping;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The node reports each probe round it runs to its driver (for tracing): every round started ends
 * exactly once, with the outcome the counters record and the round trip of a direct ack.
 */
class ProbeRoundReportsTest {
  static final NodeAddress SELF = new NodeAddress("10.0.0.1", 7946);
  static final NodeAddress PEER = new NodeAddress("10.0.0.2", 7946);

  private NodeUnderTest joinedToPeer() {
    NodeUnderTest t = new NodeUnderTest("self", SELF, 1);
    t.node.start(t.now);
    t.receive(PEER, new Alive("peer", PEER, 1, 42, Map.of()));
    return t;
  }

  private static Ping probePing(NodeUnderTest t, long seq) {
    for (Message m : t.sentTo(PEER)) {
      if (m instanceof Ping p && p.seq() == seq) {
        return p;
      }
    }
    throw new AssertionError("no probe ping " + seq + " to the peer");
  }

  @Test
  @DisplayName("an acked round ends once as direct, with its round trip")
  void ackedRoundEndsDirect() {
    NodeUnderTest t = joinedToPeer();
    long limit = t.now + 1_100; // the first probe goes out within one interval
    while (t.probes.isEmpty() && t.now < limit) {
      t.runTimersUntil(t.now + 1);
    }
    assertThat(t.probes).hasSize(1);
    NodeUnderTest.ProbeReport started = t.probes.get(0);
    assertThat(started.outcome()).isNull();
    assertThat(started.target()).isEqualTo("peer");

    Ping ping = probePing(t, started.seq());
    t.now += 7;
    t.receive(PEER, new Ack(ping.seq(), "peer", 0));

    assertThat(t.probes).hasSize(2);
    NodeUnderTest.ProbeReport ended = t.probes.get(1);
    assertThat(ended.seq()).isEqualTo(started.seq());
    assertThat(ended.outcome()).isEqualTo(ProbeOutcomes.DIRECT);
    assertThat(ended.rttMicros()).isGreaterThanOrEqualTo(7_000);
    assertThat(t.node.stats().probes().direct()).isEqualTo(1);
  }

  @Test
  @DisplayName("a round trip under a millisecond is measured on the driver's microsecond clock")
  void subMillisecondRoundTrip() {
    NodeUnderTest t = joinedToPeer();
    long limit = t.now + 1_100;
    while (t.probes.isEmpty() && t.now < limit) {
      t.runTimersUntil(t.now + 1);
    }
    assertThat(t.probes).hasSize(1);
    Ping ping = probePing(t, t.probes.get(0).seq());
    t.micros += 250; // the same millisecond on the node's clock
    t.receive(PEER, new Ack(ping.seq(), "peer", 0));

    assertThat(t.probes.get(1).rttMicros()).isEqualTo(250);
    ProtocolStats stats = t.node.stats();
    assertThat(stats.probeRttCount()).isEqualTo(1);
    assertThat(stats.probeRttMaxMicros()).isEqualTo(250);
    assertThat(stats.probeRttTotalMicros()).isEqualTo(250);
  }

  @Test
  @DisplayName("unanswered rounds end once each as failed, and every round started ends")
  void unansweredRoundsEndFailed() {
    NodeUnderTest t = joinedToPeer();
    t.runTimersUntil(t.now + 10_500); // rounds until the peer is declared dead, none answered

    Map<Long, Integer> startedAt = new HashMap<>();
    Map<Long, String> endedAs = new HashMap<>();
    for (int i = 0; i < t.probes.size(); i++) {
      NodeUnderTest.ProbeReport r = t.probes.get(i);
      if (r.outcome() == null) {
        assertThat(startedAt.put(r.seq(), i)).as("started twice: %s", r).isNull();
      } else {
        assertThat(startedAt).as("ended before it started: %s", r).containsKey(r.seq());
        assertThat(endedAs.put(r.seq(), r.outcome())).as("ended twice: %s", r).isNull();
        assertThat(r.rttMicros()).isEqualTo(-1);
      }
    }
    // all but the round still in flight ended, each as failed, as the counters say
    assertThat(startedAt.size()).isGreaterThanOrEqualTo(3);
    assertThat(endedAs.size()).isBetween(startedAt.size() - 1, startedAt.size());
    assertThat(endedAs.values()).containsOnly(ProbeOutcomes.FAILED);
    assertThat(t.node.stats().probes().failed()).isEqualTo(endedAs.size());
  }
}
