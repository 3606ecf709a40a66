package dev.swim.bench.jmh;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.Outbox;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.protocol.SwimNode;
import dev.swim.core.wire.Message.MemberRecord;
import dev.swim.core.wire.Message.PushPull;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A 10,000-member push-pull state exchange handled by {@link SwimNode#onStreamRequest}: decode the
 * frame, merge every record, and encode the full-state answer. Two receivers: one that already
 * knows all 10,000 members at the same incarnations (the steady-state anti-entropy case: nothing
 * changes, the answer still carries 10,001 records) and one that knows none (a fresh node: 10,000
 * members join, 10,000 events and queued updates). The request is built once and encoded as the
 * stream frame a peer would send.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PushPullMergeBenchmark {
  static final int MEMBERS = 10_000;
  private static final NodeAddress SENDER = new NodeAddress("10.1.0.1", 7946);

  /** The encoded request, shared by both receivers. */
  @State(Scope.Benchmark)
  public static class Request {
    byte[] frame;

    /** Builds and encodes the 10,000 records. */
    @Setup
    public void setup() {
      List<MemberRecord> records = new ArrayList<>(MEMBERS);
      SplittableRandom random = new SplittableRandom(7);
      for (int i = 0; i < MEMBERS; i++) {
        records.add(
            new MemberRecord(
                "member-" + i,
                new NodeAddress(
                    "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 7946),
                1 + random.nextInt(3),
                random.nextLong(),
                MemberState.ALIVE,
                Map.of("zone", "zone-" + (i % 3))));
      }
      frame = new WireCodec("").encodeFrame(new PushPull(false, false, 0, "member-0", records));
    }
  }

  /** A receiver that already knows every member. */
  @State(Scope.Thread)
  public static class Knowing {
    SwimNode node;

    /** Starts the receiver and merges the request once. */
    @Setup
    public void setup(Request request) {
      node = newNode();
      if (node.onStreamRequest(1, SENDER, request.frame) == null) {
        throw new IllegalStateException("the push-pull request was rejected");
      }
      if (node.knownCount() != MEMBERS + 1) {
        throw new IllegalStateException("knows " + node.knownCount() + " members");
      }
    }
  }

  /** A receiver that knows nobody, fresh for every invocation. */
  @State(Scope.Thread)
  public static class Empty {
    SwimNode node;

    /** A new node (outside the measured time). */
    @Setup(Level.Invocation)
    public void setup() {
      node = newNode();
    }
  }

  /** Merges into a node that already knows all 10,000 members. */
  @Benchmark
  public byte[] mergeKnown(Request request, Knowing receiver) {
    return receiver.node.onStreamRequest(2, SENDER, request.frame);
  }

  /** Merges into a node that knows none of them. */
  @Benchmark
  public byte[] mergeUnknown(Request request, Empty receiver) {
    return receiver.node.onStreamRequest(2, SENDER, request.frame);
  }

  static SwimNode newNode() {
    SwimNode node =
        new SwimNode(
            SwimConfig.lan(),
            "",
            "receiver",
            new NodeAddress("10.200.0.1", 7946),
            Map.of(),
            42,
            new SplittableRandom(1),
            new NullOutbox());
    node.start(0);
    return node;
  }

  /** Drops everything the node sends or emits. */
  private static final class NullOutbox implements Outbox {
    @Override
    public void sendDatagram(NodeAddress to, byte[] packet) {}

    @Override
    public void streamRequest(
        NodeAddress to, byte[] request, StreamPurpose purpose, long token, long deadline) {}

    @Override
    public void emit(MembershipEvent event) {}
  }
}
