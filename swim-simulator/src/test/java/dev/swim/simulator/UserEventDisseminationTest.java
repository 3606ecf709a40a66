package dev.swim.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.protocol.Formulas;
import dev.swim.core.protocol.SwimConfig;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cluster-wide user events: reach, at-most-once delivery, and their own share of each datagram. */
class UserEventDisseminationTest {

  /** Records, per node, when it first delivered a given user event and how often. */
  private static final class Deliveries implements Simulator.UserEventSink {
    final Map<String, Map<Integer, Long>> firstAt = new HashMap<>();
    final Map<String, Integer> count = new HashMap<>();
    final Map<Integer, Long> updatedAt = new HashMap<>();
    String watchUpdatesOf;

    @Override
    public void onEvent(int node, long at, MembershipEvent e) {
      if (e.type() == MembershipEventType.UPDATED && e.member().name().equals(watchUpdatesOf)) {
        updatedAt.putIfAbsent(node, at);
      }
    }

    @Override
    public void onUserEvent(int node, long at, String name, String origin, byte[] payload) {
      String key = origin + "/" + name + "/" + new String(payload, StandardCharsets.UTF_8);
      firstAt.computeIfAbsent(key, k -> new HashMap<>()).putIfAbsent(node, at);
      count.merge(key + "@" + node, 1, Integer::sum);
    }

    int roundsToAll(String key, long since, long gossipMs, int n) {
      Map<Integer, Long> m = firstAt.getOrDefault(key, Map.of());
      assertThat(m).as("nodes that delivered " + key).hasSize(n);
      long last = m.values().stream().mapToLong(Long::longValue).max().orElseThrow();
      return (int) Math.ceil((last - since) / (double) gossipMs);
    }
  }

  private static Simulator cluster(int n, double loss, Deliveries d) {
    Simulator.Network net = new Simulator.Network();
    net.loss = loss;
    Simulator sim = new Simulator(7, SwimConfig.lan(), net);
    sim.addSink(d);
    sim.startConverged(n);
    sim.runFor(3_000);
    return sim;
  }

  @ParameterizedTest(name = "loss {0}")
  @ValueSource(doubles = {0.0, 0.10})
  @DisplayName("a user event reaches all 1,000 members once, within the logistic model's rounds")
  void reachesEveryMemberWithinTheModel(double loss) {
    Deliveries d = new Deliveries();
    Simulator sim = cluster(1000, loss, d);
    long t0 = sim.now();
    sim.host(17)
        .node()
        .broadcastUserEvent(t0, "cache-invalidate", "users".getBytes(StandardCharsets.UTF_8));
    sim.runFor(10_000);
    SwimConfig c = SwimConfig.lan();
    long gossipMs = c.gossipInterval().toMillis();
    int bound = (int) Math.ceil(Formulas.logisticRounds(1000, c.gossipNodes(), loss, 0.9999));
    int rounds = d.roundsToAll("node-17/cache-invalidate/users", t0, gossipMs, 1000);
    System.out.printf(
        "[simulation] user event to all 1,000 members at loss %.2f: %d rounds (bound %d)%n",
        loss, rounds, bound);
    assertThat(rounds).as("rounds to reach all (model bound %d)", bound).isLessThanOrEqualTo(bound);
    assertThat(d.count).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1));
  }

  @Test
  @DisplayName("a flood of user events does not delay a membership update")
  void userEventFloodDoesNotDelayMembership() {
    Deliveries d = new Deliveries();
    int n = 300;
    Simulator sim = cluster(n, 0.0, d);
    // ten members each broadcast 40 events per second of 400 bytes for 10 s
    byte[] payload = new byte[400];
    for (int s = 0; s < 10_000; s += 25) {
      long at = sim.now() + s;
      sim.at(
          at,
          () -> {
            for (int origin = 0; origin < 10; origin++) {
              sim.host(origin).node().broadcastUserEvent(sim.now(), "flood", payload);
            }
          });
    }
    sim.runFor(2_000);
    long t0 = sim.now();
    d.watchUpdatesOf = "node-42";
    sim.host(42).node().updateMetadata(t0, Map.of("v", "2"));
    sim.runFor(8_000);
    assertThat(d.updatedAt).as("members that saw the update").hasSize(n - 1);
    long last = d.updatedAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    int rounds = (int) Math.ceil((last - t0) / 200.0);
    int bound = (int) Math.ceil(Formulas.logisticRounds(n, 3, 0.0, 0.9999));
    System.out.printf(
        "[simulation] metadata update to all %d members under a user-event flood: %d rounds"
            + " (bound %d)%n",
        n, rounds, bound);
    assertThat(rounds).isLessThanOrEqualTo(bound);
  }

  @Test
  @DisplayName("heavy membership churn does not starve a user event")
  void membershipChurnDoesNotStarveUserEvents() {
    Deliveries d = new Deliveries();
    int n = 300;
    Simulator sim = cluster(n, 0.0, d);
    // every member changes its metadata every second for 10 s: 300 updates/s in the queues
    for (int s = 0; s < 10_000; s += 1000) {
      long at = sim.now() + s;
      int round = s / 1000;
      sim.at(
          at,
          () -> {
            for (int i = 0; i < n; i++) {
              sim.host(i)
                  .node()
                  .updateMetadata(sim.now(), Map.of("round", "r" + round, "pad", "x".repeat(100)));
            }
          });
    }
    sim.runFor(2_500);
    long t0 = sim.now();
    sim.host(5).node().broadcastUserEvent(t0, "flag", "on".getBytes(StandardCharsets.UTF_8));
    sim.runFor(8_000);
    int bound = (int) Math.ceil(Formulas.logisticRounds(n, 3, 0.0, 0.9999));
    int rounds = d.roundsToAll("node-5/flag/on", t0, 200, n);
    System.out.printf(
        "[simulation] user event to all %d members under membership churn: %d rounds (bound %d)%n",
        n, rounds, bound);
    assertThat(rounds).isLessThanOrEqualTo(bound);
  }
}
