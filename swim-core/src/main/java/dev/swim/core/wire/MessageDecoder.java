package dev.swim.core.wire;

import static dev.swim.core.wire.WireLimits.MAX_COMPOUND_PARTS;
import static dev.swim.core.wire.WireLimits.MAX_HOST_BYTES;
import static dev.swim.core.wire.WireLimits.MAX_NAME_BYTES;
import static dev.swim.core.wire.WireLimits.MAX_PUSH_PULL_MEMBERS;
import static dev.swim.core.wire.WireLimits.MAX_USER_EVENT_PAYLOAD_BYTES;
import static dev.swim.core.wire.WireLimits.MIN_COMPOUND_PART_BYTES;
import static dev.swim.core.wire.WireLimits.MIN_MEMBER_RECORD_BYTES;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.DecodeException.Reason;
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
import java.util.Map;

/**
 * Reads message bodies written by {@link MessageEncoder}. Every field is validated before a record
 * is constructed, so only {@link DecodeException} ever leaves.
 */
final class MessageDecoder {

  private MessageDecoder() {}

  /** Reads one message (a compound included) that must fill the reader exactly. */
  static Message readWhole(WireReader r) throws DecodeException {
    Message m = read(r, true);
    r.expectEnd("message");
    return m;
  }

  private static Message read(WireReader r, boolean compoundAllowed) throws DecodeException {
    int type = r.readByte();
    switch (type) {
      case Types.PING:
        return ping(r);
      case Types.ACK:
        return ack(r);
      case Types.PING_REQ:
        return pingReq(r);
      case Types.NACK:
        return nack(r);
      case Types.ALIVE:
        return alive(r);
      case Types.SUSPECT:
        return suspect(r);
      case Types.DEAD:
        return dead(r);
      case Types.PUSH_PULL:
        return pushPull(r);
      case Types.COMPOUND:
        if (!compoundAllowed) {
          throw WireReader.malformed("compound nested in a compound");
        }
        return compound(r);
      case Types.USER_EVENT:
        return userEvent(r);
      default:
        throw new DecodeException(Reason.UNKNOWN_TYPE, "unknown message type " + type);
    }
  }

  private static Ping ping(WireReader r) throws DecodeException {
    long seq = r.readVarLong();
    String target = r.readName(MAX_NAME_BYTES, "Ping.target");
    String source = r.readName(MAX_NAME_BYTES, "Ping.source");
    NodeAddress sourceAddress = address(r);
    return new Ping(seq, target, source, sourceAddress);
  }

  private static Ack ack(WireReader r) throws DecodeException {
    long seq = r.readVarLong();
    String source = r.readName(MAX_NAME_BYTES, "Ack.source");
    long digest = r.readFixedLong();
    return new Ack(seq, source, digest);
  }

  private static PingReq pingReq(WireReader r) throws DecodeException {
    long seq = r.readVarLong();
    String target = r.readName(MAX_NAME_BYTES, "PingReq.target");
    NodeAddress targetAddress = address(r);
    boolean wantNack = r.readBoolean("PingReq.wantNack");
    String source = r.readName(MAX_NAME_BYTES, "PingReq.source");
    NodeAddress sourceAddress = address(r);
    return new PingReq(seq, target, targetAddress, wantNack, source, sourceAddress);
  }

  private static Nack nack(WireReader r) throws DecodeException {
    long seq = r.readVarLong();
    String source = r.readName(MAX_NAME_BYTES, "Nack.source");
    return new Nack(seq, source);
  }

  private static Alive alive(WireReader r) throws DecodeException {
    String name = r.readName(MAX_NAME_BYTES, "Alive.name");
    NodeAddress address = address(r);
    long incarnation = incarnation(r, "Alive.incarnation");
    long startId = r.readFixedLong();
    Map<String, String> metadata = MetadataCodec.read(r);
    return new Alive(name, address, incarnation, startId, metadata);
  }

  private static Suspect suspect(WireReader r) throws DecodeException {
    String name = r.readName(MAX_NAME_BYTES, "Suspect.name");
    long incarnation = incarnation(r, "Suspect.incarnation");
    long startId = r.readFixedLong();
    String from = r.readName(MAX_NAME_BYTES, "Suspect.from");
    return new Suspect(name, incarnation, startId, from);
  }

  private static Dead dead(WireReader r) throws DecodeException {
    String name = r.readName(MAX_NAME_BYTES, "Dead.name");
    long incarnation = incarnation(r, "Dead.incarnation");
    long startId = r.readFixedLong();
    String from = r.readName(MAX_NAME_BYTES, "Dead.from");
    return new Dead(name, incarnation, startId, from);
  }

  private static PushPull pushPull(WireReader r) throws DecodeException {
    boolean join = r.readBoolean("PushPull.join");
    boolean digestOnly = r.readBoolean("PushPull.digestOnly");
    long digest = r.readFixedLong();
    String source = r.readName(MAX_NAME_BYTES, "PushPull.source");
    int n = r.readLength(MAX_PUSH_PULL_MEMBERS, MIN_MEMBER_RECORD_BYTES, "PushPull.members");
    MemberRecord[] members = new MemberRecord[n];
    for (int i = 0; i < n; i++) {
      members[i] = memberRecord(r);
    }
    return new PushPull(join, digestOnly, digest, source, List.of(members));
  }

  private static MemberRecord memberRecord(WireReader r) throws DecodeException {
    String name = r.readName(MAX_NAME_BYTES, "MemberRecord.name");
    NodeAddress address = address(r);
    long incarnation = incarnation(r, "MemberRecord.incarnation");
    long startId = r.readFixedLong();
    int state = r.readByte();
    MemberState decoded =
        switch (state) {
          case 0 -> MemberState.ALIVE;
          case 1 -> MemberState.SUSPECT;
          case 2 -> MemberState.DEAD;
          case 3 -> MemberState.LEFT;
          default -> throw WireReader.malformed("MemberRecord.state: unknown state " + state);
        };
    Map<String, String> metadata = MetadataCodec.read(r);
    return new MemberRecord(name, address, incarnation, startId, decoded, metadata);
  }

  private static UserEvent userEvent(WireReader r) throws DecodeException {
    String origin = r.readName(MAX_NAME_BYTES, "UserEvent.origin");
    long seq = r.readVarLong();
    String name = r.readName(MAX_NAME_BYTES, "UserEvent.name");
    byte[] payload = r.readBytes(MAX_USER_EVENT_PAYLOAD_BYTES, "UserEvent.payload");
    return new UserEvent(origin, seq, name, payload);
  }

  private static Compound compound(WireReader r) throws DecodeException {
    int n = r.readLength(MAX_COMPOUND_PARTS, MIN_COMPOUND_PART_BYTES, "Compound.count");
    if (n == 0) {
      throw WireReader.malformed("Compound.count: a compound needs at least one part");
    }
    Message[] parts = new Message[n];
    for (int i = 0; i < n; i++) {
      int len = r.readLength(Integer.MAX_VALUE, 1, "Compound part length");
      WireReader part = r.slice(len);
      parts[i] = read(part, false);
      part.expectEnd("Compound part");
    }
    return new Compound(List.of(parts));
  }

  /** An incarnation: a varint that must not be negative (a 64-bit varint can encode one). */
  private static long incarnation(WireReader r, String field) throws DecodeException {
    long v = r.readVarLong();
    if (v < 0) {
      throw WireReader.malformed(field + ": negative incarnation");
    }
    return v;
  }

  private static NodeAddress address(WireReader r) throws DecodeException {
    String host = r.readNonEmptyString(MAX_HOST_BYTES, "NodeAddress.host");
    int port = r.readVarInt(65535, "NodeAddress.port");
    return new NodeAddress(host, port);
  }
}
