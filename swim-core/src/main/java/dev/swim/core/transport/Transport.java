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

  /** The bytes this transport adds around each datagram (e.g. 29 for AES-GCM); 0 if none. */
  default int datagramOverhead() {
    return 0;
  }

  /** Counters of what this transport dropped, by reason. */
  TransportStats stats();

  /** Stops receiving and releases the sockets. Idempotent; never throws. */
  @Override
  void close();
}
