package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Ping;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An exception thrown inside the node (here by every event the outbox is handed: a broken listener)
 * is counted and the node carries on: it keeps probing, suspecting and answering. Before, the probe
 * timer rescheduled itself last, so one exception in a probe round stopped probing for good, and an
 * exception while handling a datagram escaped to the caller.
 */
@DisplayName("a failing outbox")
class LoopErrorsTest {

  static final NodeAddress SELF = new NodeAddress("10.0.0.1", 7946);
  static final NodeAddress PEER = new NodeAddress("10.0.0.2", 7946);
  static final NodeAddress SILENT = new NodeAddress("10.0.0.3", 7946);

  @Test
  @DisplayName("never stops the probe loop, and every failure is counted")
  void probingSurvivesExceptions() {
    NodeUnderTest t = new NodeUnderTest("self", SELF, 1);
    t.expectErrors = true;
    t.node.start(t.now);
    t.failEmits = new IllegalStateException("a listener bug");

    // both arrivals emit JOINED, which throws: counted, not thrown at the caller
    t.receive(PEER, new Alive("peer", PEER, 0, 2, Map.of()));
    t.receive(PEER, new Alive("silent", SILENT, 0, 3, Map.of()));
    assertThat(t.node.stats().loopErrors()).isEqualTo(2);
    assertThat(t.node.liveCount()).isEqualTo(3);

    // "silent" never answers: its failed probes start a suspicion (SUSPECTED throws inside the
    // probe round), and later its death (FAILED throws inside the suspicion timer)
    t.runTimersUntil(t.now + 60_000);
    assertThat(t.node.stateOf("silent")).isEqualTo(MemberState.DEAD);
    long errors = t.node.stats().loopErrors();
    assertThat(errors).isGreaterThanOrEqualTo(4);

    // and the loop still probes: a member that arrives now is probed round after round
    NodeAddress late = new NodeAddress("10.0.0.4", 7946);
    t.receive(late, new Alive("late", late, 0, 4, Map.of()));
    long rounds = t.node.stats().probes().total();
    t.sent.clear();
    t.runTimersUntil(t.now + 10_000);
    assertThat(t.sentTo(late)).filteredOn(Ping.class::isInstance).isNotEmpty();
    // (Lifeguard stretches the period of a node whose probes all fail, up to 8 probe intervals)
    assertThat(t.node.stats().probes().total() - rounds).isGreaterThanOrEqualTo(1);
  }
}
