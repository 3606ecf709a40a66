package dev.swim.bench.jmh;

import dev.swim.core.member.Member;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.Formulas;
import dev.swim.core.protocol.MemberInfo;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.protocol.SwimNode;
import dev.swim.core.wire.DecodeException;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Compound;
import dev.swim.core.wire.Message.Ping;
import dev.swim.core.wire.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * SWIM's piggybacking, measured through a node's public API: a {@link SwimNode} whose broadcast
 * queue holds {@code depth} membership updates (it was fed, as datagrams from a member, the alive
 * messages of {@code depth} members that joined), then
 *
 * <ul>
 *   <li>{@code take}: answering one ping from a member. The ack carries as many queued updates as
 *       fit in the datagram, the least-sent first. The ping carries gossip itself (the prober's own
 *       alive record, which the node already holds), as a ping from a member with news does: a bare
 *       ping gets a bare ack.
 *   <li>{@code add}: a newer alive about one queued member, which replaces its queued update.
 * </ul>
 *
 * <p>Both include decoding the inbound datagram; {@code take} includes encoding the ack and the
 * packet. Even at the highest retransmit limit the settings allow ({@code retransmitMult} 100,
 * times ceil(log10(N + 1))) every update would retire after a few hundred pings, so before any
 * update has been sent three quarters of the limit, {@code take} feeds a newer alive about every
 * member (a refill: each queued update replaced by one never sent). That is 0.08 to 0.11 alives per
 * ping, included in its figure. The depth is checked after every iteration.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PiggybackBenchmark {
  private static final long NOW = 1_000;
  private static final String LABEL = "";
  private static final NodeAddress RECEIVER = new NodeAddress("10.200.0.1", 7946);
  private static final MemberInfo PROBER =
      new MemberInfo("prober", new NodeAddress("10.200.0.2", 7946), 2, Map.of());

  /** Membership updates queued. */
  @Param({"16", "1024", "65536"})
  public int depth;

  private final LastDatagram outbox = new LastDatagram();
  private SwimNode node;
  private AliveFeed feed;
  private byte[] ping;
  private int fed;
  private int pingsPerRefill;
  private int pingsUntilRefill;

  /** Starts the node, lets {@code depth} members join and measures one ack's load of updates. */
  @Setup
  public void setup() throws DecodeException {
    SwimConfig config = SwimConfig.lan().toBuilder().retransmitMult(100).build();
    node =
        new SwimNode(
            config, LABEL, "receiver", RECEIVER, Map.of(), 1, new SplittableRandom(1), outbox);
    node.preload(List.of(PROBER), 1); // a member for long: its pings get gossip back
    node.start(NOW);
    WireCodec codec = new WireCodec(LABEL);
    feed = new AliveFeed(codec, members(depth));
    for (int i = 0; i < depth; i++) {
      deliver(feed.current(i));
    }
    fed = depth - 1;
    if (node.broadcastQueueDepth() != depth) {
      throw new IllegalStateException(
          "queued " + node.broadcastQueueDepth() + " updates, not " + depth);
    }
    ping =
        codec.packet(
            List.of(
                codec.encodeMessage(new Ping(1, "receiver", PROBER.name(), PROBER.address())),
                codec.encodeMessage(
                    new Alive(
                        PROBER.name(), PROBER.address(), 1, PROBER.startId(), PROBER.metadata()))));
    deliver(ping);
    Message ack = codec.decodePacket(outbox.last(), 0, outbox.last().length);
    int perAck = ack instanceof Compound c ? c.parts().size() - 1 : 0;
    if (perAck == 0) {
      throw new IllegalStateException("the ack carried no update");
    }
    int limit = Formulas.retransmitLimit(config.retransmitMult(), node.liveCount());
    // a round of depth / perAck pings sends every update once: refill before three quarters of
    // the limit
    pingsPerRefill = (int) Math.max(1, 3L * limit * depth / (4L * perAck));
    pingsUntilRefill = pingsPerRefill;
    // the setup's garbage gone and the queue tenured, as in a node that has held it for a while
    System.gc();
  }

  /** Checks that no update retired and that every alive fed was applied. */
  @TearDown(Level.Iteration)
  public void check() {
    Member last = node.member(feed.name(fed));
    if (node.broadcastQueueDepth() != depth
        || last == null
        || last.incarnation() != feed.incarnation(fed)
        || node.stats().loopErrors() != 0) {
      throw new IllegalStateException(
          "queue depth " + node.broadcastQueueDepth() + " (expected " + depth + "), " + last);
    }
  }

  /** Answers one ping from a member; the ack carries one datagram's load of updates. */
  @Benchmark
  public byte[] take() {
    deliver(ping);
    if (--pingsUntilRefill == 0) {
      pingsUntilRefill = pingsPerRefill;
      refill();
    }
    return outbox.last();
  }

  /** Handles a newer alive about one queued member, which replaces its queued update. */
  @Benchmark
  public int add() {
    feedNewer();
    return node.broadcastQueueDepth();
  }

  /** A newer alive about every member: each queued update is replaced by one never sent. */
  private void refill() {
    for (int i = 0; i < depth; i++) {
      deliver(feed.next(i));
    }
    fed = depth - 1;
  }

  private void feedNewer() {
    fed = fed + 1 == depth ? 0 : fed + 1;
    deliver(feed.next(fed));
  }

  private void deliver(byte[] datagram) {
    node.onDatagram(NOW, PROBER.address(), datagram, 0, datagram.length);
  }

  /** {@code n} members at distinct addresses, with random start ids and no metadata. */
  private static List<MemberInfo> members(int n) {
    SplittableRandom random = new SplittableRandom(7);
    List<MemberInfo> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      NodeAddress address =
          new NodeAddress("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 7946);
      out.add(
          new MemberInfo(String.format("member-%05d", i), address, random.nextLong(), Map.of()));
    }
    return out;
  }
}
