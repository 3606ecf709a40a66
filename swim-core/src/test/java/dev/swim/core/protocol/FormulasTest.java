package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The formulas match memberlist's LAN figures (swim-anchors.md §2.2): suspicion min {@code 4 x
 * max(1, log10 N) x 1 s}, max 6 x min, retransmits {@code 4 x ceil(log10(N + 1))}, push-pull 30 s
 * scaled by {@code ceil(log2 N - 5) + 1} above 32 members.
 */
@DisplayName("Formulas")
class FormulasTest {

  static final SwimConfig LAN = SwimConfig.lan();

  @ParameterizedTest(name = "N = {0}: suspicion {1}..{2} ms, {3} retransmits, push-pull {4} ms")
  @CsvSource({
    "5,      4000,  24000,  4,  30000",
    "10,     4000,  24000,  8,  30000",
    "100,    8000,  48000, 12,  90000",
    "1000,  12000,  72000, 16, 180000",
    "10000, 16000,  96000, 20, 300000",
  })
  @DisplayName("memberlist's LAN table")
  void lanTable(int n, long min, long max, int retransmits, long pushPull) {
    long probe = LAN.probeInterval().toMillis();
    long actualMin = Formulas.suspicionMinMillis(LAN.suspicionMult(), n, probe);

    assertThat(actualMin).isEqualTo(min);
    assertThat(Formulas.suspicionMaxMillis(actualMin, LAN.suspicionMaxTimeoutMult()))
        .isEqualTo(max);
    assertThat(Formulas.retransmitLimit(LAN.retransmitMult(), n)).isEqualTo(retransmits);
    assertThat(Formulas.pushPullIntervalMillis(LAN.pushPullInterval().toMillis(), n))
        .isEqualTo(pushPull);
  }

  @Test
  @DisplayName("the suspicion minimum uses log10 N, not log10(N + 1): 6.02 s at 32 members")
  void suspicionMinAt32() {
    assertThat(Formulas.suspicionMinMillis(4, 32, 1000)).isEqualTo(6020);
    assertThat(Formulas.suspicionMinMillis(4, 1, 1000)).isEqualTo(4000);
    assertThat(Formulas.suspicionMinMillis(4, 0, 1000)).isEqualTo(4000);
  }

  @Test
  @DisplayName("k = suspicionMult - 2 confirmations, or 0 when fewer than k + 2 others exist")
  void confirmationsWanted() {
    assertThat(Formulas.confirmationsWanted(4, 1000)).isEqualTo(2);
    assertThat(Formulas.confirmationsWanted(4, 4)).isEqualTo(2);
    assertThat(Formulas.confirmationsWanted(4, 3)).isZero();
    assertThat(Formulas.confirmationsWanted(6, 8)).isEqualTo(4);
    assertThat(Formulas.confirmationsWanted(6, 5)).isZero();
    assertThat(Formulas.confirmationsWanted(1, 100)).isZero();
  }

  @Test
  @DisplayName("the timeout falls from max to min logarithmically with confirmations")
  void suspicionTimeoutDecays() {
    // swim-anchors.md: at N = 10, k = 2, from 24 s to about 11.4 s after 1 and 4 s after 2
    assertThat(Formulas.suspicionTimeoutMillis(4000, 24000, 2, 0)).isEqualTo(24000);
    assertThat(Formulas.suspicionTimeoutMillis(4000, 24000, 2, 1)).isEqualTo(11381);
    assertThat(Formulas.suspicionTimeoutMillis(4000, 24000, 2, 2)).isEqualTo(4000);
    assertThat(Formulas.suspicionTimeoutMillis(4000, 24000, 2, 5))
        .as("never below min")
        .isEqualTo(4000);
    assertThat(Formulas.suspicionTimeoutMillis(4000, 24000, 0, 0)).as("k = 0: min").isEqualTo(4000);
  }

  @Test
  @DisplayName("the push-pull period is the base up to 32 members")
  void pushPullBaseUpTo32() {
    assertThat(Formulas.pushPullIntervalMillis(30_000, 32)).isEqualTo(30_000);
    assertThat(Formulas.pushPullIntervalMillis(30_000, 33)).isEqualTo(60_000);
    assertThat(Formulas.pushPullIntervalMillis(30_000, 64)).isEqualTo(60_000);
  }

  @Test
  @DisplayName("SWIM's expected first detection is e / (e - 1) probe periods")
  void expectedFirstDetection() {
    assertThat(Formulas.expectedFirstDetectionMillis(1000)).isCloseTo(1582.0, within(0.5));
  }

  @Test
  @DisplayName("dissemination models: logistic rounds and the log_(f+1) N push bound")
  void disseminationModels() {
    assertThat(Formulas.pushLowerBoundRounds(10_000, 3)).isCloseTo(6.64, within(0.01));
    // ln((n + 1) x / (1 - x)) / (f (1 - loss) / 2)
    assertThat(Formulas.logisticRounds(1000, 3, 0.0, 0.5))
        .isCloseTo(Math.log(1001) / 1.5, within(1e-9));
    assertThat(Formulas.logisticRounds(1000, 3, 0.1, 0.999))
        .isGreaterThan(Formulas.logisticRounds(1000, 3, 0.0, 0.999));
  }
}
