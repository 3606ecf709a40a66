package dev.swim.core.transport;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.TransportStats.Drop;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * One blocking request/response exchange on its own TCP connection: connect, write one request
 * frame, read one response frame, close. Runs on a {@link NetworkThreads} pool thread.
 */
final class StreamClient {

  private final TransportStats stats;
  private final InetAddress localBind;
  private final int maxFrameBytes;

  StreamClient(TransportStats stats, InetAddress localBind, int maxFrameBytes) {
    this.stats = stats;
    this.localBind = localBind;
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * Performs the exchange on {@code socket} (created by the caller so it can close it to abort),
   * all of it before {@code deadlineNanos}.
   */
  byte[] exchange(
      Socket socket, NodeAddress to, InetSocketAddress remote, byte[] request, long deadlineNanos)
      throws IOException {
    if (localBind != null) {
      socket.bind(new InetSocketAddress(localBind, 0));
    }
    socket.setTcpNoDelay(true);
    socket.connect(remote, remainingMillis(to, deadlineNanos));
    stats.streamOpened();
    OutputStream out = socket.getOutputStream();
    ByteBuffer frame = StreamFrames.clientFrame(StreamFrames.KIND_REQUEST, request);
    out.write(frame.array(), frame.arrayOffset(), frame.limit());
    out.flush();
    socket.setSoTimeout(remainingMillis(to, deadlineNanos));
    DataInputStream in = new DataInputStream(socket.getInputStream());
    int length;
    try {
      length = in.readInt();
    } catch (EOFException e) {
      throw new EOFException("closed by " + to + " without a response");
    }
    if (length < 0) {
      stats.drop(Drop.BAD_FRAME);
      throw new IOException("bad response frame length " + length + " from " + to);
    }
    if (length > maxFrameBytes) {
      stats.drop(Drop.OVERSIZED);
      throw new IOException(
          "response frame of " + length + " bytes from " + to + " exceeds " + maxFrameBytes);
    }
    socket.setSoTimeout(remainingMillis(to, deadlineNanos));
    return StreamFrames.readFully(in, length);
  }

  /** A socket that never goes through a proxy. */
  static Socket newSocket() {
    return new Socket(Proxy.NO_PROXY);
  }

  private static int remainingMillis(NodeAddress to, long deadlineNanos) throws IOException {
    long ms = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    if (ms <= 0) {
      throw new SocketTimeoutException("stream exchange with " + to + " timed out");
    }
    return (int) Math.min(Integer.MAX_VALUE, ms);
  }
}
