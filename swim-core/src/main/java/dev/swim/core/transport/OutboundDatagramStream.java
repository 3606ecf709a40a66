package dev.swim.core.transport;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.TransportStats.Drop;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cached outbound TCP connection to one destination that carries datagram frames, written without
 * blocking by the selector thread. Closed after {@link UdpTcpTransport#OUTBOUND_IDLE} with nothing
 * to send, when the peer closes it, or on any error (queued datagrams are then counted
 * SEND_FAILED). Any thread may {@link #enqueue}; everything else runs on the selector thread.
 */
final class OutboundDatagramStream implements NetworkThreads.ReadyHandler, NetworkThreads.Deadline {

  private static final Logger log = LoggerFactory.getLogger(OutboundDatagramStream.class);
  private static final int MAX_QUEUED_FRAMES = 1024;
  private static final int MAX_QUEUED_BYTES = 4 * 1024 * 1024;

  private final UdpTcpTransport owner;
  private final NetworkThreads threads;
  private final NodeAddress to;
  private final InetSocketAddress remote;
  private final InetAddress localBind;
  private final long connectTimeoutNanos; // also bounds a write that makes no progress
  private final long idleNanos;

  // Guarded by this.
  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
  private int queuedBytes;
  private boolean flushScheduled;
  private boolean closed;

  // Selector thread only.
  private SocketChannel channel;
  private SelectionKey key;
  private boolean connected;
  private long connectDeadline;
  private long lastActivity;
  private final ByteBuffer scratch = ByteBuffer.allocate(64);

  OutboundDatagramStream(
      UdpTcpTransport owner,
      NetworkThreads threads,
      NodeAddress to,
      InetSocketAddress remote,
      InetAddress localBind,
      long connectTimeoutNanos,
      long idleNanos) {
    this.owner = owner;
    this.threads = threads;
    this.to = to;
    this.remote = remote;
    this.localBind = localBind;
    this.connectTimeoutNanos = connectTimeoutNanos;
    this.idleNanos = idleNanos;
  }

  /**
   * Queues one datagram frame. Returns false when this stream is closed (the caller opens a new
   * one) or its queue is full.
   */
  boolean enqueue(byte[] packet) {
    ByteBuffer frame = StreamFrames.clientFrame(StreamFrames.KIND_DATAGRAM, packet);
    synchronized (this) {
      if (closed
          || queue.size() >= MAX_QUEUED_FRAMES
          || queuedBytes + frame.remaining() > MAX_QUEUED_BYTES) {
        return false;
      }
      queue.add(frame);
      queuedBytes += frame.remaining();
      if (flushScheduled) {
        return true;
      }
      flushScheduled = true;
    }
    try {
      threads.execute(this::flush);
    } catch (RuntimeException e) {
      close(); // the network threads are closed: counts the frame as failed
    }
    return true;
  }

  /** Whether this stream has been closed and must be replaced. */
  synchronized boolean isClosed() {
    return closed;
  }

  private void flush() {
    synchronized (this) {
      flushScheduled = false;
      if (closed) {
        return;
      }
    }
    try {
      if (channel == null) {
        connect();
      } else if (connected) {
        writeQueued();
      }
    } catch (IOException e) {
      fail(e);
    }
  }

  private void connect() throws IOException {
    channel =
        SocketChannel.open(
            remote.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET);
    channel.configureBlocking(false);
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    if (localBind != null) {
      channel.bind(new InetSocketAddress(localBind, 0));
    }
    owner.stats().streamOpened();
    boolean done = channel.connect(remote);
    key = threads.register(channel, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
    connectDeadline = System.nanoTime() + connectTimeoutNanos;
    threads.addTimed(this, connectDeadline);
    if (done) {
      onConnected();
    }
  }

  private void onConnected() throws IOException {
    connected = true;
    lastActivity = System.nanoTime();
    threads.deadlineChanged(lastActivity + idleNanos);
    key.interestOps(SelectionKey.OP_READ);
    writeQueued();
  }

  @Override
  public void onReady(SelectionKey k) {
    try {
      if (k.isConnectable()) {
        if (channel.finishConnect()) {
          onConnected();
        }
        return;
      }
      if (k.isReadable()) {
        scratch.clear();
        int n = channel.read(scratch);
        if (n != 0) { // EOF, or bytes a datagram stream never receives: either way, done
          log.debug("datagram stream to {} closed by the peer", to);
          close();
          return;
        }
      }
      if (k.isValid() && k.isWritable()) {
        writeQueued();
      }
    } catch (IOException e) {
      fail(e);
    }
  }

  private void writeQueued() throws IOException {
    while (true) {
      ByteBuffer frame;
      synchronized (this) {
        frame = queue.peek();
      }
      if (frame == null) {
        break;
      }
      if (channel.write(frame) > 0) {
        lastActivity = System.nanoTime();
      }
      if (frame.hasRemaining()) {
        threads.deadlineChanged(lastActivity + connectTimeoutNanos);
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        return;
      }
      synchronized (this) {
        queue.poll();
        queuedBytes -= frame.capacity();
      }
      owner.stats().sent(frame.capacity() - StreamFrames.HEADER_BYTES);
    }
    key.interestOps(SelectionKey.OP_READ);
  }

  @Override
  public long checkDeadline(long nowNanos) {
    if (isClosed()) {
      return Long.MAX_VALUE;
    }
    if (!connected) {
      if (nowNanos - connectDeadline >= 0) {
        fail(new IOException("connect timed out"));
        return Long.MAX_VALUE;
      }
      return connectDeadline;
    }
    long idleDeadline = lastActivity + idleNanos;
    boolean empty;
    synchronized (this) {
      empty = queue.isEmpty();
    }
    if (empty) {
      if (nowNanos - idleDeadline >= 0) {
        log.debug("closing idle datagram stream to {}", to);
        close();
        return Long.MAX_VALUE;
      }
      return idleDeadline;
    }
    long stallDeadline = lastActivity + connectTimeoutNanos;
    if (nowNanos - stallDeadline >= 0) {
      fail(new IOException("the peer stopped reading"));
      return Long.MAX_VALUE;
    }
    return stallDeadline;
  }

  private void fail(IOException e) {
    log.debug("datagram stream to {} failed: {}", to, e.toString());
    close();
  }

  /** Closes the connection; datagrams still queued are counted SEND_FAILED. Selector thread. */
  void close() {
    int dropped;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      dropped = queue.size();
      queue.clear();
      queuedBytes = 0;
    }
    for (int i = 0; i < dropped; i++) {
      owner.stats().drop(Drop.SEND_FAILED);
    }
    if (key != null) {
      key.cancel();
    }
    if (channel != null) {
      UdpTcpTransport.closeQuietly(channel);
    }
    threads.removeTimed(this);
    owner.outboundClosed(to, this);
  }

  @Override
  public String toString() {
    return "OutboundDatagramStream{to=" + to + ", connected=" + connected + "}";
  }
}
