package dev.swim.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.transport.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On real sockets: protocol observers see each probe round and each push-pull the node opens, each
 * started unit ends once, and an observer that throws harms neither the protocol nor the others.
 */
class GossiperProtocolObserverTest {
  private static final Duration AWAIT = Duration.ofSeconds(30);
  private Gossiper a;
  private Gossiper b;

  @AfterEach
  void close() {
    for (Gossiper g : new Gossiper[] {a, b}) {
      if (g != null) {
        g.close();
      }
    }
  }

  /** Records what it sees; checks pairing as it goes. */
  static final class Recorder implements ProtocolObserver {
    final ConcurrentHashMap<Long, String> openProbes = new ConcurrentHashMap<>();
    final List<String> ended = new CopyOnWriteArrayList<>();
    final List<Long> rtts = new CopyOnWriteArrayList<>();
    final ConcurrentHashMap<Long, Boolean> openExchanges = new ConcurrentHashMap<>();
    final List<Boolean> joins = new CopyOnWriteArrayList<>();
    final List<Boolean> answered = new CopyOnWriteArrayList<>();
    final List<String> violations = new CopyOnWriteArrayList<>();

    @Override
    public void probeStarted(long round, String target) {
      if (openProbes.put(round, target) != null) {
        violations.add("round started twice: " + round);
      }
    }

    @Override
    public void probeEnded(long round, String target, String outcome, long rttMicros) {
      if (!target.equals(openProbes.remove(round))) {
        violations.add("round ended that was not open: " + round);
      }
      ended.add(outcome);
      if (outcome.equals("direct")) {
        rtts.add(rttMicros);
      } else if (rttMicros != -1) {
        violations.add("rtt on a " + outcome + " round");
      }
    }

    @Override
    public void pushPullStarted(long exchange, NodeAddress peer, boolean join) {
      if (openExchanges.put(exchange, join) != null) {
        violations.add("exchange started twice: " + exchange);
      }
      joins.add(join);
    }

    @Override
    public void pushPullEnded(long exchange, NodeAddress peer, boolean ok) {
      if (openExchanges.remove(exchange) == null) {
        violations.add("exchange ended that was not open: " + exchange);
      }
      answered.add(ok);
    }
  }

  private static GossiperConfig.Builder base(String name) {
    return GossiperConfig.builder(name)
        .bindAddress("127.0.0.1")
        .bindPort(0)
        .protocol(SwimConfig.local());
  }

  @Test
  void observersSeeProbeRoundsAndPushPullsAndAFailingOneHarmsNothing() throws Exception {
    b = Gossiper.create(base("b").build());
    b.start();
    a = Gossiper.create(base("a").seeds(List.of("127.0.0.1:" + b.localAddress().port())).build());
    AtomicInteger thrown = new AtomicInteger();
    a.addProtocolObserver(
        new ProtocolObserver() {
          @Override
          public void probeStarted(long round, String target) {
            thrown.incrementAndGet();
            throw new IllegalStateException("a broken observer");
          }

          @Override
          public void pushPullStarted(long exchange, NodeAddress peer, boolean join) {
            throw new IllegalStateException("a broken observer");
          }
        });
    Recorder rec = new Recorder();
    a.addProtocolObserver(rec);
    a.start();

    Await.await(AWAIT, () -> a.members().size() == 2 && b.members().size() == 2);
    Await.await(AWAIT, () -> rec.rtts.size() >= 3 && thrown.get() >= 3);

    assertThat(rec.violations).isEmpty();
    assertThat(rec.joins).first().isEqualTo(true); // the join through the seed came first
    Await.await(AWAIT, () -> !rec.answered.isEmpty());
    assertThat(rec.answered).first().isEqualTo(true);
    assertThat(rec.ended).contains("direct");
    // measured in microseconds: a loopback round trip is far under a millisecond, never 0
    assertThat(rec.rtts).allMatch(rtt -> rtt > 0 && rtt < 10_000_000);
    // the protocol went on despite the broken observer: both still see each other, nobody suspected
    assertThat(a.stats().suspicions()).isZero();

    a.removeProtocolObserver(rec);
    int seen = rec.ended.size();
    Await.await(AWAIT, () -> thrown.get() >= 6); // rounds go on
    assertThat(rec.ended.size()).isLessThanOrEqualTo(seen + 1); // at most the round in flight
  }
}
