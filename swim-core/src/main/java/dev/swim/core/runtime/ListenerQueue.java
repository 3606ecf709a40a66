package dev.swim.core.runtime;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that runs a Gossiper's listeners, behind a bounded queue: handing work to it never
 * blocks the protocol loop, and a listener that falls behind cannot grow memory without bound. When
 * {@value #CAPACITY} deliveries are waiting, further ones are dropped, counted ({@link #dropped()})
 * and logged at most once a minute.
 */
final class ListenerQueue {
  static final int CAPACITY = 10_000;
  private static final Logger log = LoggerFactory.getLogger(Gossiper.class);
  private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final String nodeName;
  private final ThreadPoolExecutor executor;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

  ListenerQueue(String nodeName, int capacity) {
    this.nodeName = nodeName;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(capacity),
            r -> {
              Thread t = new Thread(r, "swim-events-" + nodeName);
              t.setDaemon(true);
              return t;
            },
            (r, e) -> {
              throw new RejectedExecutionException("listener queue full");
            });
  }

  ListenerQueue(String nodeName) {
    this(nodeName, CAPACITY);
  }

  /** Queues one delivery; never blocks. Dropped (and counted) when the queue is full or closed. */
  void offer(Runnable delivery) {
    try {
      executor.execute(delivery);
    } catch (RejectedExecutionException e) {
      if (executor.isShutdown()) {
        return;
      }
      long n = dropped.incrementAndGet();
      long now = System.nanoTime();
      long last = lastWarning.get();
      if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
        log.warn(
            "Listeners of SWIM member '{}' fall behind: {} deliveries waiting, {} dropped so far;"
                + " keep listeners fast or hand work off (further drops are counted for a minute)",
            nodeName,
            executor.getQueue().size(),
            n);
      }
    }
  }

  /** Deliveries dropped because the queue was full. */
  long dropped() {
    return dropped.get();
  }

  /** Stops after what is queued, waiting at most {@code millis}; then interrupts the thread. */
  void close(long millis) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
