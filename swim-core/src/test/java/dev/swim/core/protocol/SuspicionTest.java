package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Suspicion (Lifeguard)")
class SuspicionTest {

  static final long START = 10_000;
  static final long MIN = 4_000;
  static final long MAX = 24_000;

  final Suspicion suspicion = new Suspicion(START, 3, MIN, MAX, 2, "accuser");

  @Test
  @DisplayName("with no confirmation the timeout is the max, from when it started")
  void startsAtMax() {
    assertThat(suspicion.deadline()).isEqualTo(START + MAX);
  }

  @Test
  @DisplayName("each independent confirmation shrinks the timeout, down to the min at k")
  void confirmationsShrinkTheTimeout() {
    assertThat(suspicion.confirm("b")).isTrue();
    assertThat(suspicion.deadline())
        .isEqualTo(START + Formulas.suspicionTimeoutMillis(MIN, MAX, 2, 1))
        .isLessThan(START + MAX);

    assertThat(suspicion.confirm("c")).isTrue();
    assertThat(suspicion.deadline()).isEqualTo(START + MIN);
  }

  @Test
  @DisplayName("the accuser and repeated confirmers do not count")
  void accuserAndDuplicatesDoNotCount() {
    assertThat(suspicion.confirm("accuser")).isFalse();
    assertThat(suspicion.confirm("b")).isTrue();
    assertThat(suspicion.confirm("b")).isFalse();

    assertThat(suspicion.confirmations()).isEqualTo(1);
  }

  @Test
  @DisplayName("confirmations beyond k are not counted")
  void noMoreThanK() {
    suspicion.confirm("b");
    suspicion.confirm("c");

    assertThat(suspicion.confirm("d")).isFalse();
    assertThat(suspicion.confirmations()).isEqualTo(2);
    assertThat(suspicion.deadline()).isEqualTo(START + MIN);
  }

  @Test
  @DisplayName("with a larger k every confirmer is remembered, the third and later ones too")
  void largerK() {
    Suspicion wide = new Suspicion(START, 3, MIN, MAX, 4, "accuser");
    for (String c : new String[] {"b", "c", "d"}) {
      assertThat(wide.confirm(c)).isTrue();
    }
    for (String c : new String[] {"b", "c", "d", "accuser"}) {
      assertThat(wide.confirm(c)).isFalse();
    }
    assertThat(wide.confirmations()).isEqualTo(3);
    assertThat(wide.confirm("e")).isTrue();
    assertThat(wide.confirm("f")).isFalse();
    assertThat(wide.confirmations()).isEqualTo(4);
    assertThat(wide.deadline()).isEqualTo(START + MIN);
  }

  @Test
  @DisplayName("with k = 0 (too few members to confirm) the timeout is the min")
  void noConfirmationsWanted() {
    Suspicion small = new Suspicion(START, 0, MIN, MAX, 0, "accuser");

    assertThat(small.deadline()).isEqualTo(START + MIN);
    assertThat(small.confirm("b")).isFalse();
  }
}
