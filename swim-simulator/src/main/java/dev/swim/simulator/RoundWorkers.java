package dev.swim.simulator;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs one round of work split into {@code parts} fixed parts: part 0 on the calling thread, the
 * others on helper threads. Rounds come back to back (one per busy virtual millisecond), far too
 * often to hand over through a pool's queue, so a helper waits for the next round by spinning for a
 * short while before it parks; a helper idle for a second ends, and the next round starts a new
 * one, so an idle simulator holds no threads.
 */
final class RoundWorkers {

  private static final int IDLE = 0;
  private static final int WORK = 1;
  private static final int EXITED = 2;

  /** How long a helper spins for the next round before it parks. */
  private static final long SPIN_NANOS = 200_000;

  /** How long a parked helper waits for work before it ends. */
  private static final long IDLE_EXIT_NANOS = 1_000_000_000L;

  private final int parts;
  private final Helper[] helpers;
  private volatile IntConsumer task;

  RoundWorkers(int parts) {
    if (parts < 2) {
      throw new IllegalArgumentException("parts must be at least 2, was " + parts);
    }
    this.parts = parts;
    this.helpers = new Helper[parts - 1];
  }

  /** The number of parts a round is split into. */
  int parts() {
    return parts;
  }

  /**
   * Runs {@code part} for every part index, concurrently, and returns when all have returned;
   * everything the parts wrote is visible to the caller afterwards. A part's exception is rethrown.
   */
  @SuppressWarnings("ThreadPriorityCheck") // yielding is the point: a helper may need our core
  void run(IntConsumer part) {
    task = part;
    for (int i = 0; i < helpers.length; i++) {
      Helper h = helpers[i];
      if (h == null || !h.state.compareAndSet(IDLE, WORK)) {
        h = new Helper(i + 1); // none yet, or it ended while idle
        helpers[i] = h;
        h.thread.start();
      } else if (h.parked) {
        LockSupport.unpark(h.thread);
      }
    }
    Throwable failure = null;
    try {
      part.accept(0);
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    for (Helper h : helpers) {
      int spins = 0;
      while (h.state.get() == WORK) {
        if (++spins < 10_000) {
          Thread.onSpinWait();
        } else {
          Thread.yield(); // the helper lost its core: give it ours
        }
      }
      if (h.failure != null && failure == null) {
        failure = h.failure;
      }
      h.failure = null;
    }
    task = null;
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure instanceof Error err) {
      throw err;
    }
  }

  private final class Helper implements Runnable {
    final int index;
    final AtomicInteger state = new AtomicInteger(WORK);
    final Thread thread;
    volatile boolean parked;
    volatile Throwable failure;

    Helper(int index) {
      this.index = index;
      this.thread = new Thread(this, "simulator-part-" + index);
      this.thread.setDaemon(true);
    }

    @Override
    public void run() {
      while (true) {
        long waitStart = System.nanoTime();
        while (state.get() != WORK) {
          long waited = System.nanoTime() - waitStart;
          if (waited < SPIN_NANOS) {
            Thread.onSpinWait();
            continue;
          }
          if (waited > IDLE_EXIT_NANOS && state.compareAndSet(IDLE, EXITED)) {
            return;
          }
          parked = true;
          if (state.get() != WORK) {
            LockSupport.parkNanos(this, IDLE_EXIT_NANOS);
          }
          parked = false;
        }
        try {
          task.accept(index);
        } catch (RuntimeException | Error e) {
          failure = e;
        }
        state.set(IDLE);
      }
    }
  }
}
