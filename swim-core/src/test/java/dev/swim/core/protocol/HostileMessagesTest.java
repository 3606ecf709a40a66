package dev.swim.core.protocol;

import static dev.swim.core.member.MembershipEventType.UPDATED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.ProtocolStats.Rejection;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Ack;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Compound;
import dev.swim.core.wire.Message.Dead;
import dev.swim.core.wire.Message.MemberRecord;
import dev.swim.core.wire.Message.Ping;
import dev.swim.core.wire.Message.PingReq;
import dev.swim.core.wire.Message.PushPull;
import dev.swim.core.wire.Message.Suspect;
import dev.swim.core.wire.Message.UserEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One test per defect of the hostile-peer review (docs/security.md), each feeding one node the
 * attack through the real codec and checking that it does no lasting harm.
 */
@DisplayName("Hostile messages")
class HostileMessagesTest {
  static final String SELF = "self";
  static final NodeAddress SELF_ADDR = new NodeAddress("10.0.0.1", 7946);
  static final long SELF_START = 42;
  static final String B = "node-b";
  static final NodeAddress B_ADDR = new NodeAddress("10.0.0.2", 7946);
  static final long B_START = 4242;
  static final NodeAddress C_ADDR = new NodeAddress("10.0.0.3", 7946);
  static final NodeAddress EVIL = new NodeAddress("10.6.6.6", 7946);

  NodeUnderTest t;

  @BeforeEach
  void setUp() {
    t = new NodeUnderTest(SELF, SELF_ADDR, SELF_START);
    t.receive(C_ADDR, new Alive(B, B_ADDR, 5, B_START, Map.of()));
    t.events.clear();
  }

  long selfIncarnation() {
    return t.node.localMember().incarnation();
  }

  @Test
  @DisplayName(
      "defect 1: a suspect of this node at Long.MAX_VALUE neither wraps nor blocks refuting")
  void incarnationOverflow() {
    t.receive(C_ADDR, new Suspect(SELF, Long.MAX_VALUE, SELF_START, "evil"));
    t.receive(C_ADDR, new Dead(SELF, Long.MAX_VALUE - 1, SELF_START, "evil"));
    t.receive(C_ADDR, new Alive(SELF, SELF_ADDR, Long.MAX_VALUE, SELF_START, Map.of()));
    t.receive(C_ADDR, new Alive(SELF, EVIL, Long.MAX_VALUE, 999, Map.of()));
    assertThat(selfIncarnation()).as("never wrapped, never jumped").isEqualTo(0);
    assertThat(t.node.stats().rejected(Rejection.IMPLAUSIBLE_INCARNATION)).isEqualTo(4);

    // a genuine accusation is still refuted, one step at a time
    t.receive(C_ADDR, new Suspect(SELF, 0, SELF_START, "node-c"));
    assertThat(selfIncarnation()).isEqualTo(1);
  }

  @Test
  @DisplayName("defect 1: an implausible jump about another member is refused, then repaired by it")
  void implausibleIncarnationOfAnotherMember() {
    t.receive(C_ADDR, new Suspect(B, Long.MAX_VALUE, B_START, "evil"));
    t.receive(C_ADDR, new Dead(B, 5 + Incarnations.MAX_STEP + 1, B_START, "evil"));
    assertThat(t.member(B).state()).isEqualTo(MemberState.ALIVE);
    assertThat(t.member(B).incarnation()).isEqualTo(5);

    // an alive jumping too far is not applied; the member itself is asked at its held address
    long far = 5 + Incarnations.MAX_STEP + 7;
    t.receive(C_ADDR, new Alive(B, B_ADDR, far, B_START, Map.of("k", "v")));
    assertThat(t.member(B).incarnation()).isEqualTo(5);
    NodeUnderTest.StreamOpened check = lastStream();
    assertThat(check.purpose()).isEqualTo(Outbox.StreamPurpose.CHECK);
    assertThat(check.to()).isEqualTo(B_ADDR);
    // b answers with its own record: its word about itself is taken
    t.respond(check, answer(check, new Alive(B, B_ADDR, far, B_START, Map.of("k", "v"))));
    assertThat(t.member(B).incarnation()).isEqualTo(far);
    assertThat(t.member(B).metadata()).containsEntry("k", "v");
  }

  @Test
  @DisplayName("defect 2: an alive moving a live member elsewhere is a conflict while it answers")
  void addressHijack() {
    // another start id, higher incarnation, the attacker's address
    t.receive(EVIL, new Alive(B, EVIL, 6, 31337, Map.of()));
    assertThat(t.member(B).address()).isEqualTo(B_ADDR);
    NodeUnderTest.StreamOpened check = lastStream();
    assertThat(check.to()).isEqualTo(B_ADDR);
    t.respond(check, answer(check, new Alive(B, B_ADDR, 5, B_START, Map.of())));
    assertThat(t.member(B).address()).isEqualTo(B_ADDR);
    assertThat(t.member(B).startId()).isEqualTo(B_START);
    assertThat(t.node.stats().conflicts()).isEqualTo(1);
    assertThat(t.eventsAbout(B)).doesNotContain(UPDATED);

    // the same start id never moves: a conflict at once, no check needed
    int streams = t.streams.size();
    t.receive(EVIL, new Alive(B, EVIL, 7, B_START, Map.of()));
    assertThat(t.member(B).address()).isEqualTo(B_ADDR);
    assertThat(t.streams).hasSize(streams);
    assertThat(t.node.stats().conflicts()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "defect 3: a leave, death or suspicion of an earlier instance never touches this one")
  void replayAcrossRestart() {
    long oldStart = 1111;
    // b restarted (same address, new start id) and was accepted at incarnation 6
    t.receive(C_ADDR, new Alive(B, B_ADDR, 6, B_START + 1, Map.of()));
    assertThat(t.member(B).startId()).isEqualTo(B_START + 1);
    // accusations captured before the restart, at any incarnation, are about another instance
    t.receive(C_ADDR, new Dead(B, 9, oldStart, B));
    t.receive(C_ADDR, new Dead(B, 9, B_START, "node-c"));
    t.receive(C_ADDR, new Suspect(B, 9, B_START, "node-c"));
    assertThat(t.member(B).state()).isEqualTo(MemberState.ALIVE);
    assertThat(t.node.stats().rejected(Rejection.OTHER_INSTANCE)).isEqualTo(3);

    // about this node: an old instance's leave only makes it outbid, never leave
    t.receive(C_ADDR, new Dead(SELF, 3, SELF_START - 1, SELF));
    assertThat(t.node.localMember().state()).isEqualTo(MemberState.ALIVE);
    assertThat(selfIncarnation()).isEqualTo(4);
  }

  @Test
  @DisplayName(
      "defect 5: oversized metadata, a bad name or an oversized event is refused on receipt")
  void inboundLimits() {
    Map<String, String> big = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      big.put("k" + i, "v".repeat(100)); // ~4 KB, over the 512-byte limit
    }
    t.receive(C_ADDR, new Alive("big", new NodeAddress("10.0.0.7", 7946), 0, 1, big));
    t.receive(C_ADDR, new Alive("line\nbreak", new NodeAddress("10.0.0.8", 7946), 0, 1, Map.of()));
    t.receive(
        C_ADDR, new Alive("x".repeat(129), new NodeAddress("10.0.0.9", 7946), 0, 1, Map.of()));
    t.receive(C_ADDR, new Alive(B, B_ADDR, 6, B_START, big));
    t.receive(C_ADDR, new UserEvent("node-c", 1, "e", new byte[2000]));
    assertThat(t.member("big")).isNull();
    assertThat(t.node.knownCount()).isEqualTo(2);
    assertThat(t.member(B).incarnation()).isEqualTo(5);
    assertThat(t.node.userEventQueueDepth()).isZero();
    assertThat(t.node.stats().rejected(Rejection.OVERSIZED)).isEqualTo(3);
    assertThat(t.node.stats().rejected(Rejection.INVALID_NAME)).isEqualTo(2);

    // in a push-pull state, the bad records are skipped and the good ones merged
    List<MemberRecord> records = new ArrayList<>();
    records.add(
        new MemberRecord(
            "good", new NodeAddress("10.0.1.1", 7946), 0, 1, MemberState.ALIVE, Map.of()));
    records.add(
        new MemberRecord("bad", new NodeAddress("10.0.1.2", 7946), 0, 1, MemberState.ALIVE, big));
    byte[] request = t.codec.encodeFrame(new PushPull(false, false, 0, "node-c", records));
    byte[] response = t.node.onStreamRequest(t.now, C_ADDR, request);
    assertThat(response).as("push-pull keeps working").isNotNull();
    assertThat(t.member("good")).isNotNull();
    assertThat(t.member("bad")).isNull();
  }

  @Test
  @DisplayName(
      "defect 5: members beyond maxMembers are refused, and a larger state is refused whole")
  void memberLimit() {
    SwimConfig cfg = SwimConfig.lan().toBuilder().maxMembers(4).build();
    NodeUnderTest n = new NodeUnderTest(cfg, SELF, SELF_ADDR, SELF_START);
    for (int i = 0; i < 10; i++) {
      n.receive(C_ADDR, new Alive("m" + i, new NodeAddress("10.0.2." + i, 7946), 0, i, Map.of()));
    }
    assertThat(n.node.knownCount()).isEqualTo(4);
    assertThat(n.node.stats().rejected(Rejection.MEMBER_LIMIT)).isEqualTo(7);

    List<MemberRecord> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      records.add(
          new MemberRecord(
              "p" + i, new NodeAddress("10.0.3." + i, 7946), 0, i, MemberState.ALIVE, Map.of()));
    }
    byte[] request = n.codec.encodeFrame(new PushPull(false, false, 0, "node-c", records));
    assertThat(n.node.onStreamRequest(n.now, C_ADDR, request)).isNull();
    assertThat(n.node.stats().rejected(Rejection.STATE_TOO_LARGE)).isEqualTo(1);
  }

  @Test
  @DisplayName("defect 5: the state this node sends stays within maxStateBytes, live members first")
  void pushPullStateIsCapped() {
    SwimConfig cfg = SwimConfig.lan().toBuilder().maxStateBytes(64 * 1024).build();
    NodeUnderTest n = new NodeUnderTest(cfg, SELF, SELF_ADDR, SELF_START);
    Map<String, String> md = Map.of("blob", "z".repeat(400));
    for (int i = 0; i < 300; i++) {
      n.receive(
          C_ADDR, new Alive("m" + i, new NodeAddress("10.0.4." + (i % 250), 7000 + i), 0, i, md));
    }
    byte[] request = n.codec.encodeFrame(new PushPull(false, false, 0, "node-c", List.of()));
    byte[] response = n.node.onStreamRequest(n.now, C_ADDR, request);
    assertThat(response.length).isLessThanOrEqualTo(64 * 1024 + 64);
    PushPull state = (PushPull) decodeFrame(n, response);
    assertThat(state.members()).extracting(MemberRecord::name).contains(SELF);
    assertThat(n.node.stats().stateRecordsCapped()).isEqualTo(301 - state.members().size());
  }

  @Test
  @DisplayName("defect 7: an address that is not an IP literal is refused, never resolved")
  void nonLiteralAddresses() {
    t.receive(C_ADDR, new Alive("named", new NodeAddress("seeds.example", 7946), 0, 1, Map.of()));
    t.receive(
        C_ADDR, new Alive("tricky", new NodeAddress("a:b.example.com", 7946), 0, 1, Map.of()));
    t.receive(C_ADDR, new Ping(9, SELF, "x", new NodeAddress("evil.example", 7946)));
    assertThat(t.member("named")).isNull();
    assertThat(t.member("tricky")).isNull();
    assertThat(t.sent).isEmpty();
    assertThat(t.node.stats().rejected(Rejection.INVALID_ADDRESS)).isEqualTo(3);
  }

  @Test
  @DisplayName("defect 7: names from the network are escaped before they reach a log line")
  void logForging() {
    assertThat(LogSafe.text("node-1")).isEqualTo("node-1");
    assertThat(LogSafe.text("a\nFAKE ERROR b\r\u2028"))
        .isEqualTo("a\\u000aFAKE ERROR b\\u000d\\u2028");
  }

  @Test
  @DisplayName("defect 8: a ping with a spoofed source gets at most three times its size back")
  void amplification() {
    for (int i = 0; i < 30; i++) {
      t.node.updateMetadata(t.now, Map.of("v", "x".repeat(400))); // plenty of queued gossip
    }
    NodeAddress victim = new NodeAddress("10.9.9.9", 7946);
    Ping ping = new Ping(1, SELF, "nobody", victim);
    byte[] packet = t.codec.encodePacket(ping);
    t.sent.clear();
    t.node.onDatagram(t.now, victim, packet, 0, packet.length);
    int bytesBack = 0;
    for (NodeUnderTest.Sent s : t.sent) {
      assertThat(s.to()).isEqualTo(victim);
      for (Message m : s.messages()) {
        bytesBack += t.codec.encodeMessage(m).length + 3;
      }
    }
    assertThat(bytesBack).isPositive().isLessThanOrEqualTo(3 * packet.length);
  }

  @Test
  @DisplayName(
      "defect 8: a member a lie added gets small pings, never gossip, until it has answered once")
  void fakeMemberGetsNoGossip() {
    t.node.start(t.now);
    for (int i = 0; i < 30; i++) {
      t.node.updateMetadata(t.now, Map.of("v", "x".repeat(400))); // plenty of queued gossip
    }
    NodeAddress ghost = new NodeAddress("10.9.9.9", 7946);
    t.receive(C_ADDR, new Alive("ghost", ghost, 0, 77, Map.of()));
    t.sent.clear();
    t.runTimersUntil(t.now + 30_000); // probed, suspected, declared dead: it never answers

    List<NodeUnderTest.Sent> toGhost = t.sent.stream().filter(s -> s.to().equals(ghost)).toList();
    assertThat(toGhost).as("asked to prove it receives").isNotEmpty();
    int bytes = 0;
    for (NodeUnderTest.Sent s : toGhost) {
      // a ping (a probe with its Lifeguard accusation), or a ping-req while no member has
      // answered yet: nothing from the broadcast queue
      assertThat(s.messages())
          .allMatch(m -> m instanceof Ping || m instanceof PingReq || m instanceof Suspect);
      for (Message m : s.messages()) {
        bytes += t.codec.encodeMessage(m).length + 3;
      }
    }
    // at most one validation ping and one probe a probe interval (1 s on LAN)
    assertThat(toGhost).hasSizeLessThanOrEqualTo(2 * 30);
    assertThat(bytes).isLessThan(2 * 30 * 200);
    assertThat(t.node.stats().addressValidations()).isPositive();

    // a member that answers gets gossip from then on
    t.receive(C_ADDR, new Alive("real", new NodeAddress("10.0.0.4", 7946), 0, 78, Map.of()));
    t.runTimersUntil(t.now + 300);
    Ping validation =
        t.sentTo(new NodeAddress("10.0.0.4", 7946)).stream()
            .filter(Ping.class::isInstance)
            .map(Ping.class::cast)
            .findFirst()
            .orElseThrow();
    t.receive(new NodeAddress("10.0.0.4", 7946), new Ack(validation.seq(), "real", 0));
    t.sent.clear();
    t.node.updateMetadata(t.now, Map.of("v", "after"));
    t.runTimersUntil(t.now + 5_000);
    assertThat(t.sentTo(new NodeAddress("10.0.0.4", 7946))).anyMatch(Alive.class::isInstance);
  }

  NodeUnderTest.StreamOpened lastStream() {
    assertThat(t.streams).isNotEmpty();
    return t.streams.get(t.streams.size() - 1);
  }

  static Message answer(NodeUnderTest.StreamOpened check, Alive own) {
    Ping ping = (Ping) check.request();
    return new Compound(List.of(new Ack(ping.seq(), ping.target(), 0), own));
  }

  static Message decodeFrame(NodeUnderTest n, byte[] frame) {
    try {
      return n.codec.decodeFrame(frame, 0, frame.length);
    } catch (dev.swim.core.wire.DecodeException e) {
      throw new AssertionError(e);
    }
  }
}
