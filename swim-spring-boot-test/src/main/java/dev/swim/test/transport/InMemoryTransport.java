package dev.swim.test.transport;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.Transport;
import dev.swim.core.transport.TransportHandler;
import dev.swim.core.transport.TransportStats;
import dev.swim.core.transport.TransportStats.Drop;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Transport} on an {@link InMemoryNetwork}: one SWIM member's datagrams and stream
 * requests, carried between members of one JVM without sockets. Create it with {@link
 * InMemoryNetwork#transport(String, int)} and hand it to {@code Gossiper.create(config, transport)}
 * (in a Spring test: {@code @AutoConfigureSwim(transport = IN_MEMORY)}).
 *
 * <p>It keeps the contract of the real transport:
 *
 * <ul>
 *   <li>everything inbound reaches the {@link TransportHandler} on this transport's own delivery
 *       thread ({@code swim-in-memory-<address>}), one item at a time in arrival order, never on
 *       the sender's thread; a send never blocks and never throws;
 *   <li>a datagram arrives from the sender's bound address; a stream request, or a datagram sent
 *       over a stream, arrives from the sender's host with an ephemeral port, as over TCP, so a
 *       protocol that answers that address by mistake reaches no member;
 *   <li>a request completes with the one response, or exceptionally: at once when nothing is bound
 *       at the destination (connection refused) or the handler answers {@code null} or fails, after
 *       the timeout when the destination is cut off by a partition;
 *   <li>bounds: a datagram over 65,507 bytes or a frame over the network's {@code maxFrameBytes} is
 *       dropped (OVERSIZED), at most {@value #MAX_REQUESTS_IN_FLIGHT} requests of one transport are
 *       in flight (REQUEST_LIMIT), and a full inbound queue drops what arrives (counted by the
 *       network as {@link InMemoryNetwork.Drop#QUEUE_FULL} and here as SEND_FAILED on the sender).
 * </ul>
 *
 * <p>Payloads are copied when sent, so the sender may reuse its arrays.
 */
public final class InMemoryTransport implements Transport {

  /** Most stream requests of one transport in flight at once. */
  public static final int MAX_REQUESTS_IN_FLIGHT = 128;

  private static final Logger log = LoggerFactory.getLogger(InMemoryTransport.class);

  private final InMemoryNetwork network;
  private final String requestedHost;
  private final int requestedPort;
  private final TransportStats stats = new TransportStats();
  private final AtomicBoolean started = new AtomicBoolean();
  private final LinkedBlockingQueue<Delivery> inbox = new LinkedBlockingQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ConcurrentHashMap<Long, CompletableFuture<byte[]>> outstanding =
      new ConcurrentHashMap<>();
  private final AtomicLong requestIds = new AtomicLong();
  // requests delivered here whose answer is still being computed: reset when this closes
  private final ConcurrentHashMap<Long, Request> serving = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<NodeAddress, NodeAddress> streamSources =
      new ConcurrentHashMap<>();
  private volatile boolean closed;
  private volatile @Nullable TransportHandler handler;
  private volatile @Nullable NodeAddress bound;
  private volatile @Nullable Thread worker;

  InMemoryTransport(InMemoryNetwork network, String host, int port) {
    this.network = Objects.requireNonNull(network, "network");
    this.requestedHost = Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 0..65535, was " + port);
    }
    this.requestedPort = port;
  }

  /** The network this transport is (or will be) bound in. */
  public InMemoryNetwork network() {
    return network;
  }

  /**
   * Binds the address of the network and starts the delivery thread.
   *
   * @throws BindException when the host is not an IP literal or the address is taken in this
   *     network (the message names both)
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
    String host = bindHost(requestedHost, requestedPort);
    NodeAddress address = network.bind(this, host, requestedPort);
    if (address == null) {
      throw new BindException(
          "cannot bind in-memory "
              + new NodeAddress(host, requestedPort)
              + " in network '"
              + network.name()
              + "': "
              + (requestedPort == 0 ? "no free virtual port" : "address already in use"));
    }
    bound = address;
    Thread t = new Thread(this::deliverLoop, "swim-in-memory-" + address);
    t.setDaemon(true);
    worker = t;
    t.start();
    log.debug("in-memory transport bound at {} in network '{}'", address, network.name());
  }

  private static String bindHost(String host, int port) throws BindException {
    if (!NodeAddress.isIpLiteral(host)) {
      throw new BindException(
          "cannot bind in-memory "
              + host
              + ":"
              + port
              + ": not an IP address (the in-memory network resolves no names)");
    }
    try {
      // an IP literal: parsed, never looked up
      return InetAddress.getByName(host).isAnyLocalAddress() ? "127.0.0.1" : host;
    } catch (UnknownHostException e) {
      BindException b = new BindException("cannot bind in-memory " + host + ":" + port);
      b.initCause(e);
      throw b;
    }
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

  @Override
  public void sendDatagram(NodeAddress to, byte[] packet) {
    NodeAddress self = bound;
    send(to, packet, self, self, false);
  }

  /**
   * Sends one datagram as if over a stream: the receiver sees it from an ephemeral address of this
   * member's host (one per destination, as one cached connection), and counts it
   * UNAUTHENTICATED_STREAM when its handler does not accept it.
   */
  @Override
  public void sendDatagramOverStream(NodeAddress to, byte[] packet) {
    NodeAddress self = bound;
    NodeAddress source =
        self == null
            ? null
            : streamSources.computeIfAbsent(to, t -> network.ephemeral(self.host()));
    if (packet.length > network.maxFrameBytes()) {
      stats.drop(Drop.OVERSIZED);
      network.drop(InMemoryNetwork.Drop.OVERSIZED);
      return;
    }
    send(to, packet, self, source, true);
  }

  private void send(
      NodeAddress to,
      byte[] packet,
      @Nullable NodeAddress self,
      @Nullable NodeAddress from,
      boolean overStream) {
    Objects.requireNonNull(to, "to");
    if (packet.length > InMemoryNetwork.MAX_DATAGRAM_BYTES) {
      stats.drop(Drop.OVERSIZED);
      network.drop(InMemoryNetwork.Drop.OVERSIZED);
      return;
    }
    if (closed || self == null || from == null) {
      stats.drop(Drop.SEND_FAILED);
      return;
    }
    stats.sent(packet.length);
    InMemoryTransport target = network.at(to);
    if (target == null) {
      network.drop(InMemoryNetwork.Drop.NO_ROUTE);
      return;
    }
    if (!network.canReach(self, to)) {
      network.drop(InMemoryNetwork.Drop.PARTITIONED);
      return;
    }
    if (!target.offerBounded(new Datagram(target, from, packet.clone(), overStream))) {
      stats.drop(Drop.SEND_FAILED);
      network.drop(InMemoryNetwork.Drop.QUEUE_FULL);
    }
  }

  // ---- streams ---------------------------------------------------------------------------------

  @Override
  @SuppressWarnings("FutureReturnValueIgnored") // the callback handles every outcome itself
  public CompletableFuture<byte[]> request(NodeAddress to, byte[] request, Duration timeout) {
    Objects.requireNonNull(to, "to");
    NodeAddress self = bound;
    if (closed || self == null) {
      return CompletableFuture.failedFuture(new IOException("transport is not running"));
    }
    if (request.length > network.maxFrameBytes()) {
      stats.drop(Drop.OVERSIZED);
      network.drop(InMemoryNetwork.Drop.OVERSIZED);
      return CompletableFuture.failedFuture(
          new IOException(
              "request of "
                  + request.length
                  + " bytes exceeds maxFrameBytes "
                  + network.maxFrameBytes()));
    }
    if (inFlight.incrementAndGet() > MAX_REQUESTS_IN_FLIGHT) {
      inFlight.decrementAndGet();
      stats.drop(Drop.REQUEST_LIMIT);
      return CompletableFuture.failedFuture(
          new IOException("too many stream requests in flight; not sent to " + to));
    }
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    Long id = requestIds.incrementAndGet();
    outstanding.put(id, result);
    result.whenComplete(
        (r, e) -> {
          if (outstanding.remove(id) != null) {
            inFlight.decrementAndGet();
          }
        });
    if (closed) {
      result.completeExceptionally(new IOException("transport is not running"));
      return result;
    }
    stats.streamOpened();
    InMemoryTransport target = network.at(to);
    if (target == null) {
      network.drop(InMemoryNetwork.Drop.NO_ROUTE);
      offer(new Completion(result, null, new ConnectException("connection refused: " + to)));
    } else if (!network.canReach(self, to)) {
      network.drop(InMemoryNetwork.Drop.PARTITIONED); // never answered: the timeout ends it
    } else if (!target.offerBounded(
        new Request(this, target, network.ephemeral(self.host()), request.clone(), result))) {
      stats.drop(Drop.SEND_FAILED);
      network.drop(InMemoryNetwork.Drop.QUEUE_FULL);
      offer(
          new Completion(
              result, null, new ConnectException("connection refused: " + to + " is overloaded")));
    }
    return result.orTimeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
  }

  @Override
  public TransportStats stats() {
    return stats;
  }

  /** Datagrams and stream requests waiting in this member's inbound queue now. */
  public int queuedInbound() {
    return queued.get();
  }

  // ---- closing ---------------------------------------------------------------------------------

  /**
   * Unbinds the address, stops the delivery thread and fails every request still in flight, both
   * this member's own and those waiting here for an answer. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    NodeAddress b = bound;
    if (b != null) {
      network.unbind(b, this);
    }
    Thread t = worker;
    if (t != null && t != Thread.currentThread()) {
      t.interrupt();
    }
    abandonQueued();
    for (Long id : new ArrayList<>(serving.keySet())) {
      Request r = serving.remove(id);
      if (r != null) {
        r.abandon();
      }
    }
    for (CompletableFuture<byte[]> f : new ArrayList<>(outstanding.values())) {
      f.completeExceptionally(new IOException("transport closed"));
    }
  }

  private void abandonQueued() {
    List<Delivery> left = new ArrayList<>();
    inbox.drainTo(left);
    for (Delivery d : left) {
      d.abandon();
    }
  }

  @Override
  public String toString() {
    NodeAddress b = bound;
    return "InMemoryTransport{"
        + (b != null ? b : requestedHost + ":" + requestedPort)
        + " in '"
        + network.name()
        + "'"
        + (closed ? ", closed" : "")
        + "}";
  }

  // ---- delivery --------------------------------------------------------------------------------

  /** Queues an inbound datagram or request; false when the queue is full or this is closed. */
  private boolean offerBounded(Delivery d) {
    if (closed) {
      return false;
    }
    if (queued.incrementAndGet() > network.queueCapacity()) {
      queued.decrementAndGet();
      return false;
    }
    inbox.add(d);
    if (closed && inbox.remove(d)) {
      queued.decrementAndGet();
      d.abandon();
    }
    return true;
  }

  /**
   * Queues a completion of this member's own request (not bounded: at most one per request in
   * flight). On a closed transport the request has already failed.
   */
  private void offer(Delivery d) {
    if (closed) {
      d.abandon();
      return;
    }
    inbox.add(d);
    if (closed && inbox.remove(d)) {
      d.abandon();
    }
  }

  private void deliverLoop() {
    while (!closed) {
      Delivery d;
      try {
        d = inbox.take();
      } catch (InterruptedException e) {
        break;
      }
      if (d.bounded()) {
        queued.decrementAndGet();
      }
      if (closed) {
        d.abandon();
        break;
      }
      try {
        d.deliver();
      } catch (RuntimeException e) {
        log.warn("in-memory delivery at {} failed", bound, e);
      }
    }
    abandonQueued();
  }

  private TransportHandler handler() {
    TransportHandler h = handler;
    if (h == null) {
      throw new IllegalStateException("transport not started");
    }
    return h;
  }

  /** One item for a member's delivery thread. */
  private interface Delivery {
    void deliver();

    /** Called instead of {@link #deliver} when the member closed first. */
    void abandon();

    /** Whether it counts against the inbound queue's bound. */
    boolean bounded();
  }

  /** A datagram for {@code target}. */
  private static final class Datagram implements Delivery {
    private final InMemoryTransport target;
    private final NodeAddress from;
    private final byte[] data;
    private final boolean overStream;

    Datagram(InMemoryTransport target, NodeAddress from, byte[] data, boolean overStream) {
      this.target = target;
      this.from = from;
      this.data = data;
      this.overStream = overStream;
    }

    @Override
    public void deliver() {
      target.stats.received(data.length);
      boolean accepted = target.handler().onDatagram(from, data);
      if (overStream && !accepted) {
        target.stats.drop(Drop.UNAUTHENTICATED_STREAM);
      }
    }

    @Override
    public void abandon() {
      // lost, as a datagram to a closing socket
    }

    @Override
    public boolean bounded() {
      return true;
    }
  }

  /** A stream request from {@code requester} for {@code target}. */
  private static final class Request implements Delivery {
    private final InMemoryTransport requester;
    private final InMemoryTransport target;
    private final NodeAddress from;
    private final byte[] data;
    private final CompletableFuture<byte[]> result;

    Request(
        InMemoryTransport requester,
        InMemoryTransport target,
        NodeAddress from,
        byte[] data,
        CompletableFuture<byte[]> result) {
      this.requester = requester;
      this.target = target;
      this.from = from;
      this.data = data;
      this.result = result;
    }

    @Override
    @SuppressWarnings("FutureReturnValueIgnored") // the callback handles every outcome itself
    public void deliver() {
      if (result.isDone()) {
        return; // timed out or cancelled while queued
      }
      target.stats.streamAccepted();
      CompletableFuture<byte[]> answer;
      try {
        answer = target.handler().onStreamRequest(from, data);
      } catch (RuntimeException e) {
        log.warn("stream handler at {} failed on a request from {}", target.bound, from, e);
        answer = null;
      }
      if (answer == null) {
        requester.offer(new Completion(result, null, closedWithoutResponse()));
        return;
      }
      if (answer.isDone()) {
        answer.whenComplete(this::answered);
        return;
      }
      Long id = target.requestIds.incrementAndGet();
      target.serving.put(id, this);
      if (target.closed && target.serving.remove(id) != null) {
        abandon();
        return;
      }
      answer.whenComplete(
          (response, error) -> {
            if (target.serving.remove(id) != null) {
              answered(response, error);
            }
          });
    }

    private void answered(byte @Nullable [] response, @Nullable Throwable error) {
      NodeAddress to = target.bound;
      NodeAddress back = requester.bound;
      if (target.closed) {
        requester.offer(new Completion(result, null, reset()));
      } else if (error != null || response == null) {
        requester.offer(new Completion(result, null, closedWithoutResponse()));
      } else if (response.length > target.network.maxFrameBytes()) {
        target.network.drop(InMemoryNetwork.Drop.OVERSIZED);
        requester.offer(
            new Completion(
                result,
                null,
                new IOException(
                    "response of "
                        + response.length
                        + " bytes exceeds maxFrameBytes "
                        + target.network.maxFrameBytes())));
      } else if (to == null || back == null || !target.network.canReach(to, back)) {
        target.network.drop(InMemoryNetwork.Drop.PARTITIONED); // cut while answering: timeout
      } else {
        requester.offer(new Completion(result, response.clone(), null));
      }
    }

    @Override
    public void abandon() {
      requester.offer(new Completion(result, null, reset()));
    }

    @Override
    public boolean bounded() {
      return true;
    }

    private IOException closedWithoutResponse() {
      return new IOException("stream to " + target.bound + " closed without a response");
    }

    private IOException reset() {
      return new IOException("connection reset: " + target.bound + " closed");
    }
  }

  /** Completes one of this member's own requests, on its delivery thread. */
  private static final class Completion implements Delivery {
    private final CompletableFuture<byte[]> result;
    private final byte @Nullable [] response;
    private final @Nullable Throwable error;

    Completion(
        CompletableFuture<byte[]> result, byte @Nullable [] response, @Nullable Throwable error) {
      this.result = result;
      this.response = response;
      this.error = error;
    }

    @Override
    public void deliver() {
      if (response != null) {
        result.complete(response);
      } else {
        result.completeExceptionally(
            error != null ? error : new IOException("stream closed without a response"));
      }
    }

    @Override
    public void abandon() {
      result.completeExceptionally(new IOException("transport closed"));
    }

    @Override
    public boolean bounded() {
      return false;
    }
  }
}
