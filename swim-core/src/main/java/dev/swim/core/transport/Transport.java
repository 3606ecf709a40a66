package dev.swim.core.transport;

import dev.swim.core.member.NodeAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * How a node talks to the others: best-effort datagrams for probes and gossip, plus a reliable
 * request/response stream for push-pull state exchange and fallback probes.
 *
 * <p>Implementations: {@link UdpTcpTransport} (UDP datagrams, TCP streams), its TCP-only mode,
 * {@code SecureTransport} (an AES-GCM decorator), and the simulator's in-memory network. Payloads
 * are opaque bytes; implementations never interpret them (the decorator only seals and opens them).
 */
public interface Transport extends AutoCloseable {

  /**
   * Binds and starts delivering inbound traffic to {@code handler}. Called once.
   *
   * @throws IOException when the address cannot be bound (the message names the address and port)
   */
  void start(TransportHandler handler) throws IOException;

  /** The address actually bound (after {@code start}; port 0 resolved to the chosen port). */
  NodeAddress boundAddress();

  /** Sends one datagram, best effort; never blocks on the network and never throws for I/O. */
  void sendDatagram(NodeAddress to, byte[] packet);

  /**
   * Opens a stream to {@code to}, sends {@code request} as one frame and completes with the one
   * response frame; completes exceptionally on connect/read timeout, refusal or a bad frame.
   */
  CompletableFuture<byte[]> request(NodeAddress to, byte[] request, Duration timeout);

  /**
   * Sends one datagram over a stream (TCP) instead of as a datagram: used for every datagram in
   * TCP-only mode and for fallback probes when datagrams seem to be blocked. Same contract as
   * {@link #sendDatagram}: best effort, never blocks, never throws for I/O. The receiver sees it as
   * an ordinary {@link TransportHandler#onDatagram}, but from the connection's ephemeral address.
   * Transports without a stream path fall back to {@link #sendDatagram}.
   */
  default void sendDatagramOverStream(NodeAddress to, byte[] packet) {
    sendDatagram(to, packet);
  }

  /** The bytes this transport adds around each datagram (e.g. 33 for AES-GCM); 0 if none. */
  default int datagramOverhead() {
    return 0;
  }

  /** Counters of what this transport dropped, by reason. */
  TransportStats stats();

  /** Stops receiving and releases the sockets. Idempotent; never throws. */
  @Override
  void close();
}
