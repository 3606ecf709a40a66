package dev.swim.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KeyringTest {

  static byte[] key(int length, int seed) {
    byte[] k = new byte[length];
    for (int i = 0; i < length; i++) {
      k[i] = (byte) (seed * 37 + i * 11);
    }
    return k;
  }

  @Test
  void acceptsAes128And192And256Keys() {
    Keyring ring = new Keyring(List.of(key(16, 1), key(24, 2), key(32, 3)));

    assertThat(ring.size()).isEqualTo(3);
    assertThat(ring.fingerprints())
        .containsExactly(
            Keyring.fingerprint(key(16, 1)),
            Keyring.fingerprint(key(24, 2)),
            Keyring.fingerprint(key(32, 3)));
    assertThat(ring.fingerprints()).allMatch(f -> f.matches("[0-9a-f]{8}"));
  }

  @Test
  void refusesOtherLengthsNamingTheLengthOnly() {
    assertThatThrownBy(() -> new Keyring(List.of(key(15, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an AES key must be 16, 24 or 32 bytes, not 15");
    Keyring ring = new Keyring(List.of(key(16, 1)));
    assertThatThrownBy(() -> ring.install(new byte[33]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not 33");
  }

  @Test
  void refusesAnEmptyKeyring() {
    assertThatThrownBy(() -> new Keyring(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one key");
  }

  @Test
  void theFirstKeyIsPrimaryAndUseMovesAnotherToTheFront() {
    byte[] k1 = key(32, 1);
    byte[] k2 = key(32, 2);
    Keyring ring = new Keyring(List.of(k1));

    assertThat(ring.install(k2)).isTrue();
    assertThat(ring.install(k2.clone())).as("already installed").isFalse();
    assertThat(ring.fingerprints().get(0)).isEqualTo(Keyring.fingerprint(k1));

    ring.use(k2);

    assertThat(ring.fingerprints())
        .containsExactly(Keyring.fingerprint(k2), Keyring.fingerprint(k1));
    assertThat(ring.primary().getEncoded()).isEqualTo(k2);
  }

  @Test
  void usingAKeyThatIsNotInstalledFails() {
    Keyring ring = new Keyring(List.of(key(16, 1)));
    byte[] other = key(16, 2);

    assertThatThrownBy(() -> ring.use(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Keyring.fingerprint(other))
        .hasMessageContaining("not installed");
  }

  @Test
  void thePrimaryCannotBeRemovedButOthersCan() {
    byte[] k1 = key(16, 1);
    byte[] k2 = key(16, 2);
    Keyring ring = new Keyring(List.of(k1, k2));

    assertThatThrownBy(() -> ring.remove(k1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Keyring.fingerprint(k1));
    assertThat(ring.remove(k2)).isTrue();
    assertThat(ring.remove(k2)).isFalse();
    assertThat(ring.size()).isEqualTo(1);
  }

  @Test
  void duplicatesAreKeptOnce() {
    Keyring ring = new Keyring(List.of(key(16, 1), key(16, 1), key(16, 2)));

    assertThat(ring.size()).isEqualTo(2);
  }

  @Test
  void changingTheCallersArrayAfterwardsChangesNothing() {
    byte[] k = key(16, 1);
    Keyring ring = new Keyring(new ArrayList<>(List.of(k)));
    String before = ring.fingerprints().get(0);

    k[0] ^= 1;

    assertThat(ring.fingerprints().get(0)).isEqualTo(before);
    assertThat(ring.keys().get(0).getEncoded()).isEqualTo(key(16, 1));
  }

  @Test
  void toStringShowsOnlySizeAndFingerprints() {
    Keyring ring = new Keyring(List.of(key(16, 1)));

    assertThat(ring.toString())
        .isEqualTo("Keyring{size=1, fingerprints=[" + Keyring.fingerprint(key(16, 1)) + "]}");
  }

  @Test
  void readersAlwaysSeeAPrimaryWhileKeysRotate() throws Exception {
    byte[] k1 = key(32, 1);
    byte[] k2 = key(32, 2);
    Keyring ring = new Keyring(List.of(k1, k2));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch done = new CountDownLatch(1);
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    pool.execute(
        () -> {
          for (int i = 0; i < 2_000; i++) {
            ring.use(i % 2 == 0 ? k2 : k1);
          }
          done.countDown();
        });
    pool.execute(
        () -> {
          while (done.getCount() > 0) {
            try {
              assertThat(ring.keys()).hasSize(2);
              assertThat(ring.primary()).isNotNull();
            } catch (Throwable t) {
              errors.add(t);
            }
          }
        });
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(errors).isEmpty();
  }
}
