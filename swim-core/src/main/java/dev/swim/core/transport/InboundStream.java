package dev.swim.core.transport;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.TransportStats.Drop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted TCP connection, read without blocking on the selector thread: either one request
 * answered by one response, or a run of datagram frames until the peer closes or goes idle.
 * Confined to the selector thread, except the handler's future, whose completion is posted back.
 *
 * <p>Until its first frame is accepted (see {@link UdpTcpTransport}) the connection is
 * unauthenticated: that frame must be whole within the first-frame timeout, its buffer is charged
 * to the transport's budget for unauthenticated input, and it may be evicted to make room.
 */
final class InboundStream implements NetworkThreads.ReadyHandler, NetworkThreads.Deadline {

  private static final Logger log = LoggerFactory.getLogger(InboundStream.class);

  private enum Phase {
    HEADER,
    BODY,
    AWAITING_RESPONSE,
    WRITING,
    CLOSED
  }

  private final UdpTcpTransport owner;
  private final NetworkThreads threads;
  private final SocketChannel channel;
  private final NodeAddress from;
  private final InetAddress source;
  private final long firstFrameNanos;
  private final long timeoutNanos;
  private final long idleNanos;
  private final int maxFrameBytes;
  private final ByteBuffer header = ByteBuffer.allocate(StreamFrames.HEADER_BYTES);

  private SelectionKey key;
  private Phase phase = Phase.HEADER;
  private byte kind;
  private int frameLength;
  private ByteBuffer body;
  private ByteBuffer response;
  private boolean carriesDatagrams;
  private boolean idle;
  private long deadline;
  // no frame accepted yet: neither a whole request nor a datagram the handler accepted
  private boolean unauthenticated = true;
  private long charged; // bytes of the body buffer charged to the unauthenticated budget

  InboundStream(
      UdpTcpTransport owner,
      NetworkThreads threads,
      SocketChannel channel,
      NodeAddress from,
      InetAddress source,
      long firstFrameNanos,
      long timeoutNanos,
      long idleNanos,
      int maxFrameBytes) {
    this.owner = owner;
    this.threads = threads;
    this.channel = channel;
    this.from = from;
    this.source = source;
    this.firstFrameNanos = firstFrameNanos;
    this.timeoutNanos = timeoutNanos;
    this.idleNanos = idleNanos;
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Starts reading; the first frame must be whole within the first-frame timeout. */
  void open() throws IOException {
    channel.configureBlocking(false);
    key = threads.register(channel, SelectionKey.OP_READ, this);
    deadline = System.nanoTime() + firstFrameNanos;
    threads.addTimed(this, deadline);
  }

  /** The remote IP address. */
  InetAddress source() {
    return source;
  }

  /** Whether this connection has carried datagram frames (rather than a request). */
  boolean carriesDatagrams() {
    return carriesDatagrams;
  }

  @Override
  public void onReady(SelectionKey k) {
    try {
      if (k.isReadable()) {
        read();
      }
      if (phase == Phase.WRITING && k.isValid() && k.isWritable()) {
        write();
      }
    } catch (IOException e) {
      log.debug("stream from {} failed: {}", from, e.toString());
      close();
    }
  }

  private void read() throws IOException {
    while (phase == Phase.HEADER || phase == Phase.BODY) {
      if (phase == Phase.HEADER && !readHeader()) {
        return;
      }
      if (phase == Phase.BODY && !readBody()) {
        return;
      }
    }
  }

  /** Reads header bytes; true when the header is complete and the body can be read. */
  private boolean readHeader() throws IOException {
    int n = channel.read(header);
    if (n < 0) {
      if (header.position() > 0) {
        owner.stats().drop(Drop.TRUNCATED);
      }
      close();
      return false;
    }
    if (n > 0 && idle) {
      idle = false; // a new frame started: it must be complete within the stream timeout
      setDeadline(System.nanoTime() + timeoutNanos);
    }
    if (header.hasRemaining()) {
      return false;
    }
    header.flip();
    kind = header.get();
    frameLength = header.getInt();
    header.clear();
    boolean kindOk =
        kind == StreamFrames.KIND_DATAGRAM
            || (kind == StreamFrames.KIND_REQUEST && !carriesDatagrams);
    if (!kindOk || frameLength < 0) {
      reject(Drop.BAD_FRAME, "bad frame header");
      return false;
    }
    int limit =
        kind == StreamFrames.KIND_DATAGRAM
            ? Math.min(maxFrameBytes, UdpTcpTransport.MAX_UDP_PAYLOAD)
            : maxFrameBytes;
    if (frameLength > limit) {
      reject(Drop.OVERSIZED, "frame of " + frameLength + " bytes exceeds " + limit);
      return false;
    }
    int initial = Math.min(frameLength, StreamFrames.INITIAL_BODY_BYTES);
    if (!charge(initial)) {
      return false;
    }
    body = ByteBuffer.allocate(initial);
    phase = Phase.BODY;
    return true;
  }

  /** Reads body bytes; true when a datagram frame completed and another may follow. */
  private boolean readBody() throws IOException {
    while (body.position() < frameLength) {
      if (!body.hasRemaining()) {
        if (!charge(StreamFrames.grownCapacity(body.capacity(), frameLength))) {
          return false;
        }
        body = StreamFrames.grow(body, frameLength);
      }
      int n = channel.read(body);
      if (n < 0) {
        owner.stats().drop(Drop.TRUNCATED);
        close();
        return false;
      }
      if (n == 0) {
        return false;
      }
    }
    byte[] payload =
        body.array().length == frameLength ? body.array() : StreamFrames.contents(body);
    body = null;
    releaseCharge(); // the frame is whole: its bytes now belong to the handler
    if (kind == StreamFrames.KIND_DATAGRAM) {
      return onDatagramFrame(payload);
    }
    onRequestFrame(payload);
    return false;
  }

  /**
   * Charges the unauthenticated budget for a body buffer of {@code capacity} bytes, beyond the
   * first {@link StreamFrames#INITIAL_BODY_BYTES}, while no frame on this connection was accepted;
   * when the budget has no room, closes the connection and returns false.
   */
  private boolean charge(int capacity) {
    if (!unauthenticated) {
      return true;
    }
    long wanted = Math.max(0, capacity - StreamFrames.INITIAL_BODY_BYTES);
    if (wanted <= charged) {
      return true;
    }
    if (!owner.chargeUnauthenticated(wanted - charged)) {
      reject(
          Drop.UNAUTHENTICATED_BUDGET,
          "a buffer of " + capacity + " bytes exceeds the budget for unauthenticated input");
      return false;
    }
    charged = wanted;
    return true;
  }

  private void releaseCharge() {
    if (charged > 0) {
      owner.releaseUnauthenticated(charged);
      charged = 0;
    }
  }

  private boolean onDatagramFrame(byte[] payload) {
    boolean accepted = owner.deliverDatagram(from, payload);
    if (phase == Phase.CLOSED) {
      return false; // the handler closed the transport
    }
    if (unauthenticated) {
      if (!accepted) {
        reject(Drop.UNAUTHENTICATED_STREAM, "its first datagram frame did not authenticate");
        return false;
      }
      if (!owner.promoteToDatagramCarrier(this)) {
        owner.stats().drop(Drop.STREAM_LIMIT);
        close();
        return false;
      }
      unauthenticated = false;
      carriesDatagrams = true;
    }
    phase = Phase.HEADER;
    idle = true;
    setDeadline(System.nanoTime() + idleNanos);
    return true;
  }

  @SuppressWarnings("FutureReturnValueIgnored") // the callback handles every outcome itself
  private void onRequestFrame(byte[] payload) {
    unauthenticated = false; // the handler answers it, or closes at once when it does not open
    owner.authenticated(this);
    phase = Phase.AWAITING_RESPONSE;
    key.interestOps(0);
    setDeadline(System.nanoTime() + timeoutNanos);
    CompletableFuture<byte[]> answer = owner.handleRequest(from, payload);
    if (answer == null) {
      close();
      return;
    }
    answer.whenComplete(
        (bytes, error) -> {
          try {
            threads.execute(() -> onAnswer(bytes, error));
          } catch (RuntimeException e) {
            log.debug("network threads closed before the answer to {}", from);
          }
        });
  }

  private void onAnswer(byte[] bytes, Throwable error) {
    if (phase != Phase.AWAITING_RESPONSE) {
      return; // timed out or closed meanwhile
    }
    if (error != null || bytes == null) {
      if (error != null) {
        log.debug("stream request from {} failed: {}", from, error.toString());
      }
      close();
      return;
    }
    if (bytes.length > maxFrameBytes) {
      owner.stats().drop(Drop.OVERSIZED);
      log.warn(
          "response of {} bytes to {} exceeds maxFrameBytes {}; not sent",
          bytes.length,
          from,
          maxFrameBytes);
      close();
      return;
    }
    response = StreamFrames.responseFrame(bytes);
    phase = Phase.WRITING;
    setDeadline(System.nanoTime() + timeoutNanos);
    try {
      write();
    } catch (IOException e) {
      log.debug("writing the response to {} failed: {}", from, e.toString());
      close();
    }
  }

  private void write() throws IOException {
    channel.write(response);
    if (response.hasRemaining()) {
      key.interestOps(SelectionKey.OP_WRITE);
    } else {
      close();
    }
  }

  @Override
  public long checkDeadline(long nowNanos) {
    if (phase == Phase.CLOSED) {
      return Long.MAX_VALUE;
    }
    if (nowNanos - deadline < 0) {
      return deadline;
    }
    if (unauthenticated) {
      owner.stats().drop(Drop.FIRST_FRAME_TIMEOUT);
      log.debug("stream from {} sent no whole frame in time (phase {})", from, phase);
    } else if (idle) {
      log.debug("closing idle datagram stream from {}", from);
    } else {
      owner.stats().drop(Drop.STREAM_TIMEOUT);
      log.debug("stream from {} timed out in phase {}", from, phase);
    }
    close();
    return Long.MAX_VALUE;
  }

  private void setDeadline(long nanos) {
    deadline = nanos;
    threads.deadlineChanged(nanos);
  }

  private void reject(Drop reason, String why) {
    owner.stats().drop(reason);
    log.debug("dropping stream from {}: {}", from, why);
    close();
  }

  /** Closes the connection at once. Idempotent; selector thread only. */
  void close() {
    if (phase == Phase.CLOSED) {
      return;
    }
    phase = Phase.CLOSED;
    if (key != null) {
      key.cancel();
    }
    UdpTcpTransport.closeQuietly(channel);
    threads.removeTimed(this);
    body = null;
    releaseCharge();
    owner.inboundClosed(this);
  }

  /** Closes the connection with a reset, so that the peer learns at once. Selector thread only. */
  void abort() {
    if (phase == Phase.CLOSED) {
      return;
    }
    try {
      channel.setOption(StandardSocketOptions.SO_LINGER, 0);
    } catch (IOException | RuntimeException e) {
      // closing anyway
    }
    close();
  }

  @Override
  public String toString() {
    return "InboundStream{from="
        + from
        + ", phase="
        + phase
        + (unauthenticated ? ", unauthenticated" : "")
        + "}";
  }
}
