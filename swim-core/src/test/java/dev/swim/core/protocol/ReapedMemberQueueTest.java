package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Dead;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A member's queued update hangs off its table entry. When the entry is reaped while its update is
 * still queued, a later update about the same name still replaces it: one update per name.
 */
@DisplayName("broadcast queue across a reaped member")
class ReapedMemberQueueTest {

  static final NodeAddress SELF = new NodeAddress("10.0.0.1", 7946);
  static final NodeAddress B = new NodeAddress("10.0.0.2", 7946);

  @Test
  @DisplayName("an update queued before the member was reaped is replaced by the next one")
  void oneUpdatePerNameAfterAReap() {
    // no gossip to dead members, so b's DEAD update stays queued until its tombstone is reaped
    SwimConfig config =
        SwimConfig.lan().toBuilder()
            .gossipToTheDead(Duration.ZERO)
            .tombstoneTimeout(Duration.ofSeconds(5))
            .build();
    NodeUnderTest t = new NodeUnderTest(config, "self", SELF, 1);
    t.node.start(t.now);
    t.receive(B, new Alive("b", B, 1, 7, Map.of()));
    t.runTimersUntil(t.now + 5_000); // b's alive and ours go out and retire
    t.receive(B, new Dead("b", 1, 7, "c"));
    assertThat(t.member("b").state()).isEqualTo(MemberState.DEAD);
    int depthWithDead = t.node.broadcastQueueDepth();
    assertThat(depthWithDead).as("the DEAD update is queued").isPositive();

    t.runTimersUntil(t.now + 10_000);
    assertThat(t.member("b")).as("reaped").isNull();
    assertThat(t.node.broadcastQueueDepth()).isEqualTo(depthWithDead);

    // b comes back: its alive replaces the old DEAD instead of queueing beside it
    t.receive(B, new Alive("b", B, 2, 8, Map.of()));
    assertThat(t.node.broadcastQueueDepth()).isEqualTo(depthWithDead);
    List<Message> gossip = t.gossip();
    assertThat(gossip).noneMatch(m -> m instanceof Dead d && d.name().equals("b"));
    assertThat(gossip).anyMatch(m -> m instanceof Alive a && a.name().equals("b"));
  }
}
