package dev.swim.core.transport;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.TransportStats.Drop;
import java.io.EOFException;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * One outbound request/response exchange on its own TCP connection, driven without blocking by the
 * selector thread: connect, write one request frame, read one response frame, close; all of it
 * before one deadline. Its {@link #result()} completes on the selector thread, exceptionally on
 * timeout, refusal, a bad or oversized response frame, or close. Confined to the selector thread,
 * except {@link #result()} and {@link #cancel()}.
 */
final class OutboundExchange implements NetworkThreads.ReadyHandler, NetworkThreads.Deadline {

  private enum Phase {
    NEW,
    CONNECTING,
    WRITING,
    READING_LENGTH,
    READING_BODY,
    DONE
  }

  private final UdpTcpTransport owner;
  private final NetworkThreads threads;
  private final NodeAddress to;
  private final InetSocketAddress remote;
  private final InetAddress localBind;
  private final ByteBuffer request;
  private final long deadlineNanos;
  private final int maxFrameBytes;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteBuffer length = ByteBuffer.allocate(4);

  // Selector thread only (volatile for close when the selector thread is gone).
  private volatile SocketChannel channel;
  private SelectionKey key;
  private Phase phase = Phase.NEW;
  private int frameLength;
  private ByteBuffer body;

  OutboundExchange(
      UdpTcpTransport owner,
      NetworkThreads threads,
      NodeAddress to,
      InetSocketAddress remote,
      InetAddress localBind,
      byte[] request,
      long deadlineNanos,
      int maxFrameBytes) {
    this.owner = owner;
    this.threads = threads;
    this.to = to;
    this.remote = remote;
    this.localBind = localBind;
    this.request = StreamFrames.clientFrame(StreamFrames.KIND_REQUEST, request);
    this.deadlineNanos = deadlineNanos;
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * The response, or the failure. Whoever completes it from outside (a timeout, a cancel) must then
   * {@link #cancel()} the exchange; {@link UdpTcpTransport#request} does.
   */
  CompletableFuture<byte[]> result() {
    return result;
  }

  /** Opens the connection and starts connecting. Selector thread. */
  void start() {
    if (phase != Phase.NEW) {
      return; // closed before it started
    }
    try {
      SocketChannel ch =
          SocketChannel.open(
              remote.getAddress() instanceof Inet6Address
                  ? StandardProtocolFamily.INET6
                  : StandardProtocolFamily.INET);
      channel = ch;
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      if (localBind != null) {
        ch.bind(new InetSocketAddress(localBind, 0));
      }
      phase = Phase.CONNECTING;
      key = threads.register(ch, SelectionKey.OP_CONNECT, this);
      threads.addTimed(this, deadlineNanos);
      if (ch.connect(remote)) {
        onConnected();
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  @Override
  public void onReady(SelectionKey k) {
    try {
      if (phase == Phase.CONNECTING && k.isConnectable()) {
        if (channel.finishConnect()) {
          onConnected();
        }
      } else if (phase == Phase.WRITING && k.isWritable()) {
        write();
      } else if (k.isReadable()) {
        read();
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  private void onConnected() throws IOException {
    owner.stats().streamOpened();
    phase = Phase.WRITING;
    write();
  }

  private void write() throws IOException {
    channel.write(request);
    if (request.hasRemaining()) {
      key.interestOps(SelectionKey.OP_WRITE);
      return;
    }
    phase = Phase.READING_LENGTH;
    key.interestOps(SelectionKey.OP_READ);
  }

  private void read() throws IOException {
    if (phase == Phase.READING_LENGTH && !readLength()) {
      return;
    }
    if (phase == Phase.READING_BODY) {
      readBody();
    }
  }

  /** Reads the response's length prefix; true when it is whole and acceptable. */
  private boolean readLength() throws IOException {
    if (channel.read(length) < 0) {
      throw new EOFException("closed by " + to + " without a response");
    }
    if (length.hasRemaining()) {
      return false;
    }
    frameLength = length.flip().getInt();
    if (frameLength < 0) {
      owner.stats().drop(Drop.BAD_FRAME);
      throw new IOException("bad response frame length " + frameLength + " from " + to);
    }
    if (frameLength > maxFrameBytes) {
      owner.stats().drop(Drop.OVERSIZED);
      throw new IOException(
          "response frame of " + frameLength + " bytes from " + to + " exceeds " + maxFrameBytes);
    }
    body = ByteBuffer.allocate(Math.min(frameLength, StreamFrames.INITIAL_BODY_BYTES));
    phase = Phase.READING_BODY;
    return true;
  }

  /** Reads response bytes, growing the buffer as they arrive; completes when the frame is whole. */
  private void readBody() throws IOException {
    while (body.position() < frameLength) {
      body = StreamFrames.grow(body, frameLength);
      int n = channel.read(body);
      if (n < 0) {
        throw new EOFException(
            "stream closed after " + body.position() + " of " + frameLength + " bytes");
      }
      if (n == 0) {
        return;
      }
    }
    byte[] response =
        body.array().length == frameLength ? body.array() : StreamFrames.contents(body);
    body = null;
    release();
    result.complete(response);
  }

  @Override
  public long checkDeadline(long nowNanos) {
    if (phase == Phase.DONE) {
      return Long.MAX_VALUE;
    }
    if (nowNanos - deadlineNanos < 0) {
      return deadlineNanos;
    }
    fail(
        new SocketTimeoutException(
            phase == Phase.CONNECTING ? "connect timed out" : "no response in time"));
    return Long.MAX_VALUE;
  }

  private void fail(Exception e) {
    release();
    result.completeExceptionally(
        new IOException("stream exchange with " + to + " failed: " + e, e));
  }

  /**
   * Ends the exchange: closes the connection (the peer reads EOF) and, unless it already completed,
   * fails {@link #result()}. Idempotent. Selector thread.
   */
  void close() {
    release();
    result.completeExceptionally(new IOException("stream exchange with " + to + " closed"));
  }

  /** Closes the connection and gives back the transport's slot. Idempotent. Selector thread. */
  private void release() {
    if (phase == Phase.DONE) {
      return;
    }
    phase = Phase.DONE;
    body = null;
    if (key != null) {
      key.cancel();
    }
    threads.removeTimed(this);
    if (channel != null) {
      UdpTcpTransport.closeQuietly(channel);
      // released by the selection that starts the selector thread's next turn: selecting here,
      // once per exchange, would walk every ready key once per closed socket (quadratic when
      // hundreds of exchanges end together, such as joins that time out)
      threads.releaseClosedSoon();
    }
    owner.exchangeClosed(this);
  }

  /**
   * Ends the exchange from any thread: on the selector thread, or right here when the selector
   * thread no longer runs.
   */
  void cancel() {
    if (threads.inLoop()) {
      close();
      return;
    }
    try {
      threads.execute(this::close);
    } catch (RejectedExecutionException e) {
      UdpTcpTransport.closeQuietly(channel); // nobody drives it any more
      owner.exchangeClosed(this);
    }
  }

  @Override
  public String toString() {
    return "OutboundExchange{to=" + to + ", phase=" + phase + "}";
  }
}
