package dev.swim.core.wire;

import static dev.swim.core.wire.WireLimits.MAX_COMPOUND_PARTS;
import static dev.swim.core.wire.WireLimits.MAX_HOST_BYTES;
import static dev.swim.core.wire.WireLimits.MAX_NAME_BYTES;
import static dev.swim.core.wire.WireLimits.MAX_PUSH_PULL_MEMBERS;
import static dev.swim.core.wire.WireLimits.MAX_USER_EVENT_PAYLOAD_BYTES;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
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
import dev.swim.core.wire.Message.Types;
import dev.swim.core.wire.Message.UserEvent;
import java.util.List;

/**
 * Writes message bodies: the type byte, then the fields in declaration order. Checks every {@link
 * WireLimits} limit first and throws an {@link IllegalArgumentException} naming the field.
 */
final class MessageEncoder {
  private MessageEncoder() {}

  /** Writes {@code m} (a compound included) to {@code w}. */
  static void write(WireWriter w, Message m) {
    switch (m.type()) {
      case Types.PING -> ping(w, (Ping) m);
      case Types.ACK -> ack(w, (Ack) m);
      case Types.PING_REQ -> pingReq(w, (PingReq) m);
      case Types.NACK -> nack(w, (Nack) m);
      case Types.ALIVE -> alive(w, (Alive) m);
      case Types.SUSPECT -> suspect(w, (Suspect) m);
      case Types.DEAD -> dead(w, (Dead) m);
      case Types.PUSH_PULL -> pushPull(w, (PushPull) m);
      case Types.COMPOUND -> compound(w, (Compound) m);
      case Types.USER_EVENT -> userEvent(w, (UserEvent) m);
      default -> throw new IllegalArgumentException("unknown message type " + m.type());
    }
  }

  private static void ping(WireWriter w, Ping m) {
    w.writeByte(Types.PING);
    w.writeVarLong(m.seq());
    writeString(w, m.target(), MAX_NAME_BYTES, "Ping", "target");
    writeString(w, m.source(), MAX_NAME_BYTES, "Ping", "source");
    writeAddress(w, m.sourceAddress(), "Ping", "sourceAddress.host");
  }

  private static void ack(WireWriter w, Ack m) {
    w.writeByte(Types.ACK);
    w.writeVarLong(m.seq());
    writeString(w, m.source(), MAX_NAME_BYTES, "Ack", "source");
    w.writeFixedLong(m.digest());
  }

  private static void pingReq(WireWriter w, PingReq m) {
    w.writeByte(Types.PING_REQ);
    w.writeVarLong(m.seq());
    writeString(w, m.target(), MAX_NAME_BYTES, "PingReq", "target");
    writeAddress(w, m.targetAddress(), "PingReq", "targetAddress.host");
    w.writeBoolean(m.wantNack());
    writeString(w, m.source(), MAX_NAME_BYTES, "PingReq", "source");
    writeAddress(w, m.sourceAddress(), "PingReq", "sourceAddress.host");
  }

  private static void nack(WireWriter w, Nack m) {
    w.writeByte(Types.NACK);
    w.writeVarLong(m.seq());
    writeString(w, m.source(), MAX_NAME_BYTES, "Nack", "source");
  }

  private static void alive(WireWriter w, Alive m) {
    w.writeByte(Types.ALIVE);
    writeString(w, m.name(), MAX_NAME_BYTES, "Alive", "name");
    writeAddress(w, m.address(), "Alive", "address.host");
    writeIncarnation(w, m.incarnation(), "Alive");
    w.writeFixedLong(m.startId());
    MetadataCodec.write(w, m.metadata(), "Alive");
  }

  private static void suspect(WireWriter w, Suspect m) {
    w.writeByte(Types.SUSPECT);
    writeString(w, m.name(), MAX_NAME_BYTES, "Suspect", "name");
    writeIncarnation(w, m.incarnation(), "Suspect");
    w.writeFixedLong(m.startId());
    writeString(w, m.from(), MAX_NAME_BYTES, "Suspect", "from");
  }

  private static void dead(WireWriter w, Dead m) {
    w.writeByte(Types.DEAD);
    writeString(w, m.name(), MAX_NAME_BYTES, "Dead", "name");
    writeIncarnation(w, m.incarnation(), "Dead");
    w.writeFixedLong(m.startId());
    writeString(w, m.from(), MAX_NAME_BYTES, "Dead", "from");
  }

  private static void pushPull(WireWriter w, PushPull m) {
    List<MemberRecord> members = m.members();
    int n = members.size();
    if (n > MAX_PUSH_PULL_MEMBERS) {
      throw new IllegalArgumentException(
          "PushPull.members must hold at most " + MAX_PUSH_PULL_MEMBERS + " records, has " + n);
    }
    w.writeByte(Types.PUSH_PULL);
    w.writeBoolean(m.join());
    w.writeBoolean(m.digestOnly());
    w.writeFixedLong(m.digest());
    writeString(w, m.source(), MAX_NAME_BYTES, "PushPull", "source");
    w.writeVarLong(n);
    for (int i = 0; i < n; i++) {
      memberRecord(w, members.get(i));
    }
  }

  private static void memberRecord(WireWriter w, MemberRecord r) {
    writeString(w, r.name(), MAX_NAME_BYTES, "MemberRecord", "name");
    writeAddress(w, r.address(), "MemberRecord", "address.host");
    writeIncarnation(w, r.incarnation(), "MemberRecord");
    w.writeFixedLong(r.startId());
    w.writeByte(stateCode(r.state()));
    MetadataCodec.write(w, r.metadata(), "MemberRecord");
  }

  private static void userEvent(WireWriter w, UserEvent m) {
    byte[] payload = m.payload();
    if (payload.length > MAX_USER_EVENT_PAYLOAD_BYTES) {
      throw new IllegalArgumentException(
          "UserEvent.payload must be at most "
              + MAX_USER_EVENT_PAYLOAD_BYTES
              + " bytes, was "
              + payload.length);
    }
    w.writeByte(Types.USER_EVENT);
    writeString(w, m.origin(), MAX_NAME_BYTES, "UserEvent", "origin");
    w.writeVarLong(m.seq());
    writeString(w, m.name(), MAX_NAME_BYTES, "UserEvent", "name");
    w.writeVarLong(payload.length);
    w.writeBytes(payload);
  }

  private static void compound(WireWriter w, Compound m) {
    List<Message> parts = m.parts();
    int n = parts.size();
    if (n < 1 || n > MAX_COMPOUND_PARTS) {
      throw new IllegalArgumentException(
          "Compound.parts must hold 1.." + MAX_COMPOUND_PARTS + " messages, has " + n);
    }
    w.writeByte(Types.COMPOUND);
    w.writeVarLong(n);
    WireWriter part = new WireWriter(128);
    for (int i = 0; i < n; i++) {
      Message p = parts.get(i);
      if (p instanceof Compound) {
        throw new IllegalArgumentException("Compound.parts must not contain a compound");
      }
      part.reset();
      write(part, p);
      w.writeVarLong(part.size());
      part.writeTo(w);
    }
  }

  private static void writeIncarnation(WireWriter w, long incarnation, String owner) {
    if (incarnation < 0) {
      throw new IllegalArgumentException(
          owner + ".incarnation must not be negative, was " + incarnation);
    }
    w.writeVarLong(incarnation);
  }

  private static void writeAddress(WireWriter w, NodeAddress a, String owner, String hostField) {
    writeString(w, a.host(), MAX_HOST_BYTES, owner, hostField);
    w.writeVarLong(a.port());
  }

  /**
   * Writes {@code s} as a length-prefixed UTF-8 string after checking it is valid UTF-16 and at
   * most {@code maxBytes} long; {@code owner.field} names it in the exception.
   */
  static void writeString(WireWriter w, String s, int maxBytes, String owner, String field) {
    int len = WireWriter.utf8Length(s, true);
    if (len < 0) {
      throw new IllegalArgumentException(
          owner + "." + field + " contains an unpaired surrogate, which UTF-8 cannot encode");
    }
    if (len > maxBytes) {
      throw new IllegalArgumentException(
          owner + "." + field + " must be at most " + maxBytes + " UTF-8 bytes, was " + len);
    }
    w.writeUtf8(s, len);
  }

  /** The state's wire code (fixed by the wire format, independent of the enum's order). */
  static int stateCode(MemberState state) {
    return switch (state) {
      case ALIVE -> 0;
      case SUSPECT -> 1;
      case DEAD -> 2;
      case LEFT -> 3;
    };
  }
}
