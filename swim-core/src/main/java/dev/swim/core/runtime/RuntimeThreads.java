package dev.swim.core.runtime;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM-wide pool that runs every Gossiper's event loop and timers: a few daemon threads, however
 * many Gossipers there are.
 */
final class RuntimeThreads {
  private static final ScheduledThreadPoolExecutor POOL = create();

  private RuntimeThreads() {}

  private static final java.util.concurrent.ExecutorService DNS = createDns();

  static ScheduledThreadPoolExecutor pool() {
    return POOL;
  }

  /** Where seed names are resolved, so a slow DNS server never holds up an event loop. */
  static java.util.concurrent.ExecutorService dns() {
    return DNS;
  }

  private static java.util.concurrent.ExecutorService createDns() {
    AtomicInteger n = new AtomicInteger();
    java.util.concurrent.ThreadPoolExecutor p =
        new java.util.concurrent.ThreadPoolExecutor(
            2,
            2,
            30,
            java.util.concurrent.TimeUnit.SECONDS,
            new java.util.concurrent.LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "swim-dns-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    p.allowCoreThreadTimeOut(true); // idle for 30 s: no thread kept
    return p;
  }

  private static ScheduledThreadPoolExecutor create() {
    int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    AtomicInteger n = new AtomicInteger();
    ThreadFactory f =
        r -> {
          Thread t = new Thread(r, "swim-protocol-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ScheduledThreadPoolExecutor p = new ScheduledThreadPoolExecutor(threads, f);
    p.setRemoveOnCancelPolicy(true);
    return p;
  }
}
