package dev.swim.core.wire;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every message of the SWIM wire protocol. Type numbers ({@link #type()}) are fixed forever; new
 * messages are only ever appended.
 */
public sealed interface Message {

  /** The message's type byte on the wire. */
  int type();

  /** Type numbers; append only. */
  final class Types {
    public static final int PING = 1;
    public static final int ACK = 2;
    public static final int PING_REQ = 3;
    public static final int NACK = 4;
    public static final int ALIVE = 5;
    public static final int SUSPECT = 6;
    public static final int DEAD = 7;
    public static final int PUSH_PULL = 8;
    public static final int COMPOUND = 9;
    public static final int USER_EVENT = 10;

    private Types() {}
  }

  /**
   * A direct probe. The receiver answers with an {@link Ack} only if {@code target} is its own
   * name.
   *
   * @param seq the prober's sequence number, echoed in the ack
   * @param target the name of the member being probed
   * @param source the prober's name
   * @param sourceAddress where the prober wants the ack
   */
  record Ping(long seq, String target, String source, NodeAddress sourceAddress)
      implements Message {
    public Ping {
      Objects.requireNonNull(target);
      Objects.requireNonNull(source);
      Objects.requireNonNull(sourceAddress);
    }

    @Override
    public int type() {
      return Types.PING;
    }
  }

  /**
   * The answer to a ping, or a helper's relayed answer to a ping-req.
   *
   * @param seq the sequence number of the ping or ping-req being answered
   * @param source the name of the member that was probed
   * @param digest the sender's membership digest (0 = none), used to spot diverged views
   */
  record Ack(long seq, String source, long digest) implements Message {
    public Ack {
      Objects.requireNonNull(source);
    }

    @Override
    public int type() {
      return Types.ACK;
    }
  }

  /**
   * An indirect probe: asks the receiver to ping {@code target} and relay the ack (or a nack).
   *
   * @param seq the requester's sequence number, echoed in the relayed ack or nack
   * @param target the name of the member to probe
   * @param targetAddress where to probe it
   * @param wantNack whether the requester wants a nack when the target stays silent
   * @param source the requester's name
   * @param sourceAddress where the requester wants the relayed ack or nack
   */
  record PingReq(
      long seq,
      String target,
      NodeAddress targetAddress,
      boolean wantNack,
      String source,
      NodeAddress sourceAddress)
      implements Message {
    public PingReq {
      Objects.requireNonNull(target);
      Objects.requireNonNull(targetAddress);
      Objects.requireNonNull(source);
      Objects.requireNonNull(sourceAddress);
    }

    @Override
    public int type() {
      return Types.PING_REQ;
    }
  }

  /**
   * A helper's report that the target of a ping-req did not answer in time (Lifeguard).
   *
   * @param seq the requester's sequence number
   * @param source the helper's name
   */
  record Nack(long seq, String source) implements Message {
    public Nack {
      Objects.requireNonNull(source);
    }

    @Override
    public int type() {
      return Types.NACK;
    }
  }

  /**
   * A member is alive at this incarnation, with this address and metadata. Also used for joins,
   * refutations and metadata updates.
   *
   * @param name the member
   * @param address where it receives gossip
   * @param incarnation its incarnation
   * @param startId its random per-start id
   * @param metadata its metadata
   */
  record Alive(
      String name,
      NodeAddress address,
      long incarnation,
      long startId,
      Map<String, String> metadata)
      implements Message {
    public Alive {
      Objects.requireNonNull(name);
      Objects.requireNonNull(address);
      metadata = Map.copyOf(metadata);
    }

    @Override
    public int type() {
      return Types.ALIVE;
    }
  }

  /**
   * {@code from} suspects {@code name} at this incarnation. Bound to one instance of the member by
   * its start id, so an accusation of an earlier instance never touches a restarted one.
   *
   * @param name the suspected member
   * @param incarnation the incarnation being accused
   * @param startId the start id of the instance being accused
   * @param from the accuser
   */
  record Suspect(String name, long incarnation, long startId, String from) implements Message {
    public Suspect {
      Objects.requireNonNull(name);
      Objects.requireNonNull(from);
    }

    @Override
    public int type() {
      return Types.SUSPECT;
    }
  }

  /**
   * {@code from} declares {@code name} dead at this incarnation; {@code from.equals(name)} means a
   * graceful leave (state LEFT). Bound to one instance of the member by its start id.
   *
   * @param name the member
   * @param incarnation the incarnation declared dead
   * @param startId the start id of the instance declared dead (or leaving)
   * @param from who declares it
   */
  record Dead(String name, long incarnation, long startId, String from) implements Message {
    public Dead {
      Objects.requireNonNull(name);
      Objects.requireNonNull(from);
    }

    /** True when the member itself announced its leave. */
    public boolean isLeave() {
      return name.equals(from);
    }

    @Override
    public int type() {
      return Types.DEAD;
    }
  }

  /**
   * One member's full record in a push-pull state exchange.
   *
   * @param name the member
   * @param address its address
   * @param incarnation its incarnation
   * @param startId its per-start id
   * @param state its state as the sender sees it
   * @param metadata its metadata
   */
  record MemberRecord(
      String name,
      NodeAddress address,
      long incarnation,
      long startId,
      MemberState state,
      Map<String, String> metadata) {
    public MemberRecord {
      Objects.requireNonNull(name);
      Objects.requireNonNull(address);
      Objects.requireNonNull(state);
      metadata = Map.copyOf(metadata);
    }
  }

  /**
   * A full-state anti-entropy exchange, sent over the stream transport.
   *
   * @param join true when the sender is joining through the receiver
   * @param digestOnly true when {@code members} is deliberately empty and only the digest is
   *     offered
   * @param digest the sender's membership digest
   * @param source the sender's name
   * @param members every member the sender knows (empty when {@code digestOnly})
   */
  record PushPull(
      boolean join, boolean digestOnly, long digest, String source, List<MemberRecord> members)
      implements Message {
    public PushPull {
      Objects.requireNonNull(source);
      members = List.copyOf(members);
    }

    @Override
    public int type() {
      return Types.PUSH_PULL;
    }
  }

  /**
   * A cluster-wide user event (at most once per member, deduplicated by origin and sequence).
   *
   * @param origin the member that broadcast it
   * @param seq the origin's sequence number for user events
   * @param name the event's name
   * @param payload the event's bytes
   */
  @SuppressWarnings("ArrayRecordComponent") // equals and hashCode below compare the bytes
  record UserEvent(String origin, long seq, String name, byte[] payload) implements Message {
    public UserEvent {
      Objects.requireNonNull(origin);
      Objects.requireNonNull(name);
      payload = payload.clone();
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
      return payload.clone();
    }

    /** The payload's length, without a copy. */
    public int payloadLength() {
      return payload.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof UserEvent u
          && u.origin.equals(origin)
          && u.seq == seq
          && u.name.equals(name)
          && java.util.Arrays.equals(u.payload, payload);
    }

    @Override
    public int hashCode() {
      return Objects.hash(origin, seq, name, java.util.Arrays.hashCode(payload));
    }

    @Override
    public int type() {
      return Types.USER_EVENT;
    }

    @Override
    public String toString() {
      return "UserEvent[origin="
          + origin
          + ", seq="
          + seq
          + ", name="
          + name
          + ", payload="
          + payload.length
          + " bytes]";
    }
  }

  /**
   * Several messages in one datagram (the first is usually a ping or ack; the rest are piggybacked
   * broadcasts).
   *
   * @param parts the messages, none of them itself a compound
   */
  record Compound(List<Message> parts) implements Message {
    public Compound {
      parts = List.copyOf(parts);
    }

    @Override
    public int type() {
      return Types.COMPOUND;
    }
  }
}
