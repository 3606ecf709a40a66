package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MemberTable")
class MemberTableTest {

  static MemberEntry entry(String name, MemberState state) {
    MemberInfo info =
        new MemberInfo(
            name, new NodeAddress("10.0.0." + (name.hashCode() & 0x7f), 7946), 1, Map.of());
    return new MemberEntry(info, 0, state, 0);
  }

  static MemberTable table(long seed, int others) {
    MemberTable t = new MemberTable("self", new SplittableRandom(seed));
    t.add(entry("self", MemberState.ALIVE));
    for (int i = 0; i < others; i++) {
      t.add(entry("m" + i, MemberState.ALIVE));
    }
    return t;
  }

  static List<String> nextTargets(MemberTable t, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(t.nextProbeTarget().name());
    }
    return out;
  }

  @Test
  @DisplayName("the probe order visits every other member exactly once per cycle")
  void probeOrderVisitsEveryMemberOncePerCycle() {
    MemberTable t = table(1, 20);
    Set<String> everyone = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      everyone.add("m" + i);
    }

    for (int cycle = 0; cycle < 5; cycle++) {
      List<String> round = nextTargets(t, 20);
      assertThat(round).as("cycle %d", cycle).doesNotHaveDuplicates().doesNotContain("self");
      assertThat(new HashSet<>(round)).isEqualTo(everyone);
    }
  }

  @Test
  @DisplayName("the order is reshuffled at every cycle")
  void reshuffledEachCycle() {
    MemberTable t = table(2, 20);
    Set<List<String>> cycles = new HashSet<>();
    for (int cycle = 0; cycle < 5; cycle++) {
      cycles.add(nextTargets(t, 20));
    }
    assertThat(cycles).hasSizeGreaterThan(1);
  }

  @Test
  @DisplayName("DEAD and LEFT members are not probed; SUSPECT members are")
  void skipsDeadAndLeft() {
    MemberTable t = table(3, 6);
    for (String name : List.of("m1", "m2", "m3")) {
      MemberEntry e = t.get(name);
      t.beforeChange(e);
      e.state =
          name.equals("m1")
              ? MemberState.DEAD
              : name.equals("m2") ? MemberState.LEFT : MemberState.SUSPECT;
      t.afterChange(e);
    }

    List<String> targets = nextTargets(t, 12);

    assertThat(targets).doesNotContain("m1", "m2").contains("m0", "m3", "m4", "m5");
    assertThat(t.liveCount()).as("self, m0, m3 (suspect), m4, m5").isEqualTo(5);
  }

  @Test
  @DisplayName("a member added mid-cycle is probed within two cycles")
  void newMemberIsProbedSoon() {
    MemberTable t = table(4, 10);
    nextTargets(t, 5);
    t.add(entry("late", MemberState.ALIVE));

    assertThat(nextTargets(t, 5 + 11)).contains("late");
  }

  @Test
  @DisplayName("the digest depends on the members, not on the order they were added")
  void digestIsOrderIndependent() {
    MemberTable a = new MemberTable("self", new SplittableRandom(5));
    MemberTable b = new MemberTable("self", new SplittableRandom(6));
    List<String> names = List.of("self", "x", "y", "z");
    for (String n : names) {
      a.add(entry(n, MemberState.ALIVE));
    }
    for (String n : List.of("z", "y", "x", "self")) {
      b.add(entry(n, MemberState.ALIVE));
    }
    assertThat(a.digest()).isEqualTo(b.digest());
    assertThat(a.liveDigest()).isEqualTo(b.liveDigest());

    MemberEntry y = b.get("y");
    b.beforeChange(y);
    y.incarnation = 1;
    b.afterChange(y);
    assertThat(b.digest()).isNotEqualTo(a.digest());
    assertThat(b.liveDigest()).as("live digest ignores incarnations").isEqualTo(a.liveDigest());
  }

  @Test
  @DisplayName("random members are distinct, eligible, and never self or the excluded one")
  void randomMembers() {
    MemberTable t = table(7, 10);
    for (int i = 0; i < 50; i++) {
      List<MemberEntry> picked = t.randomMembers(3, "m0", e -> !e.name().equals("m1"));
      assertThat(picked).hasSize(3).doesNotHaveDuplicates();
      assertThat(picked).extracting(MemberEntry::name).doesNotContain("self", "m0", "m1");
    }
  }
}
