package dev.swim.core.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread behind any number of {@link UdpTcpTransport}s: one NIO selector thread that serves
 * every UDP socket, TCP listener, inbound TCP connection and outbound stream exchange of those
 * transports, never blocking on any of them. Hundreds of transports share one instance without
 * adding threads. The thread is a daemon named {@code swim-net-selector-N}.
 *
 * <p>Closing a transport never closes its {@code NetworkThreads}; close your own instance after the
 * transports that use it. The JVM-wide {@link #shared()} instance cannot be closed.
 */
public final class NetworkThreads implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NetworkThreads.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  /** Something the selector thread calls when its channel is ready. Loop thread only. */
  interface ReadyHandler {
    void onReady(SelectionKey key);
  }

  /** Something with a deadline the selector thread checks. Loop thread only. */
  interface Deadline {
    /**
     * Acts on an expired deadline (typically by closing itself) and returns the next deadline in
     * {@link System#nanoTime()} terms, or {@link Long#MAX_VALUE} for none.
     */
    long checkDeadline(long nowNanos);
  }

  private final Selector selector;
  private final Thread loopThread;
  private final boolean jvmShared;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicLong unexpectedFailures = new AtomicLong();
  private volatile boolean running = true;

  // Confined to the loop thread.
  private final Set<Deadline> timed = Collections.newSetFromMap(new IdentityHashMap<>());
  private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(64 * 1024);
  private long nextScanNanos = Long.MAX_VALUE;
  private boolean selectedPending;
  private boolean processingKeys;

  /** Starts a selector thread. */
  public NetworkThreads() {
    this(false);
  }

  private NetworkThreads(boolean jvmShared) {
    this.jvmShared = jvmShared;
    int id = INSTANCES.incrementAndGet();
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a NIO selector", e);
    }
    this.loopThread = new Thread(this::runLoop, "swim-net-selector-" + id);
    this.loopThread.setDaemon(true);
    this.loopThread.start();
  }

  /** The lazily created JVM-wide instance. */
  public static NetworkThreads shared() {
    return SharedHolder.INSTANCE;
  }

  private static final class SharedHolder {
    static final NetworkThreads INSTANCE = new NetworkThreads(true);
  }

  /** Whether the selector thread still runs (false after {@link #close()}). */
  public boolean isRunning() {
    return running;
  }

  /**
   * Stops the selector thread and closes the selector. Does nothing on the {@link #shared()}
   * instance. Transports still using this instance stop receiving, and their stream requests fail
   * at their timeouts.
   */
  @Override
  public void close() {
    if (jvmShared || !running) {
      return;
    }
    running = false;
    selector.wakeup();
    if (Thread.currentThread() != loopThread) {
      try {
        loopThread.join(CLOSE_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "NetworkThreads{"
        + loopThread.getName()
        + (jvmShared ? ", shared" : "")
        + (running ? "" : ", closed")
        + "}";
  }

  // ---- for transports -------------------------------------------------------------------------

  /** The name of the selector thread. */
  String selectorThreadName() {
    return loopThread.getName();
  }

  /**
   * How many exceptions a handler, task or deadline check let escape to the selector loop (each is
   * logged and the loop goes on); for tests, which expect none.
   */
  long unexpectedFailures() {
    return unexpectedFailures.get();
  }

  /** Whether the caller runs on the selector thread. */
  boolean inLoop() {
    return Thread.currentThread() == loopThread;
  }

  /** Runs {@code task} on the selector thread, soon. Any thread. */
  void execute(Runnable task) {
    if (!running) {
      throw new RejectedExecutionException(this + " is closed");
    }
    tasks.add(task);
    if (!inLoop()) {
      selector.wakeup();
    }
  }

  /**
   * Runs {@code task} on the selector thread and waits for it (directly when already on it).
   *
   * @throws IOException what the task threw, or a timeout
   */
  void runOnLoopAndWait(IoTask task) throws IOException {
    if (inLoop()) {
      task.run();
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    execute(
        () -> {
          try {
            task.run();
            done.complete(null);
          } catch (Throwable t) {
            done.completeExceptionally(t);
          }
        });
    try {
      done.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(cause);
    } catch (TimeoutException e) {
      throw new IOException("the network selector thread did not answer within " + CLOSE_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the network selector thread");
    }
  }

  /** A loop task that may fail with an {@link IOException}. */
  interface IoTask {
    void run() throws IOException;
  }

  /** Registers a channel (already non-blocking) with the selector. Loop thread only. */
  SelectionKey register(SelectableChannel channel, int ops, ReadyHandler handler)
      throws ClosedChannelException {
    return channel.register(selector, ops, handler);
  }

  /**
   * Makes the next turn of the loop begin with an immediate selection, which releases channels
   * closed while registered (the operating system keeps their sockets until then). From another
   * thread it does nothing: the next selection, whenever it comes, releases them.
   */
  void releaseClosedSoon() {
    if (inLoop()) {
      selectedPending = true;
    }
  }

  /**
   * Makes the operating system release channels closed while registered, at once rather than at the
   * next selection (a transport that closes, so that its ports are free when close returns). Loop
   * thread only.
   */
  void flushClosedChannels() {
    selectedPending = true; // the next turn selects at once, which releases them anyway
    if (processingKeys) {
      return; // a selection now would change the key set being iterated
    }
    try {
      selector.selectNow();
    } catch (IOException | ClosedSelectorException e) {
      log.debug("selectNow failed while releasing closed channels", e);
    }
  }

  /** The selector thread's datagram receive buffer (64 KiB). Loop thread only. */
  ByteBuffer receiveBuffer() {
    return receiveBuffer;
  }

  /** Starts checking {@code d}'s deadline; the first is due at {@code deadlineNanos}. */
  void addTimed(Deadline d, long deadlineNanos) {
    timed.add(d);
    deadlineChanged(deadlineNanos);
  }

  /** Stops checking {@code d}. */
  void removeTimed(Deadline d) {
    timed.remove(d);
  }

  /** Says that some deadline moved to {@code deadlineNanos}, possibly earlier than planned. */
  void deadlineChanged(long deadlineNanos) {
    if (deadlineNanos == Long.MAX_VALUE) {
      return;
    }
    if (nextScanNanos == Long.MAX_VALUE || deadlineNanos - nextScanNanos < 0) {
      nextScanNanos = deadlineNanos;
    }
  }

  // ---- the loop --------------------------------------------------------------------------------

  private void runLoop() {
    while (running) {
      try {
        select();
        processSelectedKeys();
        runTasks();
        scanDeadlines();
      } catch (ClosedSelectorException e) {
        break;
      } catch (Throwable t) {
        unexpectedFailures.incrementAndGet();
        log.error("unexpected error in the network selector loop; continuing", t);
      }
    }
    try {
      selector.close();
    } catch (IOException e) {
      log.debug("closing the selector failed", e);
    }
    tasks.clear();
  }

  private void select() throws IOException {
    if (selectedPending || !tasks.isEmpty()) {
      selectedPending = false;
      selector.selectNow();
      return;
    }
    if (nextScanNanos == Long.MAX_VALUE) {
      selector.select();
      return;
    }
    long waitNanos = nextScanNanos - System.nanoTime();
    if (waitNanos <= 0) {
      selector.selectNow();
    } else {
      selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999)));
    }
  }

  private void processSelectedKeys() {
    processingKeys = true;
    try {
      processKeys();
    } finally {
      processingKeys = false;
    }
  }

  private void processKeys() {
    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
    while (it.hasNext()) {
      SelectionKey key = it.next();
      it.remove();
      if (!key.isValid() || !(key.attachment() instanceof ReadyHandler handler)) {
        continue;
      }
      try {
        handler.onReady(key);
      } catch (RuntimeException e) {
        unexpectedFailures.incrementAndGet();
        log.warn("network handler {} failed; continuing", handler, e);
      }
    }
  }

  private void runTasks() {
    Runnable task;
    int budget = tasks.size(); // tasks added while running wait for the next turn
    while (budget-- > 0 && (task = tasks.poll()) != null) {
      try {
        task.run();
      } catch (RuntimeException e) {
        unexpectedFailures.incrementAndGet();
        log.warn("network task failed; continuing", e);
      }
    }
  }

  private void scanDeadlines() {
    long now = System.nanoTime();
    if (nextScanNanos == Long.MAX_VALUE || now - nextScanNanos < 0) {
      return;
    }
    nextScanNanos = Long.MAX_VALUE;
    for (Deadline d : new ArrayList<>(timed)) {
      try {
        deadlineChanged(d.checkDeadline(now));
      } catch (RuntimeException e) {
        unexpectedFailures.incrementAndGet();
        log.warn("deadline check of {} failed", d, e);
        timed.remove(d);
      }
    }
  }
}
