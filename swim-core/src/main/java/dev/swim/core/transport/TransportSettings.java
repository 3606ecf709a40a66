package dev.swim.core.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link UdpTcpTransport} binds and what it accepts.
 *
 * @param bindAddress the IP address to bind ({@code 0.0.0.0} or {@code ::} for every interface)
 * @param bindPort the UDP and TCP port; 0 picks one free port for both
 * @param maxDatagramBytes the largest inbound datagram accepted; larger ones are dropped as
 *     OVERSIZED (at most {@value UdpTcpTransport#MAX_UDP_PAYLOAD})
 * @param tcpOnly no UDP socket at all: every datagram travels over a TCP stream
 * @param streamTimeout connect, read and answer timeout of one stream exchange once its request
 *     frame has arrived; also bounds each later frame on a connection that carries datagrams
 * @param maxConcurrentStreams most inbound stream exchanges served at once; when all are taken, a
 *     new connection evicts the oldest one that has not yet delivered a frame, and is refused only
 *     when every one is already being answered
 * @param maxFrameBytes the largest stream frame accepted or sent
 * @param maxConnectionsPerSource most inbound connections from one IP address that have not yet
 *     delivered an accepted frame; a new connection beyond it is refused (SOURCE_LIMIT).
 *     Connections already being answered or carrying accepted datagrams do not count, so many nodes
 *     on one host still reach each other
 * @param firstFrameTimeout how long a new inbound connection may take to deliver its first complete
 *     frame (at most {@code streamTimeout} applies); a connection that has not is closed
 *     (FIRST_FRAME_TIMEOUT), even while bytes still trickle in
 */
public record TransportSettings(
    String bindAddress,
    int bindPort,
    int maxDatagramBytes,
    boolean tcpOnly,
    Duration streamTimeout,
    int maxConcurrentStreams,
    int maxFrameBytes,
    int maxConnectionsPerSource,
    Duration firstFrameTimeout) {

  /** Default stream timeout. */
  public static final Duration DEFAULT_STREAM_TIMEOUT = Duration.ofSeconds(10);

  /** Default bound on concurrent inbound streams. */
  public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 128;

  /** Default largest stream frame (20 MiB). */
  public static final int DEFAULT_MAX_FRAME_BYTES = 20 * 1024 * 1024;

  /** Default bound on not-yet-authenticated inbound connections from one IP address. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_SOURCE = 8;

  /** Default deadline for the first complete frame of a new inbound connection. */
  public static final Duration DEFAULT_FIRST_FRAME_TIMEOUT = Duration.ofSeconds(2);

  /** Validates every field; the message names the one at fault. */
  public TransportSettings {
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (bindAddress.isBlank()) {
      throw new IllegalArgumentException("bindAddress must not be blank");
    }
    if (bindPort < 0 || bindPort > 65535) {
      throw new IllegalArgumentException("bindPort must be in 0..65535, was " + bindPort);
    }
    if (maxDatagramBytes < 1 || maxDatagramBytes > UdpTcpTransport.MAX_UDP_PAYLOAD) {
      throw new IllegalArgumentException(
          "maxDatagramBytes must be in 1.."
              + UdpTcpTransport.MAX_UDP_PAYLOAD
              + ", was "
              + maxDatagramBytes);
    }
    Objects.requireNonNull(streamTimeout, "streamTimeout");
    if (streamTimeout.isNegative() || streamTimeout.isZero()) {
      throw new IllegalArgumentException("streamTimeout must be positive, was " + streamTimeout);
    }
    if (maxConcurrentStreams < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentStreams must be at least 1, was " + maxConcurrentStreams);
    }
    if (maxFrameBytes < 1) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 1, was " + maxFrameBytes);
    }
    if (maxConnectionsPerSource < 1) {
      throw new IllegalArgumentException(
          "maxConnectionsPerSource must be at least 1, was " + maxConnectionsPerSource);
    }
    Objects.requireNonNull(firstFrameTimeout, "firstFrameTimeout");
    if (firstFrameTimeout.isNegative() || firstFrameTimeout.isZero()) {
      throw new IllegalArgumentException(
          "firstFrameTimeout must be positive, was " + firstFrameTimeout);
    }
  }

  /**
   * The settings of the first seven fields, with {@link #DEFAULT_MAX_CONNECTIONS_PER_SOURCE} and
   * {@link #DEFAULT_FIRST_FRAME_TIMEOUT}.
   */
  public TransportSettings(
      String bindAddress,
      int bindPort,
      int maxDatagramBytes,
      boolean tcpOnly,
      Duration streamTimeout,
      int maxConcurrentStreams,
      int maxFrameBytes) {
    this(
        bindAddress,
        bindPort,
        maxDatagramBytes,
        tcpOnly,
        streamTimeout,
        maxConcurrentStreams,
        maxFrameBytes,
        DEFAULT_MAX_CONNECTIONS_PER_SOURCE,
        DEFAULT_FIRST_FRAME_TIMEOUT);
  }

  /** UDP + TCP on {@code bindAddress:bindPort} with every other setting at its default. */
  public static TransportSettings defaults(String bindAddress, int bindPort) {
    return new TransportSettings(
        bindAddress,
        bindPort,
        UdpTcpTransport.MAX_UDP_PAYLOAD,
        false,
        DEFAULT_STREAM_TIMEOUT,
        DEFAULT_MAX_CONCURRENT_STREAMS,
        DEFAULT_MAX_FRAME_BYTES,
        DEFAULT_MAX_CONNECTIONS_PER_SOURCE,
        DEFAULT_FIRST_FRAME_TIMEOUT);
  }

  /**
   * The deadline that applies to a new connection's first frame: {@link #firstFrameTimeout()}, or
   * {@link #streamTimeout()} when that is shorter.
   */
  public Duration effectiveFirstFrameTimeout() {
    return firstFrameTimeout.compareTo(streamTimeout) <= 0 ? firstFrameTimeout : streamTimeout;
  }

  /** A copy with another inbound datagram bound. */
  public TransportSettings withMaxDatagramBytes(int value) {
    return new TransportSettings(
        bindAddress,
        bindPort,
        value,
        tcpOnly,
        streamTimeout,
        maxConcurrentStreams,
        maxFrameBytes,
        maxConnectionsPerSource,
        firstFrameTimeout);
  }

  /** A copy with TCP-only mode on or off. */
  public TransportSettings withTcpOnly(boolean value) {
    return new TransportSettings(
        bindAddress,
        bindPort,
        maxDatagramBytes,
        value,
        streamTimeout,
        maxConcurrentStreams,
        maxFrameBytes,
        maxConnectionsPerSource,
        firstFrameTimeout);
  }

  /** A copy with another stream timeout. */
  public TransportSettings withStreamTimeout(Duration value) {
    return new TransportSettings(
        bindAddress,
        bindPort,
        maxDatagramBytes,
        tcpOnly,
        value,
        maxConcurrentStreams,
        maxFrameBytes,
        maxConnectionsPerSource,
        firstFrameTimeout);
  }

  /** A copy with another concurrent-stream bound. */
  public TransportSettings withMaxConcurrentStreams(int value) {
    return new TransportSettings(
        bindAddress,
        bindPort,
        maxDatagramBytes,
        tcpOnly,
        streamTimeout,
        value,
        maxFrameBytes,
        maxConnectionsPerSource,
        firstFrameTimeout);
  }

  /** A copy with another frame-size bound. */
  public TransportSettings withMaxFrameBytes(int value) {
    return new TransportSettings(
        bindAddress,
        bindPort,
        maxDatagramBytes,
        tcpOnly,
        streamTimeout,
        maxConcurrentStreams,
        value,
        maxConnectionsPerSource,
        firstFrameTimeout);
  }

  /** A copy with another bound on not-yet-authenticated connections from one IP address. */
  public TransportSettings withMaxConnectionsPerSource(int value) {
    return new TransportSettings(
        bindAddress,
        bindPort,
        maxDatagramBytes,
        tcpOnly,
        streamTimeout,
        maxConcurrentStreams,
        maxFrameBytes,
        value,
        firstFrameTimeout);
  }

  /** A copy with another first-frame deadline. */
  public TransportSettings withFirstFrameTimeout(Duration value) {
    return new TransportSettings(
        bindAddress,
        bindPort,
        maxDatagramBytes,
        tcpOnly,
        streamTimeout,
        maxConcurrentStreams,
        maxFrameBytes,
        maxConnectionsPerSource,
        value);
  }
}
