package dev.swim.bench.jmh;

import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.Outbox;

/**
 * An outbox that keeps the last datagram the node sent (a benchmark returns it, so the work that
 * built it cannot be optimized away) and drops every stream request and event.
 */
final class LastDatagram implements Outbox {
  private byte[] last = new byte[0];

  /** The last datagram sent, or an empty array before the first. */
  byte[] last() {
    return last;
  }

  @Override
  public void sendDatagram(NodeAddress to, byte[] packet) {
    last = packet;
  }

  @Override
  public void streamRequest(
      NodeAddress to, byte[] request, StreamPurpose purpose, long token, long deadline) {}

  @Override
  public void emit(MembershipEvent event) {}
}
