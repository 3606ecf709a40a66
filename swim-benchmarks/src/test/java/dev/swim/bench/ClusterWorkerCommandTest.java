package dev.swim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import org.junit.jupiter.api.Test;

class ClusterWorkerCommandTest {

  @Test
  void encryptionWithoutTheKeyInTheEnvironmentIsRefused() {
    assumeThat(System.getenv(ClusterWorkerCommand.KEY_ENV)).isNull();
    String[] args = {
      "--nodes", "3", "--from", "1", "--to", "3", "--base-port", "20000", "--encrypt"
    };
    assertThatThrownBy(() -> ClusterWorkerCommand.run(args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ClusterWorkerCommand.KEY_ENV);
  }

  @Test
  void aFailedCommandAnswersOneErrorLine() {
    String answer =
        ClusterWorkerCommand.error(new IllegalStateException("first line\nsecond line"));
    assertThat(answer)
        .startsWith(ClusterWorkerCommand.ERROR + " ")
        .isEqualTo("error IllegalStateException: first line second line")
        .doesNotContain("\n");
  }
}
