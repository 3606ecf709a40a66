package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.NodeAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The seed list is asked for again on the partition-healing schedule, not only while joining, so a
 * seed name whose addresses change (a Kubernetes headless service) reaches the new ones.
 */
@DisplayName("seed re-resolution on the healing schedule")
class SeedReresolutionTest {

  static final NodeAddress SELF = new NodeAddress("10.0.0.1", 7946);
  static final NodeAddress LATER = new NodeAddress("10.0.0.9", 7946);

  @Test
  @DisplayName("every heal round asks the seed provider again and contacts a new seed address")
  void healRoundsUseTheCurrentSeedList() {
    NodeUnderTest t = new NodeUnderTest("self", SELF, 1);
    AtomicReference<List<NodeAddress>> answer = new AtomicReference<>(List.of(SELF));
    AtomicInteger calls = new AtomicInteger();
    SwimNode.SeedProvider seeds =
        () -> {
          calls.incrementAndGet();
          return answer.get();
        };
    t.node.start(t.now);
    t.node.join(t.now, seeds, 1_000, 30_000); // the only seed is itself: it starts the cluster
    assertThat(t.node.isJoined()).isTrue();
    int afterJoin = calls.get();

    long heal = SwimConfig.lan().healInterval().toMillis();
    t.runTimersUntil(t.now + 3 * heal);
    assertThat(calls.get() - afterJoin).as("asked again once per heal round").isBetween(2, 4);
    assertThat(t.streams).as("no other seed yet: nothing to heal with").isEmpty();

    answer.set(List.of(SELF, LATER)); // the name now resolves to another address as well
    t.runTimersUntil(t.now + 2 * heal);

    assertThat(t.streams)
        .anySatisfy(
            s -> {
              assertThat(s.to()).isEqualTo(LATER);
              assertThat(s.purpose()).isEqualTo(Outbox.StreamPurpose.PUSH_PULL);
            });
  }
}
