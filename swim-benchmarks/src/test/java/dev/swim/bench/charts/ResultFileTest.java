package dev.swim.bench.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Result files: JSON Lines whose every row says which command, commit and date produced it. */
class ResultFileTest {
  @TempDir Path dir;

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("x.jsonl"), text);
  }

  @Test
  void readsRowsSkippingBlankLines() throws IOException {
    ResultFile f =
        ResultFile.read(
            write(
                "{\"command\":\"c\",\"commit\":\"abc\",\"date\":\"2026-12-07\",\"n\":1,"
                    + "\"v\":[1,2]}\n\n"
                    + "{\"command\":\"c\",\"commit\":\"abc\",\"date\":\"2026-12-07\",\"n\":2,"
                    + "\"s\":\"x\",\"z\":null}\n"));
    assertThat(f.name()).isEqualTo("x.jsonl");
    assertThat(f.rows()).hasSize(2);
    assertThat(f.rows().get(0).number("n")).isEqualTo(1.0);
    assertThat(f.rows().get(0).numbers("v")).containsExactly(1.0, 2.0);
    assertThat(f.rows().get(1).line()).isEqualTo(3);
    assertThat(f.rows().get(1).string("s")).isEqualTo("x");
    assertThat(f.rows().get(1).has("z")).isFalse();
    assertThat(f.rows().get(1).has("n")).isTrue();
    assertThatThrownBy(() -> f.rows().get(1).number("s"))
        .hasMessage("x.jsonl line 3: field s must be a number");
  }

  @Test
  void aRowWithoutItsProvenanceIsAnErrorNamingFileAndLine() throws IOException {
    Path p = write("{\"command\":\"c\",\"commit\":\"abc\",\"date\":\"d\"}\n{\"command\":\"c\"}\n");
    assertThatThrownBy(() -> ResultFile.read(p))
        .hasMessage("x.jsonl line 2: field commit must be a string");
    Path noDate = write("{\"command\":\"c\",\"commit\":\"abc\"}\n");
    assertThatThrownBy(() -> ResultFile.read(noDate))
        .hasMessage("x.jsonl line 1: field date must be a string");
  }

  @Test
  void aFileWithoutRowsOrWithAnythingButObjectsIsAnError() throws IOException {
    Path empty = write("\n  \n");
    assertThatThrownBy(() -> ResultFile.read(empty)).hasMessageContaining("x.jsonl: no rows");
    Path array = write("[1]\n");
    assertThatThrownBy(() -> ResultFile.read(array))
        .hasMessage("x.jsonl line 1: not a JSON object");
    Path broken = write("{\"command\":\n");
    assertThatThrownBy(() -> ResultFile.read(broken))
        .hasMessageStartingWith("x.jsonl line 1: JSON");
  }
}
