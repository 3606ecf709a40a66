package dev.swim.core.transport;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters of a transport's traffic and of what it dropped, by reason. */
public final class TransportStats {

  /** Why a transport dropped inbound or outbound traffic. */
  public enum Drop {
    /** Larger than the allowed datagram or frame size. */
    OVERSIZED,
    /** Too short to be a valid (sealed) packet or frame. */
    TRUNCATED,
    /** Plaintext received while encryption is required (verify-incoming). */
    PLAINTEXT,
    /** No key in the keyring opens it (wrong key, or tampered). */
    WRONG_KEY,
    /** Sealed for another cluster label. */
    WRONG_LABEL,
    /** An exact replay of a packet seen recently. */
    REPLAY,
    /**
     * A new inbound connection refused because every stream slot is busy answering (or too many
     * connections already carry datagrams).
     */
    STREAM_LIMIT,
    /** A stream sent too little before its timeout, once its first frame had arrived. */
    STREAM_TIMEOUT,
    /** A stream frame with a bad length prefix. */
    BAD_FRAME,
    /** The operating system refused to send. */
    SEND_FAILED,
    /**
     * A new inbound connection refused because its IP address already has {@link
     * TransportSettings#maxConnectionsPerSource()} connections that have not delivered a frame.
     */
    SOURCE_LIMIT,
    /**
     * An inbound connection closed because it did not deliver one complete frame within {@link
     * TransportSettings#firstFrameTimeout()}.
     */
    FIRST_FRAME_TIMEOUT,
    /**
     * An inbound connection that had not yet delivered a frame, closed to make room for a new one
     * when every stream slot was taken.
     */
    STREAM_EVICTED,
    /**
     * An inbound connection closed because its first datagram frame was not accepted by the handler
     * (it did not authenticate); it never became a datagram carrier.
     */
    UNAUTHENTICATED_STREAM,
    /**
     * An inbound connection closed because the bytes it buffered before authenticating would exceed
     * what is left of the transport's budget for unauthenticated input.
     */
    UNAUTHENTICATED_BUDGET,
    /**
     * An outbound stream request not sent because {@value UdpTcpTransport#MAX_OUTBOUND_EXCHANGES}
     * of the transport's requests were already in flight.
     */
    REQUEST_LIMIT
  }

  private final EnumMap<Drop, LongAdder> drops = new EnumMap<>(Drop.class);
  private final LongAdder datagramsSent = new LongAdder();
  private final LongAdder datagramsReceived = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final LongAdder bytesReceived = new LongAdder();
  private final LongAdder streamsOpened = new LongAdder();
  private final LongAdder streamsAccepted = new LongAdder();

  /** Creates zeroed counters. */
  public TransportStats() {
    for (Drop d : Drop.values()) {
      drops.put(d, new LongAdder());
    }
  }

  /** Counts one drop. */
  public void drop(Drop reason) {
    drops.get(reason).increment();
  }

  /** Counts one datagram sent. */
  public void sent(int bytes) {
    datagramsSent.increment();
    bytesSent.add(bytes);
  }

  /** Counts one datagram received. */
  public void received(int bytes) {
    datagramsReceived.increment();
    bytesReceived.add(bytes);
  }

  /** Counts one outbound stream. */
  public void streamOpened() {
    streamsOpened.increment();
  }

  /** Counts one inbound stream. */
  public void streamAccepted() {
    streamsAccepted.increment();
  }

  /** Drops so far for one reason. */
  public long drops(Drop reason) {
    return drops.get(reason).sum();
  }

  /** A copy of every drop counter. */
  public Map<Drop, Long> dropsByReason() {
    EnumMap<Drop, Long> m = new EnumMap<>(Drop.class);
    drops.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  /** Datagrams sent. */
  public long datagramsSent() {
    return datagramsSent.sum();
  }

  /** Datagrams received. */
  public long datagramsReceived() {
    return datagramsReceived.sum();
  }

  /** Datagram bytes sent. */
  public long bytesSent() {
    return bytesSent.sum();
  }

  /** Datagram bytes received. */
  public long bytesReceived() {
    return bytesReceived.sum();
  }

  /** Outbound streams opened. */
  public long streamsOpened() {
    return streamsOpened.sum();
  }

  /** Inbound streams accepted. */
  public long streamsAccepted() {
    return streamsAccepted.sum();
  }
}
