package dev.swim.core.runtime;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: the Gossiper's event loop. Many
 * Gossipers share a few pool threads, yet each protocol instance only ever sees one task at a time.
 *
 * <p>Work from the network ({@link #offer}, {@link #offerHere}) is bounded: when {@value
 * #MAX_PENDING} tasks wait, it is dropped and counted ({@link #dropped()}), so a flood cannot grow
 * the queue without bound. Commands ({@link #execute}) are never dropped.
 */
final class SerialExecutor implements Executor {
  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
  private static final int BATCH = 256;
  static final int MAX_PENDING = 16_384;

  private final Executor pool;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Runnable afterBatch;
  private volatile Thread current;

  SerialExecutor(Executor pool, Runnable afterBatch) {
    this.pool = pool;
    this.afterBatch = afterBatch;
  }

  @Override
  public void execute(Runnable task) {
    pending.incrementAndGet();
    tasks.add(task);
    if (scheduled.compareAndSet(false, true)) {
      pool.execute(this::drain);
    }
  }

  /** As {@link #execute}, unless {@value #MAX_PENDING} tasks wait: then dropped, and false. */
  boolean offer(Runnable task) {
    if (pending.get() >= MAX_PENDING) {
      dropped.incrementAndGet();
      return false;
    }
    execute(task);
    return true;
  }

  /** As {@link #executeHere}, unless {@value #MAX_PENDING} tasks wait: then dropped, and false. */
  boolean offerHere(Runnable task) {
    if (pending.get() >= MAX_PENDING) {
      dropped.incrementAndGet();
      return false;
    }
    executeHere(task);
    return true;
  }

  /** Tasks from the network dropped because too many were waiting. */
  long dropped() {
    return dropped.get();
  }

  /**
   * As {@link #execute}, but when the loop is idle it runs at once on the calling thread: a timer
   * thread of the pool, or the network selector thread handing over a datagram. Saves waking a pool
   * thread (a context switch) for work that takes microseconds. Callers must be threads that may
   * run protocol work briefly and never hold a lock the protocol could want.
   */
  void executeHere(Runnable task) {
    pending.incrementAndGet();
    tasks.add(task);
    if (scheduled.compareAndSet(false, true)) {
      drain();
    }
  }

  /** Whether the calling thread is running this executor's tasks right now. */
  boolean inLoop() {
    return current == Thread.currentThread();
  }

  private void drain() {
    current = Thread.currentThread();
    try {
      for (int i = 0; i < BATCH; i++) {
        Runnable r = tasks.poll();
        if (r == null) {
          break;
        }
        pending.decrementAndGet();
        try {
          r.run();
        } catch (RuntimeException | Error e) {
          log.error("SWIM event-loop task failed", e);
        }
      }
      try {
        afterBatch.run();
      } catch (RuntimeException e) {
        log.error("SWIM event-loop housekeeping failed", e);
      }
    } finally {
      current = null;
      scheduled.set(false);
      if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
        pool.execute(this::drain);
      }
    }
  }
}
