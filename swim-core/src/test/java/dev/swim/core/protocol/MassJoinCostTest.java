package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.MemberRecord;
import dev.swim.core.wire.Message.Ping;
import dev.swim.core.wire.Message.PushPull;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What many members arriving at once costs one member: the state a joiner is handed is not gossiped
 * again, and members learned are asked to prove they receive only as gossip rounds pick them, never
 * all at once. Both kept a 1,000-member cluster starting on two cores from drowning in its own
 * traffic.
 */
@DisplayName("the cost of a mass join")
class MassJoinCostTest {

  static final NodeAddress SELF = new NodeAddress("10.0.0.1", 7946);
  static final NodeAddress SEED = new NodeAddress("10.0.0.2", 7946);
  static final NodeAddress OTHER = new NodeAddress("10.0.0.3", 7946);

  /** A started node whose join through {@link #SEED} is waiting for its answer. */
  private static NodeUnderTest joiningThroughSeed() {
    NodeUnderTest t = new NodeUnderTest("self", SELF, 1);
    t.node.start(t.now);
    t.node.join(t.now, () -> List.of(SEED), 1_000, 30_000);
    return t;
  }

  @Test
  @DisplayName("a joiner adds the members of its join answer without queueing them for gossip")
  void theJoinAnswerIsNotGossipedAgain() {
    NodeUnderTest t = joiningThroughSeed();
    NodeUnderTest.StreamOpened join = t.streams.get(0);
    assertThat(join.purpose()).isEqualTo(Outbox.StreamPurpose.JOIN);
    int before = t.node.broadcastQueueDepth();

    t.respond(join, state("seed", SEED, "m", 40));

    assertThat(t.node.isJoined()).isTrue();
    assertThat(t.node.member("m-39").state()).isEqualTo(MemberState.ALIVE);
    assertThat(t.node.broadcastQueueDepth())
        .as("nothing of the 41 members handed over is queued")
        .isEqualTo(before);

    // once joined, a push-pull that brings members nobody told it of passes them on
    t.node.join(t.now, () -> List.of(OTHER), 1_000, 30_000);
    NodeUnderTest.StreamOpened second = t.streams.get(t.streams.size() - 1);
    t.respond(second, state("other", OTHER, "n", 10));
    assertThat(t.node.member("n-9").state()).isEqualTo(MemberState.ALIVE);
    assertThat(t.node.broadcastQueueDepth())
        .as("the 11 members of another cluster are queued for gossip")
        .isEqualTo(before + 11);
  }

  @Test
  @DisplayName("a joiner compares views with a random member one and four probe intervals later")
  void aJoinerCatchesUpOnWhatJoinedAfterIt() {
    NodeUnderTest t = joiningThroughSeed();
    t.respond(t.streams.get(0), state("seed", SEED, "m", 40));
    long joinedAt = t.now;
    long interval = SwimConfig.lan().probeInterval().toMillis();

    t.runTimersUntil(joinedAt + interval - 1);
    assertThat(catchUps(t)).as("none before a probe interval has passed").isZero();
    t.runTimersUntil(joinedAt + interval);
    assertThat(catchUps(t)).as("one after a probe interval").isEqualTo(1);
    t.runTimersUntil(joinedAt + 4 * interval);
    assertThat(catchUps(t)).as("and one more after four").isEqualTo(2);
  }

  /** Digest-first push-pulls opened to a member (the periodic one comes much later). */
  private static long catchUps(NodeUnderTest t) {
    return t.streams.stream()
        .filter(o -> o.purpose() == Outbox.StreamPurpose.PUSH_PULL)
        .filter(o -> o.request() instanceof PushPull p && p.digestOnly())
        .count();
  }

  @Test
  @DisplayName("members learned are asked for proof a few per gossip round, not all at once")
  void proofOfReceiptIsAskedAsRoundsPickMembers() {
    NodeUnderTest t = new NodeUnderTest("self", SELF, 1);
    t.node.start(t.now);
    int members = 60;
    for (int i = 0; i < members; i++) {
      t.receive(OTHER, new Alive("m-" + i, address(i), 0, 100 + i, Map.of()));
    }
    assertThat(pings(t)).as("no ping as members arrive").isZero();

    long second = SwimConfig.lan().probeInterval().toMillis();
    t.runTimersUntil(t.now + second);

    int roundsPerSecond =
        (int) (second / SwimConfig.lan().gossipInterval().toMillis()) + 1; // prompted rounds
    int bound = roundsPerSecond * SwimConfig.lan().gossipNodes() + 2; // and a probe or two
    assertThat(pings(t))
        .as("pings in the first second: a gossip round's targets each, not one per member")
        .isPositive()
        .isLessThanOrEqualTo(bound)
        .isLessThan(members);
  }

  private static int pings(NodeUnderTest t) {
    int n = 0;
    for (NodeUnderTest.Sent s : t.sent) {
      for (Message m : s.messages()) {
        if (m instanceof Ping) {
          n++;
        }
      }
    }
    return n;
  }

  /** A full state from {@code source} at {@code at}: itself and {@code count} members. */
  private static PushPull state(String source, NodeAddress at, String prefix, int count) {
    List<MemberRecord> records = new ArrayList<>();
    records.add(new MemberRecord(source, at, 0, 7, MemberState.ALIVE, Map.of()));
    for (int i = 0; i < count; i++) {
      records.add(
          new MemberRecord(
              prefix + "-" + i, address(i + 1000), 0, 500 + i, MemberState.ALIVE, Map.of()));
    }
    return new PushPull(false, false, 0, source, records);
  }

  private static NodeAddress address(int i) {
    return new NodeAddress("10.1." + (i / 250) + "." + (i % 250 + 1), 7946);
  }
}
