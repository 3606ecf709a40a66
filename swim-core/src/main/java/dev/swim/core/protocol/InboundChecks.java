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
import java.nio.charset.StandardCharsets;

/**
 * The limits every inbound message must meet before the protocol looks at it, enforced where it
 * arrives (the wire codec only enforces the format's own, much larger, limits): addresses that are
 * IP literals (nothing from the network is ever looked up in DNS), member names of 1 to {@value
 * #MAX_NAME_BYTES} bytes of UTF-8 without control characters, metadata within {@code
 * metadataLimitBytes}, user events within {@code userEventLimitBytes}, push-pull states within
 * {@code maxMembers} records. A failing message is counted by its {@link Rejection} and dropped.
 * The same rules check what this node itself is asked to send.
 */
final class InboundChecks {
  /** Most UTF-8 bytes of a member name. */
  static final int MAX_NAME_BYTES = 128;

  /** Most UTF-8 bytes of a user event's name. */
  static final int MAX_EVENT_NAME_BYTES = 255;

  private final SwimConfig cfg;
  private final ProtocolStats stats;

  InboundChecks(SwimConfig cfg, ProtocolStats stats) {
    this.cfg = cfg;
    this.stats = stats;
  }

  /** Whether {@code m} may be handled; counts why not. */
  boolean admit(Message m) {
    if (m instanceof Ping p) {
      return names(p.target(), p.source()) && addresses(p.sourceAddress());
    } else if (m instanceof Ack a) {
      return names(a.source());
    } else if (m instanceof PingReq r) {
      return names(r.target(), r.source()) && addresses(r.targetAddress(), r.sourceAddress());
    } else if (m instanceof Nack n) {
      return names(n.source());
    } else if (m instanceof Alive a) {
      return names(a.name())
          && addresses(a.address())
          && metadata(WireCodec.metadataEncodedSize(a.metadata()));
    } else if (m instanceof Suspect s) {
      return names(s.name(), s.from());
    } else if (m instanceof Dead d) {
      return names(d.name(), d.from());
    } else if (m instanceof UserEvent u) {
      return userEvent(u);
    } else if (m instanceof PushPull p) {
      if (!names(p.source())) {
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
    return names(r.name())
        && addresses(r.address())
        && metadata(WireCodec.metadataEncodedSize(r.metadata()));
  }

  private boolean metadata(int size) {
    if (size > cfg.metadataLimitBytes()) {
      stats.reject(Rejection.OVERSIZED);
      return false;
    }
    return true;
  }

  private boolean userEvent(UserEvent u) {
    if (!names(u.origin())) {
      return false;
    }
    if (!validText(u.name(), MAX_EVENT_NAME_BYTES)) {
      stats.reject(Rejection.INVALID_NAME);
      return false;
    }
    if (u.payloadLength() > cfg.userEventLimitBytes()) {
      stats.reject(Rejection.OVERSIZED);
      return false;
    }
    return true;
  }

  private boolean addresses(NodeAddress... addresses) {
    for (NodeAddress a : addresses) {
      if (!NodeAddress.isIpLiteral(a.host())) {
        stats.reject(Rejection.INVALID_ADDRESS);
        return false;
      }
    }
    return true;
  }

  private boolean names(String... names) {
    for (String n : names) {
      if (!validName(n)) {
        stats.reject(Rejection.INVALID_NAME);
        return false;
      }
    }
    return true;
  }

  /** A member name: 1 to 128 bytes of UTF-8, no control characters. */
  static boolean validName(String name) {
    return validText(name, MAX_NAME_BYTES);
  }

  /** 1 to {@code maxBytes} bytes of UTF-8, no control characters or line separators. */
  static boolean validText(String s, int maxBytes) {
    int n = s.length();
    if (n == 0 || n > maxBytes) {
      return false;
    }
    boolean ascii = true;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        return false;
      }
      if (c >= 0x80) {
        ascii = false;
      }
    }
    return ascii || s.getBytes(StandardCharsets.UTF_8).length <= maxBytes;
  }
}
