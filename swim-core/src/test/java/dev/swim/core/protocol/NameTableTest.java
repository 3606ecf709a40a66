package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The member table's index behaves as a map from name to entry under any mix of operations. */
class NameTableTest {

  private static MemberEntry entry(String name) {
    return new MemberEntry(
        new MemberInfo(name, new NodeAddress("10.0.0.1", 7946), 1, Map.of()),
        0,
        MemberState.ALIVE,
        0);
  }

  @Test
  void agreesWithAHashMapUnderRandomPutsGetsAndRemoves() {
    for (long seed = 1; seed <= 10; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      NameTable table = new NameTable();
      Map<String, MemberEntry> reference = new HashMap<>();
      int names = 50 + r.nextInt(3_000);
      for (int step = 0; step < 50_000; step++) {
        // a fresh String each time: equal names need not be the same instance
        String name = new String("node-" + r.nextInt(names));
        switch (r.nextInt(4)) {
          case 0, 1 -> {
            MemberEntry e = entry(name);
            table.put(name, e);
            reference.put(name, e);
          }
          case 2 -> {
            MemberEntry held = reference.get(name);
            MemberEntry which = held != null && r.nextBoolean() ? held : entry(name);
            boolean expected = which == held && held != null;
            assertThat(table.remove(name, which)).isEqualTo(expected);
            if (expected) {
              reference.remove(name);
            }
          }
          default -> assertThat(table.get(name)).isSameAs(reference.get(name));
        }
        assertThat(table.size()).isEqualTo(reference.size());
      }
      for (Map.Entry<String, MemberEntry> e : reference.entrySet()) {
        assertThat(table.get(e.getKey())).isSameAs(e.getValue());
      }
      List<MemberEntry> values = new ArrayList<>(table.values());
      assertThat(values).containsExactlyInAnyOrderElementsOf(reference.values());
    }
  }

  @Test
  void emptyTableFindsNothing() {
    NameTable table = new NameTable();
    assertThat(table.get("x")).isNull();
    assertThat(table.remove("x", entry("x"))).isFalse();
    assertThat(table.values()).isEmpty();
  }
}
