package dev.swim.core.protocol;

import static dev.swim.core.member.MembershipEventType.FAILED;
import static dev.swim.core.member.MembershipEventType.JOINED;
import static dev.swim.core.member.MembershipEventType.LEFT;
import static dev.swim.core.member.MembershipEventType.RECOVERED;
import static dev.swim.core.member.MembershipEventType.SUSPECTED;
import static dev.swim.core.member.MembershipEventType.UPDATED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Dead;
import dev.swim.core.wire.Message.MemberRecord;
import dev.swim.core.wire.Message.Suspect;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The precedence and refutation rules of docs/architecture.md, one test per rule, each driven by
 * feeding a single node hand-made packets through the real codec. Ordering is by incarnation only:
 * no clock is involved anywhere below.
 */
@DisplayName("Precedence and refutation")
class PrecedenceRulesTest {

  static final String SELF = "self";
  static final NodeAddress SELF_ADDR = new NodeAddress("10.0.0.1", 7946);
  static final long SELF_START = 42;
  static final String B = "node-b";
  static final NodeAddress B_ADDR = new NodeAddress("10.0.0.2", 7946);
  static final long B_START = 4242;
  static final NodeAddress C_ADDR = new NodeAddress("10.0.0.3", 7946);

  NodeUnderTest t;

  @BeforeEach
  void setUp() {
    t = new NodeUnderTest(SELF, SELF_ADDR, SELF_START);
  }

  static Alive alive(long incarnation) {
    return alive(incarnation, Map.of());
  }

  static Alive alive(long incarnation, Map<String, String> metadata) {
    return new Alive(B, B_ADDR, incarnation, B_START, metadata);
  }

  static Suspect suspect(long incarnation) {
    return new Suspect(B, incarnation, B_START, "node-c");
  }

  static Dead dead(long incarnation) {
    return new Dead(B, incarnation, B_START, "node-c");
  }

  static Dead left(long incarnation) {
    return new Dead(B, incarnation, B_START, B);
  }

  /** B as this node sees it. */
  Member b() {
    return t.member(B);
  }

  /** Brings B into the given state at the given incarnation. */
  void holdB(MemberState state, long incarnation) {
    t.receive(C_ADDR, alive(incarnation));
    switch (state) {
      case ALIVE -> {}
      case SUSPECT -> t.receive(C_ADDR, suspect(incarnation));
      case DEAD -> t.receive(C_ADDR, dead(incarnation));
      case LEFT -> t.receive(C_ADDR, left(incarnation));
      default -> throw new IllegalArgumentException();
    }
    assertThat(b().state()).isEqualTo(state);
    assertThat(b().incarnation()).isEqualTo(incarnation);
    t.events.clear();
  }

  @Nested
  @DisplayName("alive(i)")
  class AliveRules {

    @Test
    @DisplayName("beats alive(j) only if i > j")
    void aliveBeatsAliveOnlyIfHigher() {
      holdB(MemberState.ALIVE, 5);

      t.receive(C_ADDR, alive(4, Map.of("v", "old")));
      t.receive(C_ADDR, alive(5, Map.of("v", "same-incarnation")));
      assertThat(b().metadata()).isEmpty();
      assertThat(t.events).isEmpty();

      t.receive(C_ADDR, alive(6, Map.of("v", "new")));
      assertThat(b().metadata()).containsEntry("v", "new");
      assertThat(b().incarnation()).isEqualTo(6);
      assertThat(t.eventsAbout(B)).containsExactly(UPDATED);
    }

    @Test
    @DisplayName("beats suspect(j) only if i > j")
    void aliveBeatsSuspectOnlyIfHigher() {
      holdB(MemberState.SUSPECT, 5);

      t.receive(C_ADDR, alive(5));
      assertThat(b().state()).isEqualTo(MemberState.SUSPECT);

      t.receive(C_ADDR, alive(6));
      assertThat(b().state()).isEqualTo(MemberState.ALIVE);
      assertThat(b().incarnation()).isEqualTo(6);
      assertThat(t.eventsAbout(B)).containsExactly(RECOVERED);
    }

    @Test
    @DisplayName("beats dead(j) only if i > j")
    void aliveBeatsDeadOnlyIfHigher() {
      holdB(MemberState.DEAD, 5);

      t.receive(C_ADDR, alive(4));
      t.receive(C_ADDR, alive(5));
      assertThat(b().state()).isEqualTo(MemberState.DEAD);

      t.receive(C_ADDR, alive(6));
      assertThat(b().state()).isEqualTo(MemberState.ALIVE);
      assertThat(t.eventsAbout(B)).containsExactly(JOINED);
    }

    @Test
    @DisplayName("beats left(j) only if i > j")
    void aliveBeatsLeftOnlyIfHigher() {
      holdB(MemberState.LEFT, 5);

      t.receive(C_ADDR, alive(5));
      assertThat(b().state()).isEqualTo(MemberState.LEFT);

      t.receive(C_ADDR, alive(6));
      assertThat(b().state()).isEqualTo(MemberState.ALIVE);
      assertThat(t.eventsAbout(B)).containsExactly(JOINED);
    }
  }

  @Nested
  @DisplayName("suspect(i)")
  class SuspectRules {

    @Test
    @DisplayName("beats alive(j) if i >= j")
    void suspectBeatsAliveIfNotLower() {
      holdB(MemberState.ALIVE, 5);

      t.receive(C_ADDR, suspect(4));
      assertThat(b().state()).isEqualTo(MemberState.ALIVE);

      t.receive(C_ADDR, suspect(5));
      assertThat(b().state()).isEqualTo(MemberState.SUSPECT);
      assertThat(b().incarnation()).isEqualTo(5);
      assertThat(t.eventsAbout(B)).containsExactly(SUSPECTED);
    }

    @Test
    @DisplayName("beats suspect(j) only if i > j")
    void suspectBeatsSuspectOnlyIfHigher() {
      holdB(MemberState.SUSPECT, 5);

      t.receive(
          C_ADDR, new Suspect(B, 5, B_START, "node-d")); // a confirmation, not a new suspicion
      assertThat(b().incarnation()).isEqualTo(5);

      t.receive(C_ADDR, new Suspect(B, 6, B_START, "node-d"));
      assertThat(b().state()).isEqualTo(MemberState.SUSPECT);
      assertThat(b().incarnation()).isEqualTo(6);
      assertThat(t.eventsAbout(B)).as("still one suspicion, no flapping").isEmpty();
    }

    @Test
    @DisplayName("never revives or re-accuses a DEAD or LEFT member")
    void suspectDoesNotTouchDeadOrLeft() {
      holdB(MemberState.DEAD, 5);
      t.receive(C_ADDR, suspect(5), suspect(9));
      assertThat(b().state()).isEqualTo(MemberState.DEAD);

      String other = "node-e";
      t.receive(C_ADDR, new Alive(other, C_ADDR, 5, 1, Map.of()), new Dead(other, 5, 1, other));
      t.receive(C_ADDR, new Suspect(other, 5, 1, "node-c"), new Suspect(other, 9, 1, "node-c"));
      assertThat(t.member(other).state()).isEqualTo(MemberState.LEFT);
      assertThat(t.events.stream().map(e -> e.type())).doesNotContain(SUSPECTED);
    }
  }

  @Nested
  @DisplayName("dead(i) and left(i)")
  class DeadAndLeftRules {

    @Test
    @DisplayName("dead(i) beats alive(j) if i >= j")
    void deadBeatsAliveIfNotLower() {
      holdB(MemberState.ALIVE, 5);

      t.receive(C_ADDR, dead(4));
      assertThat(b().state()).isEqualTo(MemberState.ALIVE);

      t.receive(C_ADDR, dead(5));
      assertThat(b().state()).isEqualTo(MemberState.DEAD);
      assertThat(t.eventsAbout(B)).containsExactly(FAILED);
    }

    @Test
    @DisplayName("dead(i) beats suspect(j) if i >= j")
    void deadBeatsSuspectIfNotLower() {
      holdB(MemberState.SUSPECT, 5);

      t.receive(C_ADDR, dead(4));
      assertThat(b().state()).isEqualTo(MemberState.SUSPECT);

      t.receive(C_ADDR, dead(5));
      assertThat(b().state()).isEqualTo(MemberState.DEAD);
      assertThat(t.eventsAbout(B)).containsExactly(FAILED);
    }

    @Test
    @DisplayName("left(i) beats alive(j) and suspect(j) if i >= j")
    void leftBeatsAliveAndSuspectIfNotLower() {
      holdB(MemberState.ALIVE, 5);
      t.receive(C_ADDR, left(4));
      assertThat(b().state()).isEqualTo(MemberState.ALIVE);
      t.receive(C_ADDR, left(5));
      assertThat(b().state()).isEqualTo(MemberState.LEFT);

      String other = "node-e";
      t.receive(C_ADDR, new Alive(other, C_ADDR, 3, 1, Map.of()), new Suspect(other, 3, 1, "x"));
      t.receive(C_ADDR, new Dead(other, 3, 1, other));
      assertThat(t.member(other).state()).isEqualTo(MemberState.LEFT);
      assertThat(t.eventsAbout(B)).containsExactly(LEFT);
      assertThat(t.eventsAbout(other)).containsExactly(JOINED, SUSPECTED, LEFT);
    }

    @Test
    @DisplayName("left(i) beats dead(j) if i >= j")
    void leftBeatsDeadIfNotLower() {
      holdB(MemberState.DEAD, 5);

      t.receive(C_ADDR, left(4));
      assertThat(b().state()).isEqualTo(MemberState.DEAD);

      t.receive(C_ADDR, left(5));
      assertThat(b().state()).isEqualTo(MemberState.LEFT);
      assertThat(t.eventsAbout(B)).containsExactly(LEFT);
    }

    @Test
    @DisplayName("dead(i) never replaces left(j) for i <= j: a graceful leave stays LEFT")
    void deadNeverReplacesLeft() {
      holdB(MemberState.LEFT, 5);

      t.receive(C_ADDR, dead(4));
      t.receive(C_ADDR, dead(5));
      t.receive(C_ADDR, new Dead(B, 5, B_START, "node-d"));

      assertThat(b().state()).isEqualTo(MemberState.LEFT);
      assertThat(b().incarnation()).isEqualTo(5);
      assertThat(t.events).as("no FAILED after LEFT").isEmpty();
    }
  }

  @Nested
  @DisplayName("Refutation")
  class Refutation {

    Alive ownAliveIn(List<Message> messages) {
      return messages.stream()
          .filter(m -> m instanceof Alive a && a.name().equals(SELF))
          .map(m -> (Alive) m)
          .findFirst()
          .orElseThrow(() -> new AssertionError("no alive about self in " + messages));
    }

    @Test
    @DisplayName("a suspicion of this node is refuted with incarnation max(seen) + 1")
    void refutesSuspicionWithMaxSeenPlusOne() {
      t.receive(C_ADDR, new Suspect(SELF, 7, SELF_START, "node-c"));

      assertThat(t.node.localMember().incarnation()).isEqualTo(8);
      Alive refutation = ownAliveIn(t.gossip());
      assertThat(refutation.incarnation()).isEqualTo(8);
      assertThat(refutation.startId()).isEqualTo(SELF_START);
      assertThat(refutation.address()).isEqualTo(SELF_ADDR);
      assertThat(t.node.healthScore()).as("having to refute lowers local health").isEqualTo(1);
    }

    @Test
    @DisplayName("a death of this node is refuted with incarnation max(seen) + 1")
    void refutesDeathWithMaxSeenPlusOne() {
      t.receive(C_ADDR, new Suspect(SELF, 2, SELF_START, "node-c")); // now at 3
      t.receive(C_ADDR, new Dead(SELF, 3, SELF_START, "node-c"));

      assertThat(t.node.localMember().incarnation()).isEqualTo(4);
      assertThat(t.node.localMember().state()).isEqualTo(MemberState.ALIVE);
      assertThat(ownAliveIn(t.gossip()).incarnation()).isEqualTo(4);
    }

    @Test
    @DisplayName("an accusation below the current incarnation needs no refutation")
    void staleAccusationIsNotRefuted() {
      t.receive(C_ADDR, new Suspect(SELF, 5, SELF_START, "node-c")); // now at 6
      t.receive(
          C_ADDR,
          new Suspect(SELF, 5, SELF_START, "node-d"),
          new Dead(SELF, 2, SELF_START, "node-d"));

      assertThat(t.node.localMember().incarnation()).isEqualTo(6);
      assertThat(t.node.stats().refutations()).isEqualTo(1);
    }

    @Test
    @DisplayName("an alive for this name with another start id is refuted with max(seen) + 1")
    void foreignAliveForOwnNameIsRefuted() {
      NodeAddress elsewhere = new NodeAddress("10.7.0.1", 7946);
      t.receive(C_ADDR, new Alive(SELF, elsewhere, 3, 999, Map.of()));

      assertThat(t.node.localMember().incarnation()).isEqualTo(4);
      Alive refutation = ownAliveIn(t.gossip());
      assertThat(refutation.startId()).isEqualTo(SELF_START);
      assertThat(refutation.address()).isEqualTo(SELF_ADDR);
    }

    @Test
    @DisplayName("a stale accusation about a member held ALIVE higher is answered to its sender")
    void staleAccusationIsCorrectedAtItsSender() {
      holdB(MemberState.ALIVE, 4);
      NodeAddress straggler = new NodeAddress("10.0.0.9", 7946);

      t.receive(straggler, suspect(3));

      assertThat(t.sentTo(straggler))
          .as("the straggler missed B's refutation: it gets B's current alive")
          .contains(alive(4));
      assertThat(b().state()).isEqualTo(MemberState.ALIVE);
    }
  }

  @Test
  @DisplayName(
      "a restarted instance (new start id) takes over its name; at a new address once nothing"
          + " answers at the old one")
  void restartedInstanceTakesOverItsName() {
    holdB(MemberState.ALIVE, 5);
    NodeAddress newAddr = new NodeAddress("10.0.1.2", 7946);
    long newStart = 777;
    NodeUnderTest restarted = new NodeUnderTest(B, newAddr, newStart);
    int known = t.node.knownCount();

    // the new instance announces itself at incarnation 0: stale, so the node tells it what it holds
    t.receive(newAddr, new Alive(B, newAddr, 0, newStart, Map.of()));
    List<Message> answer = t.sentTo(newAddr);
    assertThat(answer).contains(alive(5));

    // the new instance hears an alive for its name with another start id: it refutes at once
    restarted.receive(SELF_ADDR, answer.toArray(Message[]::new));
    Alive takeOver = new Alive(B, newAddr, 6, newStart, Map.of());
    assertThat(restarted.gossip()).contains(takeOver);

    t.receive(newAddr, takeOver);
    assertThat(b().address()).as("not moved before the old address is checked").isEqualTo(B_ADDR);
    NodeUnderTest.StreamOpened check = t.streams.get(t.streams.size() - 1);
    assertThat(check.purpose()).isEqualTo(Outbox.StreamPurpose.CHECK);
    assertThat(check.to()).isEqualTo(B_ADDR);
    t.node.onStreamFailed(t.now, check.to(), check.purpose(), check.token()); // the old one is gone
    assertThat(b().address()).isEqualTo(newAddr);
    assertThat(b().startId()).isEqualTo(newStart);
    assertThat(b().state()).isEqualTo(MemberState.ALIVE);
    assertThat(t.node.knownCount()).as("one entry for the name, no duplicate").isEqualTo(known);
    assertThat(t.eventsAbout(B)).containsExactly(UPDATED);
  }

  @Nested
  @DisplayName("memberlist #311: a stale alive about an accused member")
  class StaleAlive {

    @Test
    @DisplayName("is answered with the SUSPECT accusation, sent to the member and re-gossiped")
    void staleAliveAboutSuspectIsAnsweredWithTheAccusation() {
      holdB(MemberState.SUSPECT, 7);
      NodeAddress restartedAt = new NodeAddress("10.0.1.2", 7946);

      t.receive(C_ADDR, new Alive(B, restartedAt, 1, 555, Map.of()));

      assertThat(t.sentTo(restartedAt))
          .anySatisfy(m -> assertThat(m).isEqualTo(new Suspect(B, 7, B_START, SELF)));
      assertThat(t.gossip()).contains(new Suspect(B, 7, B_START, SELF));
      assertThat(b().state()).isEqualTo(MemberState.SUSPECT);
      assertThat(b().incarnation()).isEqualTo(7);
    }

    @Test
    @DisplayName("is answered with the DEAD accusation, sent to the member and re-gossiped")
    void staleAliveAboutDeadIsAnsweredWithTheAccusation() {
      holdB(MemberState.DEAD, 7);
      NodeAddress restartedAt = new NodeAddress("10.0.1.2", 7946);

      t.receive(C_ADDR, new Alive(B, restartedAt, 1, 555, Map.of()));

      assertThat(t.sentTo(restartedAt)).contains(new Dead(B, 7, B_START, SELF));
      assertThat(t.gossip()).contains(new Dead(B, 7, B_START, SELF));
      assertThat(b().state()).isEqualTo(MemberState.DEAD);
    }
  }

  @Nested
  @DisplayName("A full state with stale records")
  class StaleRecordsInFullState {

    @Test
    @DisplayName("is answered in as few datagrams as fit, not one datagram per stale record")
    void staleRecordsAreAnsweredPackedPerDestination() {
      NodeAddress restartedAt = new NodeAddress("10.0.9.9", 7946);
      List<MemberRecord> stale = new java.util.ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String name = "x" + i;
        NodeAddress at = new NodeAddress("10.0.7." + (i + 1), 7946);
        t.receive(C_ADDR, new Alive(name, at, 4, 100 + i, Map.of()));
        t.receive(C_ADDR, new Dead(name, 4, 100 + i, SELF));
        // every instance restarted at one address, and the peer still holds the old alive
        stale.add(new MemberRecord(name, restartedAt, 1, 900 + i, MemberState.ALIVE, Map.of()));
      }
      t.sent.clear();
      byte[] request =
          t.codec.encodeFrame(new Message.PushPull(false, false, 0, "node-c", List.copyOf(stale)));

      t.node.onStreamRequest(t.now, C_ADDR, request);

      List<NodeUnderTest.Sent> datagrams =
          t.sent.stream().filter(d -> d.to().equals(restartedAt)).toList();
      assertThat(datagrams).as("one datagram for the five answers").hasSize(1);
      assertThat(t.sentTo(restartedAt))
          .filteredOn(Dead.class::isInstance)
          .extracting(m -> ((Dead) m).name())
          .as("the five answers first, queued gossip after them")
          .startsWith("x0", "x1", "x2", "x3", "x4");
    }
  }

  @Nested
  @DisplayName("An accusation about an unknown member")
  class UnknownMember {

    static final NodeAddress X_ADDR = new NodeAddress("10.0.5.5", 7946);

    @Test
    @DisplayName("is remembered, and applied when the member appears: sent to it and re-gossiped")
    void suspicionOfUnknownMemberIsAppliedWhenItAppears() {
      t.receive(C_ADDR, new Suspect("x", 3, 9, "node-c"));
      assertThat(t.member("x")).isNull();
      assertThat(t.events).isEmpty();

      t.receive(C_ADDR, new Alive("x", X_ADDR, 1, 9, Map.of()));

      assertThat(t.sentTo(X_ADDR)).contains(new Suspect("x", 3, 9, "node-c"));
      assertThat(t.gossip()).contains(new Suspect("x", 3, 9, "node-c"));
      Member x = t.member("x");
      assertThat(x.state())
          .as("suspect(3) beats alive(1) whichever arrived first")
          .isEqualTo(MemberState.SUSPECT);
      assertThat(x.incarnation()).isEqualTo(3);
      assertThat(t.eventsAbout("x")).containsExactly(JOINED, SUSPECTED);
    }

    @Test
    @DisplayName("is remembered, and a DEAD is applied when the member appears with a stale alive")
    void deathOfUnknownMemberIsAppliedWhenItAppears() {
      t.receive(C_ADDR, new Dead("x", 3, 9, "node-c"));

      t.receive(C_ADDR, new Alive("x", X_ADDR, 3, 9, Map.of()));

      assertThat(t.sentTo(X_ADDR)).contains(new Dead("x", 3, 9, "node-c"));
      assertThat(t.gossip()).contains(new Dead("x", 3, 9, "node-c"));
      assertThat(t.member("x").state())
          .as("dead(3) beats alive(3) whichever arrived first")
          .isEqualTo(MemberState.DEAD);
    }

    @Test
    @DisplayName("is dropped when the member appears at a higher incarnation")
    void olderAccusationIsDropped() {
      t.receive(C_ADDR, new Suspect("x", 3, 9, "node-c"));

      t.receive(C_ADDR, new Alive("x", X_ADDR, 4, 9, Map.of()));

      assertThat(t.sentTo(X_ADDR)).isEmpty();
      assertThat(t.member("x").state()).isEqualTo(MemberState.ALIVE);
      assertThat(t.eventsAbout("x")).containsExactly(JOINED);
    }
  }
}
