package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.DecodeException;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Ack;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Compound;
import dev.swim.core.wire.Message.Dead;
import dev.swim.core.wire.Message.MemberRecord;
import dev.swim.core.wire.Message.Nack;
import dev.swim.core.wire.Message.Ping;
import dev.swim.core.wire.Message.PingReq;
import dev.swim.core.wire.Message.PushPull;
import dev.swim.core.wire.Message.Suspect;
import dev.swim.core.wire.Message.UserEvent;
import dev.swim.core.wire.WireCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Stateful coverage-guided fuzzing of one protocol node: a long sequence of well-formed messages
 * (encoded with the real codec) chosen by the fuzzer, from a small cast of names (this node, a few
 * members, junk with control characters or over the length limit), start ids, addresses (IP
 * literals and names) and incarnations (the extremes included), mixed with answers and failures of
 * the stream requests the node itself opened, acks and nacks for its probes, local calls (join,
 * metadata, user events, leave) and virtual time passing. After every step: nothing escaped, the
 * node is ALIVE in its own view (LEFT once told to leave), every incarnation it holds is within [0,
 * 2^62], it knows at most {@code maxMembers} members, its broadcast queue stays within its bound,
 * and everything it sent decodes. Saved inputs replay in every build; {@code JAZZER_FUZZ=1} fuzzes
 * for real.
 */
class SwimNodeSequenceFuzzTest {
  static final String LABEL = "fuzz";
  static final String SELF = "self";
  static final NodeAddress SELF_ADDR = new NodeAddress("10.0.0.1", 7946);
  static final long SELF_START = 7;

  private static final WireCodec CODEC = new WireCodec(LABEL);
  private static final SwimConfig CONFIG = SwimConfig.lan().toBuilder().maxMembers(64).build();
  private static final long MAX_INCARNATION = 1L << 62;
  private static final int MAX_QUEUE = 65_536;
  private static final int MAX_STEPS = 2_000;
  private static final int MAX_WAKEUPS_PER_STEP = 64;
  private static final int REMEMBERED = 64;

  /** Names: this node, members, and junk (empty, control characters, too long in bytes). */
  private static final String[] NAMES = {
    SELF,
    "m1",
    "m2",
    "m3",
    "m4",
    "",
    "a\nb",
    "nul\u0000",
    "sep\u2028",
    "x".repeat(129),
    "\u00e9".repeat(70),
  };

  private static final NodeAddress[] ADDRESSES = {
    SELF_ADDR,
    new NodeAddress("10.0.0.2", 7946),
    new NodeAddress("10.0.0.3", 7946),
    new NodeAddress("10.0.0.4", 7946),
    new NodeAddress("10.0.0.2", 7947),
    new NodeAddress("10.0.0.5", 0),
    new NodeAddress("::1", 7946),
    new NodeAddress("fe80::1%eth0", 65535),
    new NodeAddress("evil.example", 7946),
    new NodeAddress("a:b.example.com", 7946),
    new NodeAddress("010.0.0.1", 7946),
  };

  /** Sources of datagrams and requests: the transport only ever reports IP literals. */
  private static final NodeAddress[] SOURCES = {
    new NodeAddress("10.0.0.2", 7946),
    new NodeAddress("10.0.0.3", 7946),
    new NodeAddress("10.0.0.4", 7946),
    new NodeAddress("10.6.6.6", 40000),
    new NodeAddress("::1", 7946),
    SELF_ADDR,
  };

  private static final long[] START_IDS = {
    SELF_START, 0, 1, 42, 4242, -1, Long.MIN_VALUE, Long.MAX_VALUE
  };

  private static final List<MemberState> STATES =
      List.of(MemberState.ALIVE, MemberState.SUSPECT, MemberState.DEAD, MemberState.LEFT);

  private static final String[] EVENT_NAMES = {
    "deploy", "", "bad\nname", "e".repeat(255), "\u00e9".repeat(127)
  };

  private static final List<Map<String, String>> METADATA =
      List.of(
          Map.of(),
          Map.of("zone", "a"),
          Map.of("k", "v".repeat(600)), // over the 512-byte limit
          Map.of("ctl\u0001", "\u0000"),
          bigMetadata());

  private static Map<String, String> bigMetadata() {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < 8; i++) {
      m.put("key" + i, "z".repeat(400));
    }
    return m;
  }

  @FuzzTest(maxDuration = "30s")
  void messageSequences(FuzzedDataProvider data) {
    new Run(data).play();
  }

  /** A stream request the node opened and has not had answered or failed yet. */
  private record Pending(
      NodeAddress to, Message request, Outbox.StreamPurpose purpose, long token) {}

  /** A ping or ping-req the node sent, which the fuzzer may acknowledge. */
  private record Probe(long seq, String target, NodeAddress to) {}

  /** One sequence against one fresh node. */
  private static final class Run implements Outbox {
    private final FuzzedDataProvider data;
    private final SwimNode node;
    private final List<Pending> pending = new ArrayList<>();
    private final List<Probe> probes = new ArrayList<>();
    private long now = 1_000;
    private boolean left;
    private boolean joining;

    Run(FuzzedDataProvider data) {
      this.data = data;
      this.node =
          new SwimNode(
              CONFIG,
              LABEL,
              SELF,
              SELF_ADDR,
              Map.of("role", "fuzz"),
              SELF_START,
              new SplittableRandom(SELF_START),
              this);
    }

    void play() {
      node.setTcpFallback(data.consumeBoolean());
      node.start(now);
      check("start");
      for (int step = 0; step < MAX_STEPS && data.remainingBytes() > 0; step++) {
        int op = data.consumeInt(0, 19);
        String what = step(op);
        check("step " + step + " (" + what + ")");
      }
      advance(CONFIG.tombstoneTimeout().toMillis() + 1);
      check("the end");
    }

    private String step(int op) {
      switch (op) {
        case 0, 1, 2 -> {
          datagram(message());
          return "datagram";
        }
        case 3 -> {
          int n = data.consumeInt(2, 6);
          List<Message> parts = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            parts.add(message());
          }
          datagram(new Compound(parts));
          return "compound";
        }
        case 4 -> {
          streamRequest(pushPull());
          return "push-pull request";
        }
        case 5 -> {
          streamRequest(ping());
          return "stream ping";
        }
        case 6 -> {
          return answer();
        }
        case 7 -> {
          Pending p = takePending();
          if (p != null) {
            node.onStreamFailed(now, p.to(), p.purpose(), p.token());
          }
          return "fail stream";
        }
        case 8 -> {
          Pending p = takePending();
          if (p != null) {
            node.onStreamResponse(now, p.to(), p.purpose(), p.token(), data.consumeBytes(64));
          }
          return "garbage response";
        }
        case 9 -> {
          Probe p = pickProbe();
          if (p != null) {
            String source = data.consumeBoolean() ? p.target() : name();
            Message ack = new Ack(p.seq(), source, data.consumeLong());
            datagram(p.to(), data.consumeBoolean() ? ack : new Compound(List.of(ack, message())));
          }
          return "ack";
        }
        case 10 -> {
          Probe p = pickProbe();
          if (p != null) {
            datagram(p.to(), new Nack(p.seq(), name()));
          }
          return "nack";
        }
        case 11 -> {
          advance(data.consumeInt(0, 2_000));
          return "tick";
        }
        case 12 -> {
          advance(data.consumeLong(0, 600_000));
          return "long tick";
        }
        case 13 -> {
          if (!joining) {
            joining = true;
            List<NodeAddress> seeds = List.of(address(), address());
            node.join(now, () -> seeds, 1_000, 30_000);
          }
          return "join";
        }
        case 14 -> {
          Map<String, String> md = METADATA.get(data.consumeInt(0, 1));
          if (node.localMember().incarnation() < MAX_INCARNATION) {
            node.updateMetadata(now, md);
          }
          return "update metadata";
        }
        case 15 -> {
          node.broadcastUserEvent(now, "local", data.consumeBytes(data.consumeInt(0, 512)));
          return "user event";
        }
        case 16 -> {
          if (data.consumeInt(0, 7) == 0) {
            node.leave(now);
            left = true;
          }
          return "leave";
        }
        case 17 -> {
          streamRequest(data.consumeBoolean() ? alive() : suspectOrDead());
          return "other stream request";
        }
        case 18 -> {
          streamRequest(
              new PushPull(false, false, 0, name(), records(data.consumeInt(1, 80), "f")));
          return "flood push-pull";
        }
        default -> {
          List<Message> alives = new ArrayList<>();
          for (MemberRecord r : records(data.consumeInt(1, 40), "g")) {
            alives.add(new Alive(r.name(), r.address(), r.incarnation(), r.startId(), Map.of()));
          }
          datagram(new Compound(alives));
          return "flood alives";
        }
      }
    }

    /** {@code n} distinct new members, cheap in input bytes: fills the table. */
    private List<MemberRecord> records(int n, String prefix) {
      int base = data.consumeInt(0, 255);
      List<MemberRecord> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int k = base + i;
        out.add(
            new MemberRecord(
                prefix + k,
                new NodeAddress("10.0." + (2 + k / 250) + "." + (k % 250), 7946),
                0,
                k,
                MemberState.ALIVE,
                Map.of()));
      }
      return out;
    }

    // --- messages ------------------------------------------------------------------------------

    private Message message() {
      return switch (data.consumeInt(0, 9)) {
        case 0 -> ping();
        case 1 -> new Ack(data.consumeLong(0, 1L << 40), name(), data.consumeLong());
        case 2 ->
            new PingReq(
                data.consumeLong(0, Long.MAX_VALUE),
                name(),
                address(),
                data.consumeBoolean(),
                name(),
                address());
        case 3 -> new Nack(data.consumeLong(0, 1L << 40), name());
        case 4, 5 -> alive();
        case 6, 7 -> suspectOrDead();
        case 8 -> userEvent();
        default -> pushPull();
      };
    }

    private Ping ping() {
      return new Ping(data.consumeLong(0, Long.MAX_VALUE), name(), name(), address());
    }

    private Alive alive() {
      String name = name();
      return new Alive(name, address(), incarnation(name), startId(), metadata());
    }

    private Message suspectOrDead() {
      String name = name();
      long inc = incarnation(name);
      long start = startId();
      return switch (data.consumeInt(0, 2)) {
        case 0 -> new Suspect(name, inc, start, name());
        case 1 -> new Dead(name, inc, start, name());
        default -> new Dead(name, inc, start, name); // a leave
      };
    }

    private UserEvent userEvent() {
      String event = EVENT_NAMES[data.consumeInt(0, EVENT_NAMES.length - 1)];
      int size = data.consumeBoolean() ? data.consumeInt(0, 64) : data.consumeInt(0, 2_000);
      return new UserEvent(name(), data.consumeLong(0, Long.MAX_VALUE), event, new byte[size]);
    }

    private PushPull pushPull() {
      int n =
          data.consumeInt(0, 3) == 0
              ? data.consumeInt(0, CONFIG.maxMembers() + 8)
              : data.consumeInt(0, 6);
      List<MemberRecord> records = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String name = n > 6 && data.consumeBoolean() ? "p" + i : name();
        MemberState state = STATES.get(data.consumeInt(0, STATES.size() - 1));
        records.add(
            new MemberRecord(
                name,
                address(),
                incarnation(name),
                startId(),
                state,
                n > 6 ? Map.of() : metadata()));
      }
      return new PushPull(
          data.consumeBoolean(), data.consumeInt(0, 5) == 0, data.consumeLong(), name(), records);
    }

    private String name() {
      int k = data.consumeInt(0, NAMES.length + 3);
      return k < NAMES.length ? NAMES[k] : "n" + data.consumeInt(0, 99);
    }

    private NodeAddress address() {
      int k = data.consumeInt(0, ADDRESSES.length + 1);
      return k < ADDRESSES.length
          ? ADDRESSES[k]
          : new NodeAddress("10.0.1." + data.consumeInt(0, 255), data.consumeInt(0, 65535));
    }

    private long startId() {
      int k = data.consumeInt(0, START_IDS.length);
      return k < START_IDS.length ? START_IDS[k] : data.consumeLong();
    }

    private Map<String, String> metadata() {
      return METADATA.get(data.consumeInt(0, METADATA.size() - 1));
    }

    /** An incarnation for a message about {@code name}: near what the node holds, or extreme. */
    private long incarnation(String name) {
      Member m = node.member(name);
      long held = m == null ? 0 : m.incarnation();
      return switch (data.consumeInt(0, 13)) {
        case 0 -> 0;
        case 1 -> held;
        case 2 -> plus(held, 1);
        case 3 -> plus(held, Incarnations.MAX_STEP);
        case 4 -> plus(held, Incarnations.MAX_STEP + 1);
        case 5 -> plus(held, Incarnations.MAX_SELF_STEP);
        case 6 -> MAX_INCARNATION - 1;
        case 7 -> MAX_INCARNATION;
        case 8 -> MAX_INCARNATION + 1;
        case 9 -> Long.MAX_VALUE;
        case 10 -> Long.MAX_VALUE - 1;
        case 11 -> Math.max(0, held - 1);
        default -> data.consumeLong(0, Long.MAX_VALUE);
      };
    }

    private static long plus(long a, long b) {
      long s = a + b;
      return s < 0 ? Long.MAX_VALUE : s;
    }

    // --- delivery ------------------------------------------------------------------------------

    private void datagram(Message m) {
      datagram(SOURCES[data.consumeInt(0, SOURCES.length - 1)], m);
    }

    private void datagram(NodeAddress from, Message m) {
      byte[] body = CODEC.encodeMessage(m);
      if (body.length + CODEC.headerSize() > WireCodec.MAX_DATAGRAM) {
        return; // no such datagram exists
      }
      byte[] packet = CODEC.packet(body);
      node.onDatagram(now, from, packet, 0, packet.length);
    }

    private void streamRequest(Message m) {
      NodeAddress from = SOURCES[data.consumeInt(0, SOURCES.length - 1)];
      byte[] response = node.onStreamRequest(now, from, CODEC.encodeFrame(m));
      if (response != null) {
        decode(response, "stream response");
      }
    }

    /** Answers one of the node's open stream requests as its purpose expects (or not quite). */
    private String answer() {
      Pending p = takePending();
      if (p == null) {
        return "answer (none open)";
      }
      Message response;
      if (p.request() instanceof Ping ping && data.consumeInt(0, 4) != 0) {
        String source = data.consumeBoolean() ? ping.target() : name();
        Ack ack = new Ack(ping.seq(), source, data.consumeLong());
        if (data.consumeBoolean()) {
          String own = data.consumeBoolean() ? ping.target() : name();
          NodeAddress at = data.consumeBoolean() ? p.to() : address();
          Alive alive = new Alive(own, at, incarnation(own), startId(), metadata());
          response = new Compound(List.of(ack, alive));
        } else {
          response = ack;
        }
      } else {
        response = data.consumeInt(0, 3) == 0 ? message() : pushPull();
      }
      node.onStreamResponse(now, p.to(), p.purpose(), p.token(), CODEC.encodeFrame(response));
      return "answer " + p.purpose();
    }

    private Pending takePending() {
      if (pending.isEmpty()) {
        return null;
      }
      return pending.remove(data.consumeInt(0, pending.size() - 1));
    }

    private Probe pickProbe() {
      if (probes.isEmpty()) {
        return null;
      }
      return probes.get(data.consumeInt(0, probes.size() - 1));
    }

    private void advance(long ms) {
      long until = now + ms;
      int wakeups = 0;
      for (long at = node.nextDeadline();
          at <= until && wakeups < MAX_WAKEUPS_PER_STEP;
          at = node.nextDeadline()) {
        now = Math.max(now, at);
        node.tick(now);
        wakeups++;
      }
      now = until;
      node.tick(now);
    }

    // --- invariants ----------------------------------------------------------------------------

    private void check(String after) {
      assertThat(node.stats().loopErrors()).as("exceptions caught after %s", after).isZero();
      Member self = node.localMember();
      assertThat(self.state())
          .as("own state after %s", after)
          .isEqualTo(left ? MemberState.LEFT : MemberState.ALIVE);
      assertThat(self.incarnation())
          .as("own incarnation after %s", after)
          .isBetween(0L, MAX_INCARNATION);
      assertThat(node.knownCount())
          .as("members after %s", after)
          .isLessThanOrEqualTo(CONFIG.maxMembers());
      assertThat(node.broadcastQueueDepth())
          .as("broadcast queue after %s", after)
          .isLessThanOrEqualTo(MAX_QUEUE);
      for (Member m : node.members()) {
        assertThat(m.incarnation())
            .as("incarnation of %s after %s", m.name(), after)
            .isBetween(0L, MAX_INCARNATION);
      }
    }

    private static Message decode(byte[] frame, String what) {
      try {
        return CODEC.decodeFrame(frame, 0, frame.length);
      } catch (DecodeException e) {
        throw new AssertionError("the node sent an undecodable " + what, e);
      }
    }

    // --- Outbox --------------------------------------------------------------------------------

    @Override
    public void sendDatagram(NodeAddress to, byte[] packet) {
      Message m;
      try {
        m = CODEC.decodePacket(packet, 0, packet.length);
      } catch (DecodeException e) {
        throw new AssertionError("the node sent an undecodable datagram", e);
      }
      for (Message part : m instanceof Compound c ? c.parts() : List.of(m)) {
        if (part instanceof Ping p) {
          remember(new Probe(p.seq(), p.target(), to));
        } else if (part instanceof PingReq r) {
          remember(new Probe(r.seq(), r.target(), to));
        }
      }
    }

    private void remember(Probe p) {
      if (probes.size() == REMEMBERED) {
        probes.remove(0);
      }
      probes.add(p);
    }

    @Override
    public void streamRequest(
        NodeAddress to, byte[] request, StreamPurpose purpose, long token, long deadline) {
      if (pending.size() == REMEMBERED) {
        pending.remove(0); // never answered: as if the runtime lost it
      }
      pending.add(new Pending(to, decode(request, "stream request"), purpose, token));
    }

    @Override
    public void emit(MembershipEvent event) {}
  }
}
