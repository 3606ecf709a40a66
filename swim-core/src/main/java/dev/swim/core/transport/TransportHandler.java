package dev.swim.core.transport;

import dev.swim.core.member.NodeAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Receives what a {@link Transport} takes off the network. Called from transport threads, which
 * must never block: implementations hand work off and return at once.
 *
 * <p>About {@code from}: for a UDP datagram it is the sender's socket address, which is its gossip
 * address. For anything that came over a stream (a request, or a datagram carried over TCP) it is
 * the remote end of the TCP connection: the peer's IP with an ephemeral port. The protocol must
 * never reply to that as if it were the member's gossip address; it uses the address carried in the
 * message instead.
 */
public interface TransportHandler {

  /**
   * One inbound datagram (or, in TCP-only mode and for fallback probes, one datagram carried over a
   * stream). {@code data} belongs to the handler.
   *
   * <p>Returns whether the bytes were accepted as authentic: sealed with a key of this cluster when
   * traffic is encrypted, or, in plaintext, whatever the handler takes for its own traffic (for the
   * protocol: a packet with this cluster's wire header). It says nothing about whether the message
   * inside was useful. A TCP connection becomes a long-lived datagram carrier only after a datagram
   * on it was accepted; a connection whose first datagram is not accepted is closed. For UDP the
   * answer is ignored.
   *
   * @return true when {@code data} authenticated, false when it was dropped as foreign
   */
  boolean onDatagram(NodeAddress from, byte[] data);

  /**
   * One inbound stream request; the returned future's bytes are written back as the response frame.
   * Completing with {@code null} or exceptionally closes the stream without a response.
   */
  CompletableFuture<byte[]> onStreamRequest(NodeAddress from, byte[] request);
}
