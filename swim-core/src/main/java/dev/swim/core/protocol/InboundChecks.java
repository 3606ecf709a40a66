package dev.swim.core.protocol;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.ProtocolStats.Rejection;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Ack;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Dead;
import dev.swim.core.wire.Message.MemberRecord;
import dev.swim.core.wire.Message.Nack;
import dev.swim.core.wire.Message.Ping;
import dev.swim.core.wire.Message.PingReq;
import dev.swim.core.wire.Message.PushPull;
import dev.swim.core.wire.Message.Suspect;
import dev.swim.core.wire.Message.UserEvent;
import dev.swim.core.wire.WireCodec;

/**
 * The limits every inbound message must meet before the protocol looks at it, enforced where it
 * arrives (the wire codec only enforces the format's own, much larger, limits): addresses that are
 * IP literals (nothing from the network is ever looked up in DNS), member names of 1 to {@value
 * Limits#MAX_NAME_BYTES} bytes of UTF-8 without control characters, metadata within {@code
 * metadataLimitBytes}, user events within {@code userEventLimitBytes}, push-pull states within
 * {@code maxMembers} records. A failing message is counted by its {@link Rejection} and dropped.
 * The rules themselves are {@link Limits}'s, which also check what this node is asked to send.
 */
final class InboundChecks {
  private final SwimConfig cfg;
  private final ProtocolStats stats;

  InboundChecks(SwimConfig cfg, ProtocolStats stats) {
    this.cfg = cfg;
    this.stats = stats;
  }

  /** Whether {@code m} may be handled; counts why not. */
  boolean admit(Message m) {
    if (m instanceof Ping p) {
      return name(p.target()) && name(p.source()) && address(p.sourceAddress());
    } else if (m instanceof Ack a) {
      return name(a.source());
    } else if (m instanceof PingReq r) {
      return name(r.target())
          && name(r.source())
          && address(r.targetAddress())
          && address(r.sourceAddress());
    } else if (m instanceof Nack n) {
      return name(n.source());
    } else if (m instanceof Alive a) {
      return name(a.name())
          && address(a.address())
          && metadata(WireCodec.metadataEncodedSize(a.metadata()));
    } else if (m instanceof Suspect s) {
      return name(s.name()) && name(s.from());
    } else if (m instanceof Dead d) {
      return name(d.name()) && name(d.from());
    } else if (m instanceof UserEvent u) {
      return userEvent(u);
    } else if (m instanceof PushPull p) {
      if (!name(p.source())) {
        return false;
      }
      if (p.members().size() > cfg.maxMembers()) {
        stats.reject(Rejection.STATE_TOO_LARGE);
        return false;
      }
      return true;
    }
    return true;
  }

  /** Whether one record of a push-pull state may be merged; counts why not. */
  boolean admit(MemberRecord r) {
    return name(r.name())
        && address(r.address())
        && metadata(WireCodec.metadataEncodedSize(r.metadata()));
  }

  private boolean metadata(int size) {
    if (!Limits.metadataFits(cfg, size)) {
      stats.reject(Rejection.OVERSIZED);
      return false;
    }
    return true;
  }

  private boolean userEvent(UserEvent u) {
    if (!name(u.origin())) {
      return false;
    }
    if (!Limits.validEventName(u.name())) {
      stats.reject(Rejection.INVALID_NAME);
      return false;
    }
    if (!Limits.userEventFits(cfg, u.payloadLength())) {
      stats.reject(Rejection.OVERSIZED);
      return false;
    }
    return true;
  }

  // one value per call: a varargs array would be allocated for every message received
  private boolean address(NodeAddress a) {
    if (!NodeAddress.isIpLiteral(a.host())) {
      stats.reject(Rejection.INVALID_ADDRESS);
      return false;
    }
    return true;
  }

  private boolean name(String n) {
    if (!Limits.validName(n)) {
      stats.reject(Rejection.INVALID_NAME);
      return false;
    }
    return true;
  }
}
