package dev.swim.core.transport;

import dev.swim.core.member.NodeAddress;
import java.util.concurrent.CompletableFuture;

/** Receives what a {@link Transport} takes off the network. Called from transport threads. */
public interface TransportHandler {

  /**
   * One inbound datagram (or, in TCP-only mode and for fallback probes, one datagram carried over a
   * stream). {@code data} belongs to the handler.
   */
  void onDatagram(NodeAddress from, byte[] data);

  /**
   * One inbound stream request; the returned future's bytes are written back as the response
   * frame. Completing with {@code null} or exceptionally closes the stream without a response.
   */
  CompletableFuture<byte[]> onStreamRequest(NodeAddress from, byte[] request);
}
