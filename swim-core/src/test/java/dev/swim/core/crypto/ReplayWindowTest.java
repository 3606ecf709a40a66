package dev.swim.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {

  private static byte[] packetWithNonce(int n) {
    byte[] p = new byte[30];
    p[0] = 1;
    p[1] = (byte) (n >> 8);
    p[12] = (byte) n;
    return p;
  }

  @Test
  void aNonceSeenWithinTheWindowIsAReplay() {
    AtomicLong clock = new AtomicLong(1_000);
    ReplayWindow w = new ReplayWindow(60_000, 100, clock::get);

    assertThat(w.firstSeen(packetWithNonce(1), 1)).isTrue();
    clock.addAndGet(59_999);
    assertThat(w.firstSeen(packetWithNonce(1), 1)).isFalse();
    assertThat(w.firstSeen(packetWithNonce(2), 1)).isTrue();
  }

  @Test
  void aNonceIsForgottenAfterTheWindow() {
    AtomicLong clock = new AtomicLong(0);
    ReplayWindow w = new ReplayWindow(60_000, 100, clock::get);
    w.firstSeen(packetWithNonce(1), 1);

    clock.addAndGet(60_000);

    assertThat(w.firstSeen(packetWithNonce(1), 1)).isTrue();
    assertThat(w.size()).isEqualTo(1);
  }

  @Test
  void theOldestNoncesGiveWayBeyondTheCapacity() {
    ReplayWindow w = new ReplayWindow(60_000, 3, () -> 0);
    for (int i = 0; i < 4; i++) {
      assertThat(w.firstSeen(packetWithNonce(i), 1)).isTrue();
    }

    assertThat(w.size()).isEqualTo(3);
    assertThat(w.firstSeen(packetWithNonce(3), 1)).isFalse();
    assertThat(w.firstSeen(packetWithNonce(0), 1)).as("evicted").isTrue();
  }
}
