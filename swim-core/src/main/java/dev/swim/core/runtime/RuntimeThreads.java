package dev.swim.core.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM-wide threads behind every Gossiper, however many there are: a small pool that runs the
 * event loops, one timer thread that wakes each loop at its node's next deadline (and runs that
 * tick itself when the loop is idle), and a small pool for seed name resolution.
 *
 * <p>One timer thread rather than timers on the pool: a timer fired on a multi-thread scheduled
 * pool wakes a second thread to wait for the next one, doubling the context switches of an idle
 * cluster; a single thread waits for every deadline itself.
 */
final class RuntimeThreads {
  private static final ExecutorService POOL = createPool();
  private static final ScheduledThreadPoolExecutor TIMER = createTimer();
  private static final ExecutorService DNS = createDns();

  private RuntimeThreads() {}

  /** Runs event-loop batches. */
  static ExecutorService pool() {
    return POOL;
  }

  /** Fires wakeups at the nodes' deadlines. */
  static ScheduledThreadPoolExecutor timer() {
    return TIMER;
  }

  /** Where seed names are resolved, so a slow DNS server never holds up an event loop. */
  static ExecutorService dns() {
    return DNS;
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static ExecutorService createPool() {
    int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    ThreadPoolExecutor p =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemons("swim-protocol-"));
    p.allowCoreThreadTimeOut(true);
    return p;
  }

  private static ScheduledThreadPoolExecutor createTimer() {
    ScheduledThreadPoolExecutor p = new ScheduledThreadPoolExecutor(1, daemons("swim-timer-"));
    p.setRemoveOnCancelPolicy(true);
    return p;
  }

  private static ExecutorService createDns() {
    ThreadPoolExecutor p =
        new ThreadPoolExecutor(
            2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemons("swim-dns-"));
    p.allowCoreThreadTimeOut(true); // idle for 30 s: no thread kept
    return p;
  }
}
