package dev.swim.core.protocol;

import dev.swim.core.member.Member;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.DecodeException;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Ack;
import dev.swim.core.wire.Message.Compound;
import dev.swim.core.wire.Message.Nack;
import dev.swim.core.wire.Message.Ping;
import dev.swim.core.wire.WireCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One {@link SwimNode} driven by hand: feed it packets built with the real codec, then read what it
 * sent (decoded) and which events it emitted. No timers run unless {@link #advance} is called.
 */
final class NodeUnderTest implements Outbox {

  /** The cluster label the simulator uses too. */
  static final String LABEL = "sim";

  /** Who asks for piggybacked gossip in {@link #gossip()}; never a member of the cluster. */
  static final NodeAddress PROBER = new NodeAddress("10.99.0.1", 7946);

  /** Padding messages in {@link #gossip()}'s ping: 50 nacks of about 12 bytes each. */
  private static final int PADDING_NACKS = 50;

  /** One datagram the node sent, decoded. */
  record Sent(NodeAddress to, List<Message> messages) {}

  /** One stream request the node opened, decoded. */
  record StreamOpened(NodeAddress to, Message request, StreamPurpose purpose, long token) {}

  final WireCodec codec = new WireCodec(LABEL);
  final SwimNode node;
  final List<Sent> sent = new ArrayList<>();
  final List<MembershipEvent> events = new ArrayList<>();
  final List<StreamOpened> streams = new ArrayList<>();

  /** One probe round reported through {@link #probeStarted} / {@link #probeEnded}. */
  record ProbeReport(long seq, String target, String outcome, long rttMicros) {}

  /** The probe rounds started (outcome null) and ended, in the order reported. */
  final List<ProbeReport> probes = new ArrayList<>();

  /** The deadline of each stream request in {@link #streams}, in the same order. */
  final List<Long> deadlines = new ArrayList<>();

  long now = 1_000;

  /** Microseconds past {@link #now} on the driver's finer clock ({@link #clockMicros}). */
  long micros;

  /** Whether the test provokes exceptions inside the node on purpose (else each one fails it). */
  boolean expectErrors;

  /** Thrown by every {@link #emit} while set: a listener that fails. */
  RuntimeException failEmits;

  private long probeSeq = 1_000_000;

  NodeUnderTest(String name, NodeAddress address, long startId) {
    this(SwimConfig.lan(), name, address, startId);
  }

  NodeUnderTest(SwimConfig config, String name, NodeAddress address, long startId) {
    node =
        new SwimNode(
            config, LABEL, name, address, Map.of(), startId, new SplittableRandom(startId), this);
  }

  /** Delivers {@code messages} from {@code from} as one packet (a compound if several). */
  NodeUnderTest receive(NodeAddress from, Message... messages) {
    List<byte[]> parts = new ArrayList<>();
    for (Message m : messages) {
      parts.add(codec.encodeMessage(m));
    }
    byte[] packet = codec.packet(parts);
    node.onDatagram(now, from, packet, 0, packet.length);
    checkNoErrors();
    return this;
  }

  private void checkNoErrors() {
    if (!expectErrors && node.stats().loopErrors() > 0) {
      throw new AssertionError("the node caught " + node.stats().loopErrors() + " exception(s)");
    }
  }

  /** Delivers {@code messages} from the prober address. */
  NodeUnderTest receive(Message... messages) {
    return receive(PROBER, messages);
  }

  /** Every message sent to {@code to} so far, flattened, in order. */
  List<Message> sentTo(NodeAddress to) {
    List<Message> out = new ArrayList<>();
    for (Sent s : sent) {
      if (s.to().equals(to)) {
        out.addAll(s.messages());
      }
    }
    return out;
  }

  /**
   * The membership updates the node piggybacks right now: pings it (as a prober it does not know)
   * and returns what rides on the ack. Counts one transmit of each, like any real packet. The
   * prober is not a member, so the answer is bounded by three times the ping's packet: the ping
   * travels with nacks for no probe (ignored) that make the packet large enough for a full answer.
   */
  List<Message> gossip() {
    int before = sent.size();
    Message[] ping = new Message[PADDING_NACKS + 1];
    ping[0] = new Ping(++probeSeq, node.localName(), "prober", PROBER);
    for (int i = 1; i < ping.length; i++) {
      ping[i] = new Nack(0, "prober");
    }
    receive(PROBER, ping);
    List<Message> out = new ArrayList<>();
    for (Sent s : sent.subList(before, sent.size())) {
      for (Message m : s.messages()) {
        if (!(m instanceof Ack)) {
          out.add(m);
        }
      }
    }
    return out;
  }

  /**
   * Runs every timer due up to {@code until}, each at its own deadline (timers scheduled on the way
   * included), then sets the clock to {@code until}; returns how many times the node was woken.
   */
  int runTimersUntil(long until) {
    int wakeups = 0;
    for (long at = node.nextDeadline(); at <= until; at = node.nextDeadline()) {
      now = at;
      node.tick(at);
      wakeups++;
    }
    checkNoErrors();
    now = until;
    return wakeups;
  }

  /** Advances the node's clock by {@code ms} and runs the timers that fall due. */
  void advance(long ms) {
    now += ms;
    node.tick(now);
  }

  /** The node's view of {@code name}, or {@code null}. */
  Member member(String name) {
    return node.member(name);
  }

  /** The types of the events emitted about {@code name}, in order. */
  List<MembershipEventType> eventsAbout(String name) {
    return events.stream()
        .filter(e -> e.member().name().equals(name))
        .map(MembershipEvent::type)
        .toList();
  }

  @Override
  public long clockMicros(long now) {
    return now * 1000 + micros;
  }

  @Override
  public void sendDatagram(NodeAddress to, byte[] packet) {
    try {
      Message m = codec.decodePacket(packet, 0, packet.length);
      List<Message> parts = m instanceof Compound c ? c.parts() : List.of(m);
      sent.add(new Sent(to, parts));
    } catch (DecodeException e) {
      throw new AssertionError(
          "the node sent an undecodable packet: " + Arrays.toString(packet), e);
    }
  }

  @Override
  public void streamRequest(
      NodeAddress to, byte[] request, StreamPurpose purpose, long token, long deadline) {
    try {
      streams.add(
          new StreamOpened(to, codec.decodeFrame(request, 0, request.length), purpose, token));
      deadlines.add(deadline);
    } catch (DecodeException e) {
      throw new AssertionError("the node sent an undecodable stream request", e);
    }
  }

  /** Answers stream request {@code opened} with {@code response}, as its peer would. */
  void respond(StreamOpened opened, Message response) {
    byte[] bytes = codec.encodeFrame(response);
    node.onStreamResponse(now, opened.to(), opened.purpose(), opened.token(), bytes);
  }

  @Override
  public void emit(MembershipEvent event) {
    if (failEmits != null) {
      throw failEmits;
    }
    events.add(event);
  }

  @Override
  public void probeStarted(long seq, String target) {
    probes.add(new ProbeReport(seq, target, null, -1));
  }

  @Override
  public void probeEnded(long seq, String target, String outcome, long rttMicros) {
    probes.add(new ProbeReport(seq, target, outcome, rttMicros));
  }
}
