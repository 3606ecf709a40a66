package dev.swim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessFiguresTest {

  @Test
  void plusAddsEveryFigure() {
    assertThat(new ProcessFigures(1, 20, 3, 40).plus(new ProcessFigures(5, 60, 7, 80)))
        .isEqualTo(new ProcessFigures(6, 80, 10, 120));
  }

  @Test
  void anUnknownFigureInEitherIsUnknownInTheSum() {
    ProcessFigures known = new ProcessFigures(1, 20, 3, 40);
    ProcessFigures unknown = new ProcessFigures(1, -1, 3, -1);
    assertThat(known.plus(unknown)).isEqualTo(new ProcessFigures(2, -1, 6, -1));
    assertThat(unknown.plus(known)).isEqualTo(new ProcessFigures(2, -1, 6, -1));
  }

  @Test
  void aLineParsesBackToTheSameFigures() {
    ProcessFigures f = new ProcessFigures(123_456_789_012L, 9_876_543_210L, 42, -1);
    assertThat(ProcessFigures.parse(f.toLine())).isEqualTo(f);
    assertThat(ProcessFigures.parse(" " + f.toLine() + "\n")).isEqualTo(f);
  }

  @Test
  void aMalformedLineIsAnErrorQuotingIt() {
    assertThatThrownBy(() -> ProcessFigures.parse("1 2 3"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1 2 3");
    assertThatThrownBy(() -> ProcessFigures.parse("1 2 3 4 5"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ProcessFigures.parse("1 2 x 4"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1 2 x 4");
    assertThatThrownBy(() -> ProcessFigures.parse("error NullPointerException: null"))
        .isInstanceOf(IllegalStateException.class);
  }
}
