package dev.swim.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The persistent member view agrees with a sorted map under random inserts, replacements and
 * removals, stays balanced, and never changes a snapshot a reader already holds.
 */
class MemberViewTest {

  private static Member member(String name, long incarnation) {
    return new Member(
        name, new NodeAddress("10.0.0.1", 7946), MemberState.ALIVE, incarnation, Map.of(), 1, 0);
  }

  @Test
  void agreesWithASortedMapAndStaysBalanced() {
    SplittableRandom random = new SplittableRandom(7);
    TreeMap<String, Member> expected = new TreeMap<>();
    MemberView view = MemberView.EMPTY;
    for (int i = 0; i < 20_000; i++) {
      String name = "m" + random.nextInt(3_000);
      if (random.nextInt(4) == 0) {
        expected.remove(name);
        view = view.without(name);
      } else {
        Member m = member(name, i);
        expected.put(name, m);
        view = view.with(m);
      }
      if (i % 997 == 0) {
        assertThat(view.list()).containsExactlyElementsOf(expected.values());
      }
    }
    assertThat(view.size()).isEqualTo(expected.size());
    assertThat(view.list()).containsExactlyElementsOf(expected.values());
    for (String name : List.of("m0", "m1", "m2999", "absent")) {
      assertThat(view.get(name)).isEqualTo(expected.get(name));
    }
    // AVL: height at most 1.44 log2(n + 2)
    double bound = 1.45 * (Math.log(view.size() + 2) / Math.log(2));
    assertThat((double) view.height()).isLessThanOrEqualTo(bound);
  }

  @Test
  void aSnapshotNeverChanges() {
    MemberView v1 = MemberView.EMPTY.with(member("a", 1)).with(member("b", 1));
    List<Member> held = v1.list();
    MemberView v2 = v1.with(member("a", 2)).without("b").with(member("c", 1));
    assertThat(held).extracting(Member::name).containsExactly("a", "b");
    assertThat(held.get(0).incarnation()).isEqualTo(1);
    assertThat(v1.list()).isSameAs(held); // built once per view
    assertThat(v2.list()).extracting(Member::name).containsExactly("a", "c");
    assertThat(v2.get("a").incarnation()).isEqualTo(2);
    assertThat(v1.without("zzz")).isSameAs(v1);
  }

  @Test
  void theListIsImmutable() {
    List<Member> list = MemberView.EMPTY.with(member("a", 1)).list();
    List<Member> copy = new ArrayList<>(list);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> list.add(member("b", 1)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(list).isEqualTo(copy);
  }
}
