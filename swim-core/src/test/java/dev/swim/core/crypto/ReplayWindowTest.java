package dev.swim.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {

  private static final long A = 0x1122334455667788L;
  private static final long B = -42L;

  @Test
  void everyCounterIsAcceptedOnceInOrder() {
    ReplayWindow w = new ReplayWindow(1024, 10);
    for (long c = 0; c < 5_000; c++) {
      assertThat(w.firstSeen(A, c)).isTrue();
      assertThat(w.firstSeen(A, c)).as("replay of " + c).isFalse();
    }
  }

  @Test
  void outOfOrderWithinTheWindowIsAcceptedOnce() {
    ReplayWindow w = new ReplayWindow(1024, 10);
    assertThat(w.firstSeen(A, 100)).isTrue();
    assertThat(w.firstSeen(A, 90)).as("late but within the window").isTrue();
    assertThat(w.firstSeen(A, 90)).isFalse();
    assertThat(w.firstSeen(A, 500)).isTrue();
    assertThat(w.firstSeen(A, 100)).as("seen before the window moved").isFalse();
    assertThat(w.firstSeen(A, 1100)).isTrue();
    assertThat(w.firstSeen(A, 1100 - 1023)).as("the lowest counter in the window").isTrue();
    assertThat(w.firstSeen(A, 1100 - 1024)).as("just below the window").isFalse();
    assertThat(w.firstSeen(A, 90)).isFalse();
    assertThat(w.firstSeen(A, 101)).isTrue();
  }

  @Test
  void aCounterBelowTheWindowIsRefusedEvenIfNeverSeen() {
    ReplayWindow w = new ReplayWindow(1024, 10);
    assertThat(w.firstSeen(A, 5_000)).isTrue();
    assertThat(w.firstSeen(A, 5_000 - 1024)).isFalse();
    assertThat(w.firstSeen(A, 0)).isFalse();
  }

  @Test
  void aJumpBeyondTheWindowForgetsEverythingBelowIt() {
    ReplayWindow w = new ReplayWindow(1024, 10);
    for (long c = 0; c < 64; c++) {
      w.firstSeen(A, c);
    }
    assertThat(w.firstSeen(A, 1_000_000)).isTrue();
    assertThat(w.firstSeen(A, 1_000_000 - 64)).as("within the window, never seen").isTrue();
    // counters that share a bit with earlier ones are not mistaken for them
    assertThat(w.firstSeen(A, 1_000_000 - 1024 + 1)).isTrue();
    assertThat(w.firstSeen(A, 63)).isFalse();
  }

  @Test
  void slidingClearsTheBitsOfTheCountersItPassesOver() {
    ReplayWindow w = new ReplayWindow(1024, 10);
    for (long c = 0; c < 1024; c++) {
      assertThat(w.firstSeen(A, c)).isTrue();
    }
    // slide by amounts that start inside words and cross whole words
    assertThat(w.firstSeen(A, 1024 + 200)).isTrue();
    for (long c = 1024; c < 1024 + 200; c++) {
      assertThat(w.firstSeen(A, c)).as("counter " + c).isTrue();
    }
    for (long c = 201; c < 1024; c++) {
      assertThat(w.firstSeen(A, c)).as("counter " + c).isFalse();
    }
  }

  @Test
  void sendersAreIndependent() {
    ReplayWindow w = new ReplayWindow(1024, 10);
    assertThat(w.firstSeen(A, 7)).isTrue();
    assertThat(w.firstSeen(B, 7)).isTrue();
    assertThat(w.firstSeen(B, 7)).isFalse();
    assertThat(w.firstSeen(A, 7)).isFalse();
    assertThat(w.senders()).isEqualTo(2);
  }

  @Test
  void countersNearTheTopOfTheUnsignedRange() {
    ReplayWindow w = new ReplayWindow(1024, 10);
    assertThat(w.firstSeen(A, -1000L)).isTrue();
    assertThat(w.firstSeen(A, -2L)).isTrue();
    assertThat(w.firstSeen(A, -1000L)).isFalse();
    assertThat(w.firstSeen(A, -500L)).isTrue();
    assertThat(w.firstSeen(A, 5)).as("small counters are below, not above").isFalse();
  }

  @Test
  void theLeastRecentlyHeardSenderIsForgottenBeyondTheBound() {
    ReplayWindow w = new ReplayWindow(64, 3);
    w.firstSeen(1, 0);
    w.firstSeen(2, 0);
    w.firstSeen(3, 0);
    w.firstSeen(1, 1); // 2 is now the least recently heard

    assertThat(w.firstSeen(4, 0)).isTrue();

    assertThat(w.senders()).isEqualTo(3);
    assertThat(w.forgotten()).isEqualTo(1);
    assertThat(w.firstSeen(1, 0)).as("remembered").isFalse();
    assertThat(w.firstSeen(2, 0)).as("forgotten: starts a new window").isTrue();
    assertThat(w.forgotten()).isEqualTo(2);
  }

  @Test
  void concurrentCallersAcceptEachCounterExactlyOnce() throws Exception {
    ReplayWindow w = new ReplayWindow(1024, 10);
    int threads = 4;
    int counters = 20_000;
    Set<Long> accepted = ConcurrentHashMap.newKeySet();
    AtomicInteger twice = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (long c = 0; c < counters; c++) {
                    if (w.firstSeen(A, c) && !accepted.add(c)) {
                      twice.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(twice.get()).as("counters accepted twice").isZero();
    // whoever asks for a counter first is at the top of the window, so every counter got through
    assertThat(accepted).hasSize(counters);
  }

  @Test
  void theSizeIsAPowerOfTwo() {
    assertThatThrownBy(() -> new ReplayWindow(1000, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReplayWindow(1024, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
