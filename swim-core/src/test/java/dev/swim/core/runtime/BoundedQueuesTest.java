package dev.swim.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The queues between the network and the protocol loop, and between the loop and the listeners, are
 * bounded: overflow is dropped and counted, never blocks the producer, never grows memory.
 */
@DisplayName("Bounded runtime queues: a flood is dropped and counted, never queued without end")
class BoundedQueuesTest {

  @Test
  @DisplayName("a slow listener makes deliveries drop and be counted, never the producer wait")
  void slowListener() throws Exception {
    ListenerQueue q = new ListenerQueue("slow", 10);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger delivered = new AtomicInteger();
    q.offer(
        () -> {
          started.countDown();
          await(release);
          delivered.incrementAndGet();
        });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    // the listener thread is blocked: had offer waited for room, this loop would never end
    for (int i = 0; i < 15; i++) {
      q.offer(delivered::incrementAndGet);
    }
    assertThat(q.dropped()).isEqualTo(5);
    release.countDown();
    q.close(10_000);
    assertThat(delivered.get()).as("the blocked one and the 10 queued").isEqualTo(11);
  }

  @Test
  @DisplayName("network work beyond the loop's bound is dropped and counted; commands never are")
  void loopBound() {
    List<Runnable> parked = new ArrayList<>();
    SerialExecutor loop = new SerialExecutor(parked::add, () -> {});
    int accepted = 0;
    for (int i = 0; i < SerialExecutor.MAX_PENDING + 7; i++) {
      if (loop.offer(() -> {})) {
        accepted++;
      }
    }
    assertThat(accepted).isEqualTo(SerialExecutor.MAX_PENDING);
    assertThat(loop.dropped()).isEqualTo(7);
    AtomicInteger commands = new AtomicInteger();
    loop.execute(commands::incrementAndGet);
    assertThat(loop.offerHere(() -> {})).isFalse();
    assertThat(loop.dropped()).isEqualTo(8);

    // the pool runs the drains: everything accepted runs, the command included; room returns
    for (int i = 0; i < parked.size() && commands.get() == 0; i++) {
      parked.get(i).run();
    }
    assertThat(loop.offer(() -> {})).isTrue();
    assertThat(commands.get()).isEqualTo(1);
  }

  private static void await(CountDownLatch l) {
    try {
      l.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
