package dev.swim.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.MemberInfo;
import dev.swim.core.wire.DecodeException;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Compound;
import dev.swim.core.wire.WireCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the piggyback benchmark relies on: the queue keeps its depth however long it runs, every ack
 * carries updates, and each alive fed is a valid datagram one incarnation newer.
 */
class PiggybackBenchmarkTest {

  @ParameterizedTest
  @ValueSource(ints = {16, 1024})
  void takeKeepsTheDepthAndFillsEveryAck(int depth) throws DecodeException {
    PiggybackBenchmark b = new PiggybackBenchmark();
    b.depth = depth;
    b.setup();
    WireCodec codec = new WireCodec("");
    for (int i = 0; i < 20_000; i++) {
      byte[] ack = b.take();
      Message m = codec.decodePacket(ack, 0, ack.length);
      assertThat(m).isInstanceOf(Compound.class);
      assertThat(((Compound) m).parts()).hasSizeGreaterThan(Math.min(depth, 10));
    }
    b.check(); // throws when an update retired
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 1024})
  void addReplacesQueuedUpdates(int depth) throws DecodeException {
    PiggybackBenchmark b = new PiggybackBenchmark();
    b.depth = depth;
    b.setup();
    for (int i = 0; i < 3 * depth; i++) {
      assertThat(b.add()).isEqualTo(depth);
    }
    b.check(); // throws unless the last alive fed was applied
  }

  @Test
  void feedRaisesTheIncarnationInPlace() throws DecodeException {
    WireCodec codec = new WireCodec("label");
    MemberInfo member =
        new MemberInfo("member-1", new NodeAddress("10.0.0.1", 7946), -5L, Map.of("zone", "a"));
    AliveFeed feed = new AliveFeed(codec, List.of(member));
    assertThat(decode(codec, feed.current(0)).incarnation()).isEqualTo(AliveFeed.FIRST_INCARNATION);
    for (int i = 1; i <= 300; i++) {
      Alive a = decode(codec, feed.next(0));
      assertThat(a.incarnation()).isEqualTo(AliveFeed.FIRST_INCARNATION + i);
      assertThat(a)
          .isEqualTo(
              new Alive(
                  "member-1",
                  member.address(),
                  AliveFeed.FIRST_INCARNATION + i,
                  -5L,
                  Map.of("zone", "a")));
    }
    assertThat(feed.incarnation(0)).isEqualTo(AliveFeed.FIRST_INCARNATION + 300);
  }

  private static Alive decode(WireCodec codec, byte[] datagram) throws DecodeException {
    return (Alive) codec.decodePacket(datagram, 0, datagram.length);
  }
}
