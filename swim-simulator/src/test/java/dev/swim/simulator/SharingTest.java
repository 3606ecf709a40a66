package dev.swim.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.MemberInfo;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The records and updates all simulated nodes share: shared by content, and bounded. */
@DisplayName("Simulator's sharing")
class SharingTest {

  /**
   * {@code make(i)} makes a new value, equal for equal {@code i}: an equal copy gets the first one
   * back until {@code bound} values are held, then the next new value empties the map.
   */
  private static <T> void sharedUntilTheBound(
      UnaryOperator<T> intern, IntFunction<T> make, int bound) {
    T first = make.apply(0);
    assertThat(intern.apply(first)).isSameAs(first);
    assertThat(intern.apply(make.apply(0))).as("an equal copy").isSameAs(first);
    for (int i = 1; i < bound; i++) {
      T v = make.apply(i);
      assertThat(intern.apply(v)).isSameAs(v); // new: held as given
    }
    assertThat(intern.apply(make.apply(0))).as("still held at the bound").isSameAs(first);

    T extra = make.apply(-1);
    assertThat(intern.apply(extra)).isSameAs(extra); // one more: the map is emptied first
    T copy = make.apply(0);
    assertThat(intern.apply(copy)).as("forgotten, and equal").isSameAs(copy).isEqualTo(first);
  }

  @Test
  @DisplayName("equal queued updates share one array until the bound empties the map")
  void encodedUpdates() {
    Simulator.Sharing sharing = new Simulator.Sharing();
    sharedUntilTheBound(
        sharing::internEncoded,
        i -> ByteBuffer.allocate(4).putInt(i).array(),
        Simulator.Sharing.MAX_ENCODED);
  }

  @Test
  @DisplayName("equal member records share one instance until the bound empties the map")
  void memberRecords() {
    Simulator.Sharing sharing = new Simulator.Sharing();
    sharedUntilTheBound(
        sharing::intern,
        i -> new MemberInfo("m" + i, new NodeAddress("10.0.0.1", 7946), i, Map.of()),
        Simulator.Sharing.MAX_RECORDS);
  }
}
