package dev.swim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the coordinator reads a worker's answers: through a stand-in worker (a shell script) that
 * answers, fails, ends or hangs.
 */
class SpreadHarnessWorkerTest {
  private Process process;

  private SpreadHarness.Worker worker(String script, long timeoutMs) throws IOException {
    assumeThat(new File("/bin/sh")).exists();
    process = new ProcessBuilder("/bin/sh", "-c", script).start();
    return new SpreadHarness.Worker(1, 5, process, timeoutMs);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void eachCommandGetsItsOwnAnswerLine() throws IOException {
    SpreadHarness.Worker w = worker("while read c; do echo \"got $c\"; done", 60_000);
    assertThat(w.ask("figures")).isEqualTo("got figures");
    assertThat(w.ask("held")).isEqualTo("got held");
  }

  @Test
  void anErrorAnswerIsAFailureNamingTheCommand() throws IOException {
    SpreadHarness.Worker w = worker("read c; echo 'error IllegalStateException: boom'", 60_000);
    assertThatThrownBy(() -> w.ask("alive 64"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("alive 64")
        .hasMessageContaining("error IllegalStateException: boom");
  }

  @Test
  void aWorkerThatEndedIsAFailureWithItsStatus() throws IOException {
    SpreadHarness.Worker w = worker("read c; exit 3", 60_000);
    assertThatThrownBy(() -> w.ask("totals"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nodes 1..4 ended with status 3");
  }

  @Test
  void aWorkerThatDoesNotAnswerIsAFailureAndIsNotAskedAgain() throws IOException {
    SpreadHarness.Worker w = worker("read c; sleep 600", 200);
    assertThatThrownBy(() -> w.ask("held"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("gave no answer to 'held'");
    assertThatThrownBy(() -> w.ask("held"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stopped answering earlier");
  }
}
