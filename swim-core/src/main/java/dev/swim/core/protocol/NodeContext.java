package dev.swim.core.protocol;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Dead;
import dev.swim.core.wire.Message.Suspect;
import dev.swim.core.wire.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * What the parts of one {@link SwimNode} share: the configuration, the member table, the timers,
 * the seeded random source, the outbox, the counters, Lifeguard's local health, the local member
 * (with its incarnation) and the time the driver last handed in; and the state changes every part
 * makes the same way. Touched only by the thread driving the node.
 */
final class NodeContext {
  final SwimConfig cfg;
  final WireCodec codec;
  final RandomGenerator random;
  final Outbox outbox;
  final SimulationSeam.Interner interner;
  final String localName;
  final long startId;
  final MemberTable table;
  final TimerQueue timers = new TimerQueue();
  final LocalHealth health;
  final ProtocolStats stats = new ProtocolStats();
  final long probeIntervalMs;
  final long probeTimeoutMs;
  final long gossipIntervalMs;

  /** The local member's entry: its incarnation is the one this node refutes with. */
  final MemberEntry self;

  /** The time of the call being handled. */
  long now;

  boolean started;
  boolean leaving;

  /** When a member last appeared, disappeared or turned live or not (quiet views sync digests). */
  long lastViewChange;

  /**
   * Bytes this node may still send to addresses that have not proved they receive (no member of the
   * table there), while it handles one inbound datagram or stream: three times that input's size,
   * so a forged packet with a spoofed source cannot make it send more (as QUIC bounds a server
   * before address validation). Zero outside inbound handling.
   */
  long replyBudget;

  /**
   * Whether the datagram being handled carried more than one message. A bare ping gets a bare ack:
   * pings that only ask for proof of receipt come in bursts when members join, and answering each
   * with gossip would spend the broadcasts on members that already know them.
   */
  boolean inputCarriesGossip;

  /** The last ping sequence number used. */
  private long seq;

  /**
   * Events of the call being handled, as cheap copies of the fields they show; the driver's call
   * delivers them when it is done ({@link SwimNode}). Building the public {@code Member} snapshot
   * in the middle of handling a message put its code on the protocol's hottest paths.
   */
  private ArrayList<PendingEvent> pendingEvents = new ArrayList<>();

  private record PendingEvent(
      MembershipEventType type,
      MemberInfo info,
      MemberState state,
      long incarnation,
      long since,
      MemberState previous) {}

  NodeContext(
      SwimConfig config,
      WireCodec codec,
      RandomGenerator random,
      Outbox outbox,
      SimulationSeam.Interner interner,
      String name,
      NodeAddress address,
      Map<String, String> metadata,
      long startId) {
    this.cfg = config;
    this.codec = codec;
    this.random = random;
    this.outbox = outbox;
    this.interner = interner;
    this.localName = name;
    this.startId = startId;
    this.health = new LocalHealth(config.awarenessMaxMultiplier());
    this.table = new MemberTable(name, random);
    this.probeIntervalMs = config.probeInterval().toMillis();
    this.probeTimeoutMs = config.probeTimeout().toMillis();
    this.gossipIntervalMs = config.gossipInterval().toMillis();
    this.self =
        new MemberEntry(
            interner.intern(new MemberInfo(name, address, startId, metadata)),
            0,
            MemberState.ALIVE,
            0);
    table.add(self);
  }

  /**
   * Moves {@code e} to {@code state} at {@code incarnation}; leaving SUSPECT ends its suspicion.
   */
  void changeState(MemberEntry e, long incarnation, MemberState state) {
    boolean wasLive = e.state.isLive();
    table.beforeChange(e);
    if (e.state != state) {
      e.since = now;
    }
    e.incarnation = incarnation;
    e.state = state;
    if (state != MemberState.SUSPECT && e.suspicion != null) {
      if (e.suspicion.timer != null) {
        e.suspicion.timer.cancel();
      }
      e.suspicion = null;
    }
    table.afterChange(e);
    if (wasLive != state.isLive()) {
      viewChanged();
    }
  }

  /** A fresh ping sequence number (probes, relays and claim checks share one space). */
  long nextSeq() {
    return ++seq;
  }

  /** Whether {@code name} is a member held at {@code address} (which has proved it receives). */
  boolean isMemberAt(String name, NodeAddress address) {
    MemberEntry e = table.get(name);
    return e != null && e.info.address().equals(address);
  }

  void viewChanged() {
    lastViewChange = now;
  }

  /** Records an event about {@code e} as it is now; delivered by {@link #deliverEvents}. */
  void emit(MembershipEventType type, MemberEntry e, MemberState prev) {
    pendingEvents.add(new PendingEvent(type, e.info, e.state, e.incarnation, e.since, prev));
  }

  /**
   * Hands the events recorded so far to the outbox, in order. One that the outbox throws on is
   * given to {@code onError} and the rest are still delivered.
   */
  void deliverEvents(Consumer<RuntimeException> onError) {
    if (pendingEvents.isEmpty()) {
      return;
    }
    List<PendingEvent> events = pendingEvents;
    pendingEvents = new ArrayList<>(); // a burst's capacity is not kept
    for (PendingEvent p : events) {
      MemberInfo i = p.info();
      Member m =
          new Member(
              i.name(),
              i.address(),
              p.state(),
              p.incarnation(),
              i.metadata(),
              i.startId(),
              p.since());
      try {
        outbox.emit(new MembershipEvent(p.type(), m, p.previous()));
      } catch (RuntimeException e) {
        onError.accept(e);
      }
    }
  }

  byte[] encode(Message m) {
    return codec.encodeMessage(m);
  }

  void count(Message m, boolean sent) {
    count(m.type(), sent);
  }

  void count(int type, boolean sent) {
    long[] arr = sent ? stats.messagesSent : stats.messagesReceived;
    arr[ProtocolStats.typeIndex(type)]++;
  }

  /** The alive update that states what this node holds about {@code e}. */
  static Alive aliveOf(MemberEntry e) {
    return new Alive(
        e.name(), e.info.address(), e.incarnation, e.info.startId(), e.info.metadata());
  }

  /** The suspect or dead update that states this node's accusation of {@code e}. */
  Message accusation(MemberEntry e) {
    long startId = e.info.startId();
    return switch (e.state) {
      case SUSPECT -> new Suspect(e.name(), e.incarnation, startId, localName);
      case LEFT -> new Dead(e.name(), e.incarnation, startId, e.name());
      default -> new Dead(e.name(), e.incarnation, startId, localName);
    };
  }
}
