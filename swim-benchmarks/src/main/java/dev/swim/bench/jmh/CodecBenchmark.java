package dev.swim.bench.jmh;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.DecodeException;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Ack;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Compound;
import dev.swim.core.wire.Message.Ping;
import dev.swim.core.wire.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link WireCodec} encode and decode of one whole packet (header included): a ping, an ack, an
 * alive with two metadata entries, and a compound of a ping plus as many alives as fit in a
 * 1400-byte datagram (the shape of a busy gossip packet).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {

  /** Which packet. */
  @Param({"ping", "ack", "alive", "compound"})
  public String kind;

  private WireCodec codec;
  private Message message;
  private byte[] packet;

  /** Builds the message and its encoded packet. */
  @Setup
  public void setup() {
    codec = new WireCodec("");
    message =
        switch (kind) {
          case "ping" -> ping();
          case "ack" -> new Ack(42, "node-17", 0x5DEECE66DL);
          case "alive" -> alive(17);
          case "compound" -> compound();
          default -> throw new IllegalArgumentException(kind);
        };
    packet = codec.encodePacket(message);
  }

  /** Encodes the message into a packet. */
  @Benchmark
  public byte[] encode() {
    return codec.encodePacket(message);
  }

  /** Decodes the packet. */
  @Benchmark
  public Message decode() throws DecodeException {
    return codec.decodePacket(packet, 0, packet.length);
  }

  private static Ping ping() {
    return new Ping(42, "node-17", "node-3", new NodeAddress("10.0.0.3", 7946));
  }

  static Alive alive(int i) {
    return new Alive(
        "node-" + i,
        new NodeAddress("10.0." + (i / 250) + "." + (i % 250 + 1), 7946),
        3,
        0x1234_5678_9ABCL + i,
        Map.of("zone", "eu-west-1a", "version", "1.4.2"));
  }

  private Compound compound() {
    List<Message> parts = new ArrayList<>();
    parts.add(ping());
    for (int i = 100; ; i++) {
      parts.add(alive(i));
      if (codec.encodePacket(new Compound(parts)).length > 1400) {
        parts.remove(parts.size() - 1);
        return new Compound(parts);
      }
    }
  }
}
