package dev.swim.core.protocol;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The package-private {@link BroadcastQueue}, benchmarked from its own package (this class lives in
 * swim-benchmarks' source tree; on the class path the package is simply shared with swim-core, and
 * the shaded jar holds both).
 *
 * <p>The queue holds {@code depth} membership updates of 40 bytes (an alive's typical size) under
 * distinct member names. {@code add} queues a newer update for one of them (replacing the queued
 * one, the common case during churn). {@code take} fills one datagram's budget (the 1,367 bytes
 * {@code SwimNode} has left after a ping in a 1400-byte packet) with a retransmit limit high enough
 * that nothing retires, so the depth stays the same from one call to the next.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BroadcastQueueBenchmark {
  private static final int BUDGET = 1367;
  private static final int PER_PART_OVERHEAD = 3;
  private static final int ITEM_BYTES = 40;

  /** Updates queued. */
  @Param({"16", "1024", "65536"})
  public int depth;

  private BroadcastQueue queue;
  private String[] keys;
  private byte[] update;
  private int next;

  /** Fills the queue. */
  @Setup
  public void setup() {
    queue = new BroadcastQueue(65_536);
    keys = new String[depth];
    update = new byte[ITEM_BYTES];
    new Random(1).nextBytes(update);
    for (int i = 0; i < depth; i++) {
      keys[i] = "node-" + i;
      queue.add(keys[i], update, false);
    }
  }

  /** Replaces one queued update with a newer one. */
  @Benchmark
  public int add() {
    next = next + 1 == depth ? 0 : next + 1;
    queue.add(keys[next], update, false);
    return queue.size();
  }

  /** Takes one datagram's worth of updates. */
  @Benchmark
  public List<byte[]> take() {
    return queue.take(BUDGET, PER_PART_OVERHEAD, Integer.MAX_VALUE, Integer.MAX_VALUE);
  }
}
