package dev.swim.core.runtime;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: the Gossiper's event loop. Many
 * Gossipers share a few pool threads, yet each protocol instance only ever sees one task at a time.
 */
final class SerialExecutor implements Executor {
  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
  private static final int BATCH = 256;

  private final Executor pool;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Runnable afterBatch;
  private volatile Thread current;

  SerialExecutor(Executor pool, Runnable afterBatch) {
    this.pool = pool;
    this.afterBatch = afterBatch;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (scheduled.compareAndSet(false, true)) {
      pool.execute(this::drain);
    }
  }

  /**
   * As {@link #execute}, but when the loop is idle it runs at once on the calling thread: a timer
   * thread of the pool, or the network selector thread handing over a datagram. Saves waking a pool
   * thread (a context switch) for work that takes microseconds. Callers must be threads that may
   * run protocol work briefly and never hold a lock the protocol could want.
   */
  void executeHere(Runnable task) {
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
