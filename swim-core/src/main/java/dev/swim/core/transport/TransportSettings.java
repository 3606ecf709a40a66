package dev.swim.core.transport;

import dev.swim.core.settings.Profile;
import dev.swim.core.settings.SwimSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link UdpTcpTransport} binds and what it accepts.
 *
 * @param bindAddress the IP address to bind ({@code 0.0.0.0} or {@code ::} for every interface)
 * @param bindPort the UDP and TCP port; 0 picks one free port for both
 * @param maxInboundDatagramBytes the largest inbound datagram accepted (what this node sends is
 *     bounded by {@code swim.max-datagram-size} instead); larger ones are dropped as OVERSIZED (at
 *     most {@value UdpTcpTransport#MAX_UDP_PAYLOAD})
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
    int maxInboundDatagramBytes,
    boolean tcpOnly,
    Duration streamTimeout,
    int maxConcurrentStreams,
    int maxFrameBytes,
    int maxConnectionsPerSource,
    Duration firstFrameTimeout) {

  /** Default stream timeout: {@code swim.stream-timeout}'s. */
  public static final Duration DEFAULT_STREAM_TIMEOUT =
      SwimSettings.STREAM_TIMEOUT.defaultFor(Profile.LAN);

  /** Default bound on concurrent inbound streams: {@code swim.max-concurrent-streams}'s. */
  public static final int DEFAULT_MAX_CONCURRENT_STREAMS =
      SwimSettings.MAX_CONCURRENT_STREAMS.defaultFor(Profile.LAN);

  /** Default largest stream frame: {@code swim.max-stream-frame-size}'s. */
  public static final int DEFAULT_MAX_FRAME_BYTES =
      SwimSettings.MAX_STREAM_FRAME_SIZE.defaultFor(Profile.LAN);

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
    if (maxInboundDatagramBytes < 1 || maxInboundDatagramBytes > UdpTcpTransport.MAX_UDP_PAYLOAD) {
      throw new IllegalArgumentException(
          "maxInboundDatagramBytes must be in 1.."
              + UdpTcpTransport.MAX_UDP_PAYLOAD
              + ", was "
              + maxInboundDatagramBytes);
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
      int maxInboundDatagramBytes,
      boolean tcpOnly,
      Duration streamTimeout,
      int maxConcurrentStreams,
      int maxFrameBytes) {
    this(
        bindAddress,
        bindPort,
        maxInboundDatagramBytes,
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
        maxInboundDatagramBytes,
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
        maxInboundDatagramBytes,
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
        maxInboundDatagramBytes,
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
        maxInboundDatagramBytes,
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
        maxInboundDatagramBytes,
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
        maxInboundDatagramBytes,
        tcpOnly,
        streamTimeout,
        maxConcurrentStreams,
        maxFrameBytes,
        maxConnectionsPerSource,
        value);
  }
}
