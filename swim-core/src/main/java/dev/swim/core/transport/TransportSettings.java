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
 * @param streamTimeout connect, read and answer timeout of one stream exchange; an inbound
 *     connection that sends nothing for this long is closed
 * @param maxConcurrentStreams most inbound stream exchanges served at once; more are refused
 * @param maxFrameBytes the largest stream frame accepted or sent
 */
public record TransportSettings(
    String bindAddress,
    int bindPort,
    int maxDatagramBytes,
    boolean tcpOnly,
    Duration streamTimeout,
    int maxConcurrentStreams,
    int maxFrameBytes) {

  /** Default stream timeout. */
  public static final Duration DEFAULT_STREAM_TIMEOUT = Duration.ofSeconds(10);

  /** Default bound on concurrent inbound streams. */
  public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 128;

  /** Default largest stream frame (20 MiB). */
  public static final int DEFAULT_MAX_FRAME_BYTES = 20 * 1024 * 1024;

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
        DEFAULT_MAX_FRAME_BYTES);
  }

  /** A copy with another inbound datagram bound. */
  public TransportSettings withMaxDatagramBytes(int value) {
    return new TransportSettings(
        bindAddress, bindPort, value, tcpOnly, streamTimeout, maxConcurrentStreams, maxFrameBytes);
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
        maxFrameBytes);
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
        maxFrameBytes);
  }

  /** A copy with another concurrent-stream bound. */
  public TransportSettings withMaxConcurrentStreams(int value) {
    return new TransportSettings(
        bindAddress, bindPort, maxDatagramBytes, tcpOnly, streamTimeout, value, maxFrameBytes);
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
        value);
  }
}
