package dev.swim.core.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BroadcastQueue")
class BroadcastQueueTest {

  static final int OVERHEAD = 3;
  static final int ROOM = 1000;

  final BroadcastQueue queue = new BroadcastQueue(100);

  static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  static List<String> strings(List<byte[]> parts) {
    return parts.stream().map(p -> new String(p, UTF_8)).toList();
  }

  /** Room for exactly one 5-byte item per packet. */
  static final int ONE_ITEM = 5 + OVERHEAD;

  @Test
  @DisplayName("priority items (leaves, refutations) go out first")
  void priorityFirst() {
    queue.add("a", b("alive"), false);
    queue.add("b", b("leave"), true);
    queue.add("c", b("other"), false);

    assertThat(strings(queue.take(ROOM, OVERHEAD, 10, Integer.MAX_VALUE))).startsWith("leave");
  }

  @Test
  @DisplayName("takeInto appends after what the packet holds and returns the bytes it took")
  void takeIntoAppends() {
    queue.add("a", b("alive"), false);
    queue.add("b", b("leave"), true);
    List<byte[]> packet = new java.util.ArrayList<>(List.of(b("ping")));

    int taken = queue.takeInto(packet, ROOM, OVERHEAD, 10, Integer.MAX_VALUE);

    assertThat(strings(packet)).containsExactly("ping", "leave", "alive");
    assertThat(taken).isEqualTo(2 * (5 + OVERHEAD));
    assertThat(queue.takeInto(packet, 0, OVERHEAD, 10, Integer.MAX_VALUE)).isZero();
    assertThat(packet).hasSize(3);
  }

  @Test
  @DisplayName("take respects an item count: what is not returned is not counted as sent")
  void itemCountBounded() {
    for (int i = 0; i < 10; i++) {
      queue.add("k" + i, b("x"), false);
    }
    assertThat(queue.take(ROOM, OVERHEAD, 1, 4)).hasSize(4);
    assertThat(queue.size()).as("the 4 taken retired at limit 1, the other 6 wait").isEqualTo(6);
    assertThat(queue.take(ROOM, OVERHEAD, 1, 0)).isEmpty();
    assertThat(queue.size()).isEqualTo(6);
  }

  @Test
  @DisplayName("the least-sent item goes first, the newest among equals")
  void fewestSentFirst() {
    queue.add("a", b("aaaaa"), false);
    queue.add("b", b("bbbbb"), false);

    assertThat(strings(queue.take(ONE_ITEM, OVERHEAD, 10, Integer.MAX_VALUE)))
        .containsExactly("bbbbb");
    assertThat(strings(queue.take(ONE_ITEM, OVERHEAD, 10, Integer.MAX_VALUE)))
        .containsExactly("aaaaa");
    queue.add("c", b("ccccc"), false);
    assertThat(strings(queue.take(ONE_ITEM, OVERHEAD, 10, Integer.MAX_VALUE)))
        .as("never sent")
        .containsExactly("ccccc");
    // all three sent once now: c most recently, then a, then b
    assertThat(strings(queue.take(ONE_ITEM, OVERHEAD, 10, Integer.MAX_VALUE)))
        .containsExactly("ccccc");
    assertThat(strings(queue.take(ONE_ITEM, OVERHEAD, 10, Integer.MAX_VALUE)))
        .containsExactly("aaaaa");
    assertThat(strings(queue.take(ONE_ITEM, OVERHEAD, 10, Integer.MAX_VALUE)))
        .containsExactly("bbbbb");
  }

  @Test
  @DisplayName("a newer update with the same key replaces the queued one")
  void replacementByKey() {
    queue.add("node-1", b("suspect-1"), false);
    queue.add("node-1", b("alive-2"), false);

    assertThat(queue.size()).isEqualTo(1);
    assertThat(strings(queue.take(ROOM, OVERHEAD, 10, Integer.MAX_VALUE)))
        .containsExactly("alive-2");
  }

  @Test
  @DisplayName("an item is retired once sent the retransmit limit of times")
  void retireAtLimit() {
    queue.add("k", b("x"), false);

    for (int i = 0; i < 3; i++) {
      assertThat(queue.contains("k")).isTrue();
      assertThat(strings(queue.take(ROOM, OVERHEAD, 3, Integer.MAX_VALUE))).containsExactly("x");
    }
    assertThat(queue.contains("k")).isFalse();
    assertThat(queue.isEmpty()).isTrue();
    assertThat(queue.take(ROOM, OVERHEAD, 3, Integer.MAX_VALUE)).isEmpty();
  }

  @Test
  @DisplayName("takes what fits the budget and skips what does not")
  void respectsBudget() {
    queue.add("big", b("x".repeat(50)), false);
    queue.add("small", b("yy"), false);

    List<byte[]> taken = queue.take(20, OVERHEAD, 10, Integer.MAX_VALUE);

    assertThat(strings(taken)).containsExactly("yy");
    assertThat(queue.contains("big")).isTrue();
    assertThat(queue.take(OVERHEAD, OVERHEAD, 10, Integer.MAX_VALUE))
        .as("no room for any item")
        .isEmpty();
  }

  @Test
  @DisplayName("beyond its capacity it drops the most-sent, oldest item")
  void boundedCapacity() {
    BroadcastQueue small = new BroadcastQueue(2);
    small.add("a", b("a"), false);
    small.take(ROOM, OVERHEAD, 10, Integer.MAX_VALUE); // a sent once
    small.add("b", b("b"), false);
    small.add("c", b("c"), false);

    assertThat(small.size()).isEqualTo(2);
    assertThat(small.contains("a")).isFalse();
    assertThat(small.contains("b")).isTrue();
    assertThat(small.contains("c")).isTrue();
  }

  @Test
  @DisplayName("among items sent equally often, the last one to reach that count goes first")
  void lastSentFirstAmongEquals() {
    queue.add("a", b("aaaaa"), false);
    queue.add("b", b("bbbbb"), false);
    queue.add("c", b("ccccc"), false);
    // first pass: newest first
    assertThat(strings(queue.take(ONE_ITEM, OVERHEAD, 10, Integer.MAX_VALUE)))
        .containsExactly("ccccc");
    assertThat(strings(queue.take(ONE_ITEM, OVERHEAD, 10, Integer.MAX_VALUE)))
        .containsExactly("bbbbb");
    assertThat(strings(queue.take(ONE_ITEM, OVERHEAD, 10, Integer.MAX_VALUE)))
        .containsExactly("aaaaa");
    // second pass: the one sent last first
    assertThat(strings(queue.take(ONE_ITEM, OVERHEAD, 10, Integer.MAX_VALUE)))
        .containsExactly("aaaaa");
    // one packet takes two: they keep their order and lead the next count
    assertThat(strings(queue.take(2 * ONE_ITEM, OVERHEAD, 10, Integer.MAX_VALUE)))
        .containsExactly("bbbbb", "ccccc");
    assertThat(strings(queue.take(2 * ONE_ITEM, OVERHEAD, 10, Integer.MAX_VALUE)))
        .containsExactly("bbbbb", "ccccc");
    assertThat(strings(queue.take(ONE_ITEM, OVERHEAD, 10, Integer.MAX_VALUE)))
        .containsExactly("aaaaa");
  }

  @Test
  @DisplayName("random use: fewest-sent first, exactly the limit of sends, counters consistent")
  void randomUseAgainstAModel() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
    BroadcastQueue q = new BroadcastQueue(50);
    java.util.Map<String, Integer> sends = new java.util.HashMap<>(); // live key -> sends so far
    java.util.Map<String, String> content = new java.util.HashMap<>();
    int limit = 4;
    for (int step = 0; step < 20_000; step++) {
      if (rnd.nextInt(3) == 0) {
        String key = "k" + rnd.nextInt(80);
        String body = key + "#" + step + "x".repeat(rnd.nextInt(20));
        q.add(key, b(body), false);
        sends.put(key, 0);
        content.put(body, key);
      } else {
        int budget = OVERHEAD + rnd.nextInt(120);
        List<String> out = strings(q.take(budget, OVERHEAD, limit, Integer.MAX_VALUE));
        int used = 0;
        int prevSends = -1;
        for (String body : out) {
          String key = content.get(body);
          assertThat(key).as("only queued bodies come out").isNotNull();
          int n = sends.get(key);
          assertThat(n).as("fewest-sent first").isGreaterThanOrEqualTo(prevSends);
          prevSends = n;
          used += body.length() + OVERHEAD;
          if (n + 1 >= limit) {
            sends.remove(key);
          } else {
            sends.put(key, n + 1);
          }
        }
        assertThat(used).isLessThanOrEqualTo(budget);
      }
      sends.keySet().removeIf(k -> !q.contains(k)); // dropped over capacity
      assertThat(q.size()).isEqualTo(sends.size());
      for (String k : sends.keySet()) {
        assertThat(q.contains(k)).isTrue();
      }
    }
  }

  @Test
  @DisplayName("counts far beyond any real retransmit limit still order the queue")
  void veryHighTransmitCounts() {
    queue.add("a", b("aaaaa"), false);
    for (int i = 0; i < 5_000; i++) {
      assertThat(strings(queue.take(ONE_ITEM, OVERHEAD, Integer.MAX_VALUE, Integer.MAX_VALUE)))
          .containsExactly("aaaaa");
    }
    queue.add("b", b("bbbbb"), false);
    assertThat(strings(queue.take(ONE_ITEM, OVERHEAD, Integer.MAX_VALUE, Integer.MAX_VALUE)))
        .containsExactly("bbbbb");
    assertThat(strings(queue.take(2 * ONE_ITEM, OVERHEAD, Integer.MAX_VALUE, Integer.MAX_VALUE)))
        .containsExactly("bbbbb", "aaaaa");
    assertThat(queue.size()).isEqualTo(2);
  }
}
