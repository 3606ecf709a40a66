package dev.swim.core.transport;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.TransportStats.Drop;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real transport: UDP datagrams and TCP streams on one port number, or, in TCP-only mode, TCP
 * alone (every datagram then travels as a frame on a cached connection to its destination).
 *
 * <p>All sockets are served by the selector thread of a {@link NetworkThreads}, and none of them
 * ever blocks it: inbound traffic is read there and handed to the {@link TransportHandler}, so the
 * handler must not block; outbound request/response exchanges ({@link OutboundExchange}) are driven
 * there too, so a peer that never answers holds a socket until the exchange's timeout, not a
 * thread. Nothing is ever thrown out of a send; what goes wrong is counted in {@link #stats()}.
 *
 * <p>Hosts in {@link NodeAddress}es must be IP literals: this transport never resolves names.
 *
 * <p>Inbound TCP is bounded before anything on it authenticates, so that nobody without the key can
 * exhaust it. A connection is <em>unauthenticated</em> until it has delivered one accepted frame: a
 * whole request frame (handed to the handler, which answers or closes it at once), or a datagram
 * frame that {@link TransportHandler#onDatagram} accepted as authentic. While it is:
 *
 * <ul>
 *   <li>it must deliver that frame within {@link TransportSettings#firstFrameTimeout()} (2 s, at
 *       most the stream timeout), however steadily bytes trickle in, or it is closed
 *       (FIRST_FRAME_TIMEOUT). Afterwards the stream timeout (10 s) bounds the exchange, and a
 *       datagram carrier stays open while idle as before;
 *   <li>at most {@link TransportSettings#maxConnectionsPerSource()} (8) such connections may come
 *       from one IP address; a new one beyond that is refused (SOURCE_LIMIT);
 *   <li>when all {@link TransportSettings#maxConcurrentStreams()} (128) stream slots are taken, a
 *       new connection evicts the oldest unauthenticated one (STREAM_EVICTED); it is refused
 *       (STREAM_LIMIT) only when every slot holds an exchange already being answered;
 *   <li>it does not become a datagram carrier (carriers hold no stream slot; up to 4,096 of them
 *       stay open while idle): a first datagram frame that the handler does not accept closes it
 *       (UNAUTHENTICATED_STREAM);
 *   <li>its frame buffer is charged to one budget that all unauthenticated connections share,
 *       {@value #UNAUTHENTICATED_BUDGET_BYTES} bytes (or maxFrameBytes when that is larger, so that
 *       one frame of the largest size can always arrive). The charge follows the buffer as it grows
 *       with the bytes that actually arrive; the first 16 KiB of each connection's buffer are not
 *       charged (the stream limit bounds those), so that small frames such as probes and a joiner's
 *       first push-pull get through even while large unauthenticated frames hold the budget. A
 *       connection whose buffer would exceed what is left of the budget is closed
 *       (UNAUTHENTICATED_BUDGET); its charge is released when its frame completes or it closes. A
 *       multi-MiB push-pull request is only authenticated once it is whole, so there is no smaller
 *       per-connection cap.
 * </ul>
 *
 * <p>Unauthenticated input therefore holds at most the budget plus 16 KiB per stream slot of
 * buffers, each slot for at most the first-frame timeout. All of this state is confined to the
 * selector thread, like the rest of the inbound path.
 */
public final class UdpTcpTransport implements Transport {

  /** The largest payload an IPv4 UDP datagram can carry. */
  public static final int MAX_UDP_PAYLOAD = 65507;

  /** How long a cached outbound datagram connection may stay unused before it is closed. */
  static final Duration OUTBOUND_IDLE = Duration.ofSeconds(30);

  /** Inbound datagram connections stay open this long between frames (beyond a peer's idle). */
  static final Duration INBOUND_IDLE = OUTBOUND_IDLE.multipliedBy(2);

  /** Most inbound connections carrying datagrams at once (not counted as streams). */
  static final int MAX_DATAGRAM_CONNECTIONS = 4096;

  /**
   * The UDP receive buffer asked of the operating system (2 MiB; Linux grants at most
   * net.core.rmem_max): a burst of datagrams, such as the gossip of many members joining at once,
   * waits in the kernel while the selector thread catches up instead of being dropped as loss.
   */
  static final int UDP_RECEIVE_BUFFER_BYTES = 2 * 1024 * 1024;

  /** Most outbound request/response exchanges of one transport in flight at once. */
  public static final int MAX_OUTBOUND_EXCHANGES = 128;

  /**
   * Bytes that not-yet-authenticated inbound connections may buffer together, beyond the first 16
   * KiB of each (16 MiB; a transport whose maxFrameBytes is larger uses that instead).
   */
  public static final int UNAUTHENTICATED_BUDGET_BYTES = 16 * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(UdpTcpTransport.class);
  private static final int BIND_ATTEMPTS = 10;
  private static final int MAX_READS_PER_WAKEUP = 64;

  private final TransportSettings settings;
  private final NetworkThreads threads;
  private final TransportStats stats = new TransportStats();
  private final AtomicBoolean started = new AtomicBoolean();
  private final ConcurrentHashMap<NodeAddress, OutboundDatagramStream> outbound =
      new ConcurrentHashMap<>();
  private final Set<OutboundExchange> exchanges = ConcurrentHashMap.newKeySet();
  private final AtomicInteger exchangesInFlight = new AtomicInteger();
  private volatile boolean closed;
  private volatile TransportHandler handler;
  private volatile NodeAddress bound;
  private volatile InetAddress localBind; // null when bound to a wildcard
  private DatagramChannel udp;
  private ServerSocketChannel tcp;

  // Selector thread only.
  private final Set<InboundStream> inbound = new HashSet<>();
  private final LinkedHashSet<InboundStream> unauthenticated = new LinkedHashSet<>(); // oldest 1st
  private final Map<InetAddress, Integer> unauthenticatedBySource = new HashMap<>();
  private final AddressCache addresses = new AddressCache();
  private final long unauthenticatedBudget;
  // volatile only so that tests may read them
  private volatile int activeStreams;
  private volatile int datagramConnections;
  private volatile int unauthenticatedStreams;
  private volatile long unauthenticatedBytes;
  private volatile long peakUnauthenticatedBytes;
  private SelectionKey udpKey;
  private SelectionKey tcpKey;

  /** A transport served by {@code threads}; nothing is bound before {@link #start}. */
  public UdpTcpTransport(TransportSettings settings, NetworkThreads threads) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.threads = Objects.requireNonNull(threads, "threads");
    this.unauthenticatedBudget = Math.max(UNAUTHENTICATED_BUDGET_BYTES, settings.maxFrameBytes());
  }

  /** A transport served by {@link NetworkThreads#shared()}. */
  public UdpTcpTransport(TransportSettings settings) {
    this(settings, NetworkThreads.shared());
  }

  /** The settings this transport was created with. */
  public TransportSettings settings() {
    return settings;
  }

  /**
   * Binds UDP and then TCP to the same port (with port 0, retries until both get one free port), or
   * TCP alone in TCP-only mode, and starts delivering to {@code handler}.
   *
   * @throws BindException naming the protocol, address and port, e.g. {@code cannot bind UDP
   *     0.0.0.0:7946: Address already in use}
   */
  @Override
  public void start(TransportHandler handler) throws IOException {
    Objects.requireNonNull(handler, "handler");
    if (closed) {
      throw new IllegalStateException("transport is closed");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("transport already started");
    }
    this.handler = handler;
    InetAddress address = bindAddress();
    bind(address);
    int port = tcp.socket().getLocalPort();
    bound = new NodeAddress(address.getHostAddress(), port);
    localBind = address.isAnyLocalAddress() ? null : address;
    try {
      threads.runOnLoopAndWait(this::register);
    } catch (IOException | RuntimeException e) {
      closeQuietly(udp);
      closeQuietly(tcp);
      throw e;
    }
    log.info(
        "transport listening on {} ({})", bound, settings.tcpOnly() ? "TCP only" : "UDP and TCP");
  }

  /** The bind address: an IP literal, or a host name resolved once, here. */
  private InetAddress bindAddress() throws IOException {
    try {
      return InetAddress.getByName(settings.bindAddress());
    } catch (UnknownHostException e) {
      throw bindFailure(settings.tcpOnly() ? "TCP" : "UDP", settings.bindPort(), e);
    }
  }

  private void bind(InetAddress address) throws IOException {
    int port = settings.bindPort();
    if (settings.tcpOnly()) {
      tcp = bindTcp(address, port);
      return;
    }
    if (port != 0) {
      udp = bindUdp(address, port);
      try {
        tcp = bindTcp(address, port);
      } catch (IOException e) {
        closeQuietly(udp);
        throw e;
      }
      return;
    }
    IOException last = null;
    for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      DatagramChannel u = bindUdp(address, 0);
      int chosen = u.socket().getLocalPort();
      try {
        tcp = bindTcp(address, chosen);
        udp = u;
        return;
      } catch (IOException e) {
        closeQuietly(u);
        last = e;
      }
    }
    BindException e =
        new BindException(
            "cannot bind UDP and TCP to one free port on "
                + settings.bindAddress()
                + " after "
                + BIND_ATTEMPTS
                + " attempts: "
                + last.getMessage());
    e.initCause(last);
    throw e;
  }

  private DatagramChannel bindUdp(InetAddress address, int port) throws IOException {
    DatagramChannel ch = null;
    try {
      ch = DatagramChannel.open(family(address));
      askReceiveBuffer(ch);
      ch.bind(new InetSocketAddress(address, port));
      ch.configureBlocking(false);
      return ch;
    } catch (IOException e) {
      closeQuietly(ch);
      throw bindFailure("UDP", port, e);
    }
  }

  /** Asks for {@link #UDP_RECEIVE_BUFFER_BYTES}; the system may grant less, which is logged. */
  private static void askReceiveBuffer(DatagramChannel ch) {
    try {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, UDP_RECEIVE_BUFFER_BYTES);
      log.debug("UDP receive buffer: {} bytes", ch.getOption(StandardSocketOptions.SO_RCVBUF));
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("cannot set the UDP receive buffer: {}", e.toString());
    }
  }

  private ServerSocketChannel bindTcp(InetAddress address, int port) throws IOException {
    ServerSocketChannel ch = null;
    try {
      ch = ServerSocketChannel.open(family(address));
      ch.setOption(StandardSocketOptions.SO_REUSEADDR, true); // rebinding after a restart
      ch.bind(new InetSocketAddress(address, port), Math.max(64, settings.maxConcurrentStreams()));
      ch.configureBlocking(false);
      return ch;
    } catch (IOException e) {
      closeQuietly(ch);
      throw bindFailure("TCP", port, e);
    }
  }

  private BindException bindFailure(String protocol, int port, IOException cause) {
    BindException e =
        new BindException(
            "cannot bind "
                + protocol
                + " "
                + new NodeAddress(settings.bindAddress(), port)
                + ": "
                + cause.getMessage());
    e.initCause(cause);
    return e;
  }

  private static ProtocolFamily family(InetAddress address) {
    return address instanceof Inet6Address
        ? StandardProtocolFamily.INET6
        : StandardProtocolFamily.INET;
  }

  private void register() throws IOException {
    if (udp != null) {
      udpKey = threads.register(udp, SelectionKey.OP_READ, key -> receiveDatagrams());
    }
    tcpKey = threads.register(tcp, SelectionKey.OP_ACCEPT, key -> acceptStreams());
  }

  @Override
  public NodeAddress boundAddress() {
    NodeAddress b = bound;
    if (b == null) {
      throw new IllegalStateException("transport not started");
    }
    return b;
  }

  // ---- datagrams -------------------------------------------------------------------------------

  /**
   * Sends one datagram without blocking: over UDP, or over a cached TCP connection in TCP-only
   * mode. Larger than {@value #MAX_UDP_PAYLOAD} bytes: dropped as OVERSIZED; refused by the
   * operating system or its buffer full: counted SEND_FAILED.
   */
  @Override
  public void sendDatagram(NodeAddress to, byte[] packet) {
    if (settings.tcpOnly()) {
      sendDatagramOverStream(to, packet);
      return;
    }
    if (packet.length > MAX_UDP_PAYLOAD) {
      stats.drop(Drop.OVERSIZED);
      return;
    }
    DatagramChannel ch = udp;
    if (closed || ch == null) {
      stats.drop(Drop.SEND_FAILED);
      return;
    }
    try {
      if (ch.send(ByteBuffer.wrap(packet), addresses.toSocket(to)) == 0) {
        stats.drop(Drop.SEND_FAILED); // no room in the socket buffer
        return;
      }
      stats.sent(packet.length);
    } catch (IOException | RuntimeException e) {
      stats.drop(Drop.SEND_FAILED);
      log.debug("datagram to {} not sent: {}", to, e.toString());
    }
  }

  /**
   * Sends one datagram as a frame on a cached TCP connection to {@code to}, opened on first use and
   * closed after {@link #OUTBOUND_IDLE} unused. Never blocks; failures are counted SEND_FAILED.
   */
  @Override
  public void sendDatagramOverStream(NodeAddress to, byte[] packet) {
    if (packet.length > MAX_UDP_PAYLOAD || packet.length > settings.maxFrameBytes()) {
      stats.drop(Drop.OVERSIZED);
      return;
    }
    if (closed || bound == null) {
      stats.drop(Drop.SEND_FAILED);
      return;
    }
    InetSocketAddress remote;
    try {
      remote = addresses.toSocket(to);
    } catch (UnknownHostException e) {
      stats.drop(Drop.SEND_FAILED);
      log.debug("datagram to {} not sent: {}", to, e.getMessage());
      return;
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      OutboundDatagramStream stream = outbound.computeIfAbsent(to, t -> newOutbound(t, remote));
      if (stream.enqueue(packet)) {
        if (closed) {
          closeOnLoop(stream);
        }
        return;
      }
      if (!stream.isClosed()) {
        break; // its queue is full
      }
      outbound.remove(to, stream);
    }
    stats.drop(Drop.SEND_FAILED);
  }

  private OutboundDatagramStream newOutbound(NodeAddress to, InetSocketAddress remote) {
    return new OutboundDatagramStream(
        this,
        threads,
        to,
        remote,
        localBind,
        settings.streamTimeout().toNanos(),
        OUTBOUND_IDLE.toNanos());
  }

  private void receiveDatagrams() {
    ByteBuffer buf = threads.receiveBuffer();
    int max = settings.maxInboundDatagramBytes();
    for (int i = 0; i < MAX_READS_PER_WAKEUP; i++) {
      buf.clear().limit(max + 1); // one spare byte reveals a datagram that was too long
      InetSocketAddress sender;
      try {
        sender = (InetSocketAddress) udp.receive(buf);
      } catch (IOException e) {
        log.debug("UDP receive on {} failed: {}", bound, e.toString());
        return;
      }
      if (sender == null) {
        return;
      }
      buf.flip();
      if (buf.remaining() > max) {
        stats.drop(Drop.OVERSIZED);
        continue;
      }
      byte[] data = new byte[buf.remaining()];
      buf.get(data);
      deliverDatagram(addresses.toNode(sender), data);
    }
  }

  /**
   * Counts and hands one inbound datagram to the handler; returns whether the handler accepted it
   * as authentic (false when it threw). Selector thread.
   */
  boolean deliverDatagram(NodeAddress from, byte[] data) {
    stats.received(data.length);
    try {
      return handler.onDatagram(from, data);
    } catch (RuntimeException e) {
      log.warn("datagram handler failed on a datagram from {}", from, e);
      return false;
    }
  }

  // ---- streams ---------------------------------------------------------------------------------

  /**
   * Opens a TCP connection to {@code to}, sends {@code request} as one frame and completes with the
   * one response frame, all within {@code timeout}. Never blocks, and holds no thread while it
   * waits: the selector thread drives the exchange and completes the future, so what depends on it
   * must not block either. However the future completes (a response, a failure, the timeout, or a
   * cancel by the caller), the connection is closed. At most {@value #MAX_OUTBOUND_EXCHANGES}
   * exchanges of this transport are in flight at once; a request beyond that fails at once and is
   * counted REQUEST_LIMIT.
   */
  @Override
  @SuppressWarnings("FutureReturnValueIgnored") // the callback handles every outcome itself
  public CompletableFuture<byte[]> request(NodeAddress to, byte[] request, Duration timeout) {
    if (closed || bound == null) {
      return CompletableFuture.failedFuture(new IOException("transport is not running"));
    }
    if (request.length > settings.maxFrameBytes()) {
      stats.drop(Drop.OVERSIZED);
      return CompletableFuture.failedFuture(
          new IOException(
              "request of "
                  + request.length
                  + " bytes exceeds maxFrameBytes "
                  + settings.maxFrameBytes()));
    }
    InetSocketAddress remote;
    try {
      remote = addresses.toSocket(to);
    } catch (UnknownHostException e) {
      return CompletableFuture.failedFuture(e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    if (exchangesInFlight.incrementAndGet() > MAX_OUTBOUND_EXCHANGES) {
      exchangesInFlight.decrementAndGet();
      stats.drop(Drop.REQUEST_LIMIT);
      return CompletableFuture.failedFuture(
          new IOException("too many stream requests in flight; not sent to " + to));
    }
    OutboundExchange exchange =
        new OutboundExchange(
            this, threads, to, remote, localBind, request, deadline, settings.maxFrameBytes());
    exchanges.add(exchange);
    CompletableFuture<byte[]> result = exchange.result();
    result.whenComplete((r, e) -> exchange.cancel()); // closes the connection in every case
    if (closed) {
      result.completeExceptionally(new IOException("transport is not running"));
      return result;
    }
    try {
      threads.execute(exchange::start);
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new IOException("the network threads are closed", e));
      return result;
    }
    return result.orTimeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
  }

  /** Forgets an ended outbound exchange and frees its slot. Idempotent; any thread. */
  void exchangeClosed(OutboundExchange exchange) {
    if (exchanges.remove(exchange)) {
      exchangesInFlight.decrementAndGet();
    }
  }

  /** How many outbound request/response exchanges are in flight now. */
  int outboundExchanges() {
    return exchangesInFlight.get();
  }

  @SuppressWarnings("NonAtomicVolatileUpdate") // one writer: the selector thread
  private void acceptStreams() {
    for (int i = 0; i < MAX_READS_PER_WAKEUP; i++) {
      SocketChannel ch;
      try {
        ch = tcp.accept();
      } catch (IOException e) {
        log.debug("TCP accept on {} failed: {}", bound, e.toString());
        return;
      }
      if (ch == null) {
        return;
      }
      if (closed) {
        closeQuietly(ch);
        continue;
      }
      InetSocketAddress remote;
      try {
        remote = (InetSocketAddress) ch.getRemoteAddress();
      } catch (IOException e) {
        closeQuietly(ch);
        continue;
      }
      if (remote == null) {
        closeQuietly(ch); // already disconnected
        continue;
      }
      InetAddress source = remote.getAddress();
      if (unauthenticatedBySource.getOrDefault(source, 0) >= settings.maxConnectionsPerSource()) {
        stats.drop(Drop.SOURCE_LIMIT);
        abort(ch);
        continue;
      }
      if (activeStreams >= settings.maxConcurrentStreams() && !evictOldestUnauthenticated()) {
        stats.drop(Drop.STREAM_LIMIT);
        abort(ch);
        continue;
      }
      NodeAddress from = SocketAddresses.toNode(remote);
      InboundStream stream =
          new InboundStream(
              this,
              threads,
              ch,
              from,
              source,
              settings.effectiveFirstFrameTimeout().toNanos(),
              settings.streamTimeout().toNanos(),
              Math.max(settings.streamTimeout().toNanos(), INBOUND_IDLE.toNanos()),
              settings.maxFrameBytes());
      try {
        stream.open();
      } catch (IOException e) {
        log.debug("cannot serve the stream from {}: {}", from, e.toString());
        closeQuietly(ch);
        continue;
      }
      activeStreams++;
      inbound.add(stream);
      unauthenticated.add(stream);
      unauthenticatedBySource.merge(source, 1, Integer::sum);
      unauthenticatedStreams = unauthenticated.size();
      stats.streamAccepted();
    }
  }

  /**
   * Closes the oldest connection that has not yet delivered an accepted frame, to make room for a
   * new one; false when every stream slot is already being answered. Selector thread.
   */
  private boolean evictOldestUnauthenticated() {
    Iterator<InboundStream> oldest = unauthenticated.iterator();
    if (!oldest.hasNext()) {
      return false;
    }
    InboundStream victim = oldest.next();
    stats.drop(Drop.STREAM_EVICTED);
    log.debug("evicting {} to make room for a new connection", victim);
    victim.abort(); // calls inboundClosed, which frees its slot
    return true;
  }

  /**
   * Charges {@code bytes} of an unauthenticated connection's buffer to the shared budget; false,
   * charging nothing, when that would exceed what is left. Selector thread.
   */
  @SuppressWarnings("NonAtomicVolatileUpdate") // one writer: the selector thread
  boolean chargeUnauthenticated(long bytes) {
    if (bytes > unauthenticatedBudget - unauthenticatedBytes) {
      return false;
    }
    unauthenticatedBytes += bytes;
    if (unauthenticatedBytes > peakUnauthenticatedBytes) {
      peakUnauthenticatedBytes = unauthenticatedBytes;
    }
    return true;
  }

  /** Gives back what {@link #chargeUnauthenticated} charged. Selector thread. */
  @SuppressWarnings("NonAtomicVolatileUpdate") // one writer: the selector thread
  void releaseUnauthenticated(long bytes) {
    unauthenticatedBytes -= bytes;
  }

  /**
   * Records that {@code stream} delivered an accepted frame (or closed): it no longer counts
   * against its source's limit and can no longer be evicted. Selector thread.
   */
  void authenticated(InboundStream stream) {
    if (unauthenticated.remove(stream)) {
      unauthenticatedBySource.computeIfPresent(stream.source(), (ip, n) -> n == 1 ? null : n - 1);
      unauthenticatedStreams = unauthenticated.size();
    }
  }

  /** Answers one inbound request through the handler; null means close without answer. */
  CompletableFuture<byte[]> handleRequest(NodeAddress from, byte[] request) {
    try {
      return handler.onStreamRequest(from, request);
    } catch (RuntimeException e) {
      log.warn("stream handler failed on a request from {}", from, e);
      return null;
    }
  }

  /**
   * Moves an inbound connection whose first datagram frame was accepted from the stream count to
   * the datagram-connection count; false when too many connections already carry datagrams.
   * Selector thread.
   */
  @SuppressWarnings("NonAtomicVolatileUpdate") // one writer: the selector thread
  boolean promoteToDatagramCarrier(InboundStream stream) {
    if (datagramConnections >= MAX_DATAGRAM_CONNECTIONS) {
      return false;
    }
    authenticated(stream);
    activeStreams--;
    datagramConnections++;
    return true;
  }

  /** Forgets a closed inbound connection. Selector thread. */
  @SuppressWarnings("NonAtomicVolatileUpdate") // one writer: the selector thread
  void inboundClosed(InboundStream stream) {
    authenticated(stream);
    if (inbound.remove(stream)) {
      if (stream.carriesDatagrams()) {
        datagramConnections--;
      } else {
        activeStreams--;
      }
    }
  }

  /** Forgets a closed outbound datagram connection. */
  void outboundClosed(NodeAddress to, OutboundDatagramStream stream) {
    outbound.remove(to, stream);
  }

  /** How many inbound connections count against the stream limit now. */
  int activeInboundStreams() {
    return activeStreams;
  }

  /** How many inbound connections have not yet delivered an accepted frame. */
  int unauthenticatedInboundStreams() {
    return unauthenticatedStreams;
  }

  /** How many inbound connections carry datagrams now. */
  int inboundDatagramCarriers() {
    return datagramConnections;
  }

  /** Bytes now charged to the budget for unauthenticated input. */
  long unauthenticatedBytes() {
    return unauthenticatedBytes;
  }

  /** The most bytes ever charged to the budget for unauthenticated input at once. */
  long peakUnauthenticatedBytes() {
    return peakUnauthenticatedBytes;
  }

  /** The budget for unauthenticated input of this transport. */
  long unauthenticatedBudget() {
    return unauthenticatedBudget;
  }

  /** How many outbound datagram connections are cached now. */
  int cachedOutboundStreams() {
    return outbound.size();
  }

  /** Counters, shared with an enclosing {@code SecureTransport}. */
  @Override
  public TransportStats stats() {
    return stats;
  }

  // ---- closing ---------------------------------------------------------------------------------

  /**
   * Closes every socket of this transport and unregisters it from its {@link NetworkThreads}, which
   * keep running. When this returns the port can be bound again.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (threads.isRunning()) {
      try {
        threads.runOnLoopAndWait(this::closeChannels);
      } catch (IOException | RuntimeException e) {
        log.warn("closing transport {} on the selector thread failed: {}", bound, e.toString());
        closeChannels();
      }
    } else {
      closeChannels();
    }
    if (bound != null) {
      log.debug("transport on {} closed", bound);
    }
  }

  private void closeChannels() {
    if (udpKey != null) {
      udpKey.cancel();
    }
    if (tcpKey != null) {
      tcpKey.cancel();
    }
    closeQuietly(udp);
    closeQuietly(tcp);
    for (InboundStream s : new ArrayList<>(inbound)) {
      s.close();
    }
    for (OutboundDatagramStream s : new ArrayList<>(outbound.values())) {
      s.close();
    }
    for (OutboundExchange e : new ArrayList<>(exchanges)) {
      e.close();
    }
    if (threads.inLoop()) {
      threads.flushClosedChannels();
    }
  }

  private void closeOnLoop(OutboundDatagramStream stream) {
    try {
      threads.execute(stream::close);
    } catch (RuntimeException e) {
      stream.close();
    }
  }

  private static void abort(SocketChannel ch) {
    try {
      ch.setOption(StandardSocketOptions.SO_LINGER, 0); // reset: the peer learns at once
    } catch (IOException e) {
      // closing anyway
    }
    closeQuietly(ch);
  }

  static void closeQuietly(Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException e) {
      log.trace("close failed", e);
    }
  }

  @Override
  public String toString() {
    return "UdpTcpTransport{"
        + (bound != null ? bound : settings.bindAddress() + ":" + settings.bindPort())
        + (settings.tcpOnly() ? ", tcpOnly" : "")
        + (closed ? ", closed" : "")
        + "}";
  }
}
