package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.NodeAddress;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Coverage-guided fuzzing of the whole inbound path of a protocol node: any datagram or stream
 * request, however hostile, is either handled or dropped and counted; nothing escapes, and the node
 * stays ALIVE in its own view. Saved inputs replay in every build.
 */
class SwimNodeFuzzTest {
  private static final NodeAddress SELF = new NodeAddress("10.0.0.1", 7946);
  private static final NodeAddress PEER = new NodeAddress("10.0.0.2", 7946);

  private static SwimNode node() {
    Outbox quiet =
        new Outbox() {
          @Override
          public void sendDatagram(NodeAddress to, byte[] packet) {}

          @Override
          public void streamRequest(
              NodeAddress to, byte[] request, StreamPurpose p, long token, long deadline) {}

          @Override
          public void emit(MembershipEvent event) {}
        };
    SwimNode n =
        new SwimNode(
            SwimConfig.lan(), "fuzz", "self", SELF, Map.of(), 7, new SplittableRandom(1), quiet);
    n.start(1_000);
    return n;
  }

  @FuzzTest(maxDuration = "1m")
  void onDatagram(byte[] data) {
    SwimNode n = node();
    n.onDatagram(2_000, PEER, data, 0, data.length);
    n.tick(120_000);
    assertThat(n.localMember().state()).isEqualTo(MemberState.ALIVE);
    assertThat(n.stats().loopErrors()).as("exceptions the node caught").isZero();
  }

  @FuzzTest(maxDuration = "1m")
  void onStreamRequest(byte[] data) {
    SwimNode n = node();
    n.onStreamRequest(2_000, PEER, data);
    n.tick(120_000);
    assertThat(n.localMember().state()).isEqualTo(MemberState.ALIVE);
    assertThat(n.stats().loopErrors()).as("exceptions the node caught").isZero();
  }
}
