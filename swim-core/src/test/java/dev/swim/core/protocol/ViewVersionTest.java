package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.Member;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Dead;
import dev.swim.core.wire.Message.Ping;
import dev.swim.core.wire.Message.Suspect;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SwimNode#viewVersion()} moves exactly when {@link SwimNode#members()} shows news. */
class ViewVersionTest {
  static final String B = "node-b";
  static final NodeAddress B_ADDR = new NodeAddress("10.0.0.2", 7946);
  static final NodeAddress C_ADDR = new NodeAddress("10.0.0.3", 7946);

  NodeUnderTest t;

  @BeforeEach
  void setUp() {
    t = new NodeUnderTest("self", new NodeAddress("10.0.0.1", 7946), 42);
  }

  long version() {
    return t.node.viewVersion();
  }

  /** Runs {@code change} and tells whether the version moved and whether members() changed. */
  boolean moved(Runnable change) {
    long before = version();
    var viewBefore = t.node.members();
    change.run();
    boolean versionMoved = version() != before;
    assertThat(versionMoved)
        .as("version moves iff members() changes")
        .isEqualTo(!t.node.members().equals(viewBefore));
    return versionMoved;
  }

  @Test
  void movesWithEveryVisibleChange() {
    assertThat(moved(() -> t.receive(C_ADDR, new Alive(B, B_ADDR, 1, 7, Map.of())))).isTrue();
    assertThat(moved(() -> t.receive(C_ADDR, new Alive(B, B_ADDR, 2, 7, Map.of("k", "v")))))
        .isTrue();
    assertThat(moved(() -> t.receive(C_ADDR, new Suspect(B, 2, 7, "node-c")))).isTrue();
    assertThat(moved(() -> t.receive(C_ADDR, new Dead(B, 2, 7, "node-c")))).isTrue();
    assertThat(moved(() -> t.node.updateMetadata(0, Map.of("zone", "a")))).isTrue();
  }

  @Test
  void staysForWhatChangesNothing() {
    t.receive(C_ADDR, new Alive(B, B_ADDR, 3, 7, Map.of()));
    assertThat(moved(() -> t.receive(C_ADDR, new Alive(B, B_ADDR, 2, 7, Map.of())))).isFalse();
    assertThat(moved(() -> t.receive(C_ADDR, new Alive(B, B_ADDR, 3, 7, Map.of())))).isFalse();
    assertThat(moved(() -> t.receive(C_ADDR, new Ping(1, "self", "node-c", C_ADDR)))).isFalse();
  }

  @Test
  void startIsAVisibleChangeThatADriverDrains() {
    t.node.trackViewChanges();
    assertThat(moved(() -> t.node.start(5_000))).isTrue();

    Map<String, Member> drained = new HashMap<>();
    t.node.drainViewChanges(drained::put);

    assertThat(drained).containsOnlyKeys("self");
    assertThat(drained.get("self").since())
        .as("the start time, not the creation time")
        .isEqualTo(5_000);
    t.node.drainViewChanges((name, m) -> drained.put("again:" + name, m));
    assertThat(drained).as("a drain forgets what it handed over").hasSize(1);
  }
}
