package dev.swim.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Honest members under attack by outsiders and by lying insiders, in random sequences of forged,
 * replayed, oversized and well-formed-but-lying messages (see {@link AdversarialRun}): no honest
 * live member is held DEAD or at another address for longer than one suspicion timeout, nobody's
 * table outgrows its bound, no exception escapes; and the attacks did reach the protocol.
 */
@DisplayName("Adversaries (simulation)")
class AdversarialSimulationTest {

  @ParameterizedTest(name = "{0} honest, {1} {2}s, seed {3}, {4} loss")
  @CsvSource({
    "100, 10, OUTSIDER, 1, 0.0",
    "100, 10, INSIDER, 1, 0.0",
    "100, 10, INSIDER, 2, 0.05",
  })
  void noLastingHarm(
      int honest, int adversaries, AdversarialRun.Kind kind, long seed, double loss) {
    AdversarialRun.Result r =
        new AdversarialRun(honest, adversaries, kind, seed, 120_000, loss).run();
    System.out.println("[simulation] " + r.toJson());

    assertThat(r.violations()).isEmpty();
    assertThat(r.maxTrackedMembers()).isLessThanOrEqualTo(4 * (honest + adversaries) + 64);
    // the attacks were real: each kind of defence had something to refuse
    assertThat(r.attacks()).isEqualTo(1200L * adversaries);
    assertThat(r.rejected()).isPositive();
    assertThat(r.droppedOversized()).isPositive();
    assertThat(r.conflicts()).isPositive();
    // what went back to spoofed sources stays within three times what came from them
    assertThat(r.bytesToSpoofed()).isLessThanOrEqualTo(3 * r.bytesInjectedSpoofed());
    // a fake member never answers, so it gets pings and never gossip: on average less than two
    // small pings from each honest member over its short life
    assertThat(r.ghosts()).isPositive();
    assertThat(r.bytesToGhosts() / r.ghosts()).isLessThan(2L * 100 * honest);
  }
}
