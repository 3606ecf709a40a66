package dev.swim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessProbeTest {
  private static final int BLOCK = 32 * 1024 * 1024;

  // the block is held as many 32 KB arrays: one 32 MB array is a humongous object to G1, counted
  // in whole regions (up to one region more than its size), which is not what is being tested
  private static final int PIECE = 32 * 1024;

  @Test
  void heldBytesCountsWhatIsLiveAndNotWhatWasCollected() {
    long before = ProcessProbe.heldBytes();
    byte[][] kept = new byte[BLOCK / PIECE][];
    for (int i = 0; i < kept.length; i++) {
      kept[i] = new byte[PIECE];
      kept[i][PIECE - 1] = 1;
    }
    long holding = ProcessProbe.heldBytes();
    assertThat(holding - before).isBetween(BLOCK - 1024L * 1024, BLOCK + 4L * 1024 * 1024);
    assertThat(kept[kept.length - 1][PIECE - 1]).isEqualTo((byte) 1); // kept live until here

    kept = null;
    for (int i = 0; i < 64; i++) {
      byte[] garbage = new byte[1024 * 1024]; // garbage the collections must not count
      garbage[0] = (byte) i;
    }
    long released = ProcessProbe.heldBytes();
    assertThat(released - before).isLessThan(4L * 1024 * 1024);
  }

  @Test
  void liveHeapIsPositiveAndBelowTheMaximum() {
    ProcessProbe.heldBytes();
    long live = ProcessProbe.liveHeapAfterLastCollection();
    assertThat(live).isPositive();
    assertThat(live).isLessThan(Runtime.getRuntime().maxMemory());
  }
}
