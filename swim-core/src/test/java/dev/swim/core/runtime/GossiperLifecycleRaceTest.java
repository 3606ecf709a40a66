package dev.swim.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.protocol.SwimConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * start, leave and close racing from several threads on real Gossipers that join a seed over
 * loopback: the state a poller sees only ever moves forward along legal transitions, and once
 * close() has returned the state is STOPPED for good, whatever join or leave completes later.
 */
class GossiperLifecycleRaceTest {
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final int ROUNDS = 40;

  private final ExecutorService actors = Executors.newCachedThreadPool();
  private final List<Gossiper> created = new ArrayList<>();
  private final Queue<String> problems = new ConcurrentLinkedQueue<>();

  @AfterEach
  void closeAll() throws InterruptedException {
    created.forEach(Gossiper::close);
    actors.shutdownNow();
    assertThat(actors.awaitTermination(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  private Gossiper create(GossiperConfig.Builder config) {
    Gossiper g = Gossiper.create(config.build());
    created.add(g);
    return g;
  }

  private static GossiperConfig.Builder base(String name) {
    return GossiperConfig.builder(name)
        .bindAddress("127.0.0.1")
        .bindPort(0)
        .protocol(SwimConfig.local())
        .joinBackoffInitial(Duration.ofMillis(50))
        .joinBackoffMax(Duration.ofMillis(200))
        .streamTimeout(Duration.ofSeconds(2));
  }

  @Test
  void startLeaveAndCloseRacingOnlyMoveForwardAndStoppedIsFinal() throws Exception {
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    for (int round = 0; round < ROUNDS; round++) {
      List<GossiperState> seen = race(round, random);
      String context = "round " + round + " (random seed " + seed + "), states seen " + seen;
      assertThat(problems).as(context).isEmpty();
      for (int i = 1; i < seen.size(); i++) {
        assertThat(LifecycleTransitions.reachable(seen.get(i - 1), seen.get(i)))
            .as("%s: %s -> %s moves forward", context, seen.get(i - 1), seen.get(i))
            .isTrue();
      }
      assertThat(seen.get(seen.size() - 1)).as(context).isEqualTo(GossiperState.STOPPED);
    }
  }

  /** One round: two starters, two leavers and a closer on one joiner; the states a poller saw. */
  private List<GossiperState> race(int round, SplittableRandom random) throws Exception {
    Gossiper seedNode = create(base("seed-" + round));
    seedNode.start();
    Gossiper g =
        create(
            base("racer-" + round).seeds(List.of("127.0.0.1:" + seedNode.localAddress().port())));
    StatePoller poller = new StatePoller(g);
    poller.start();

    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      running.add(act(go, random.nextLong(2_000_000), () -> start(g)));
    }
    for (int i = 0; i < 2; i++) {
      Duration timeout = Duration.ofMillis(20 + random.nextInt(280));
      running.add(act(go, random.nextLong(30_000_000), () -> g.leave(timeout)));
    }
    running.add(act(go, random.nextLong(60_000_000), () -> close(g)));
    go.countDown();
    for (Future<?> f : running) {
      f.get(BOUND.toMillis(), TimeUnit.MILLISECONDS); // rethrows what an actor threw
    }

    // every start, leave and close has returned; let late loop work (a join answer, the seed's
    // closing) run while still polling, then look once more
    seedNode.close();
    poller.pollAtLeast(200);
    if (g.state() != GossiperState.STOPPED) {
      problems.add("state " + g.state() + " after every close() returned");
    }
    return poller.finish();
  }

  private Future<?> act(CountDownLatch go, long delayNanos, Runnable action) {
    return actors.submit(
        () -> {
          awaitQuietly(go);
          LockSupport.parkNanos(delayNanos); // jitter, so each round interleaves differently
          action.run();
        });
  }

  private void start(Gossiper g) {
    try {
      g.start();
    } catch (IllegalStateException e) {
      // the other starter or the closer came first
    } catch (IOException e) {
      problems.add("start failed: " + e);
    }
  }

  private void close(Gossiper g) {
    g.close();
    GossiperState after = g.state();
    if (after != GossiperState.STOPPED) {
      problems.add("state " + after + " right after close()");
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("start signal not given within " + BOUND);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Polls a Gossiper's state as fast as it can, keeping each change. */
  private static final class StatePoller extends Thread {
    private final Gossiper gossiper;
    private final List<GossiperState> seen = new ArrayList<>(); // owned by this thread until join
    private volatile boolean stop;
    private volatile long polls;

    StatePoller(Gossiper gossiper) {
      super("state-poller");
      setDaemon(true);
      this.gossiper = gossiper;
      seen.add(gossiper.state());
    }

    @Override
    public void run() {
      long count = 0;
      while (!stop) {
        GossiperState now = gossiper.state();
        if (now != seen.get(seen.size() - 1)) {
          seen.add(now);
        }
        polls = ++count;
        LockSupport.parkNanos(10_000);
      }
    }

    /** Waits until it has polled {@code more} more times. */
    void pollAtLeast(long more) throws InterruptedException {
      long target = polls + more;
      long deadline = System.nanoTime() + BOUND.toNanos();
      while (polls < target) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("state poller stalled");
        }
        Thread.sleep(1);
      }
    }

    /** Stops polling; the states seen, in order, each different from the one before. */
    List<GossiperState> finish() throws InterruptedException {
      stop = true;
      join(BOUND.toMillis());
      assertThat(isAlive()).as("poller stopped").isFalse();
      return seen;
    }
  }
}
