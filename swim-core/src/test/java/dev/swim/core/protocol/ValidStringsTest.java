package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ValidStrings")
class ValidStringsTest {

  final List<String> checked = new ArrayList<>();
  final ValidStrings valid =
      new ValidStrings(
          s -> {
            checked.add(s);
            return s.startsWith("ok");
          });

  @Test
  @DisplayName("the same string is checked once; an equal but other instance is checked again")
  void rememberedByReference() {
    String s = "ok-1";
    assertThat(valid.test(s)).isTrue();
    assertThat(valid.test(s)).isTrue();
    assertThat(checked).hasSize(1);

    String copy = new String(s.toCharArray());
    assertThat(valid.test(copy)).isTrue();
    assertThat(checked).hasSize(2);
  }

  @Test
  @DisplayName("a string that fails is never remembered")
  void failuresAreCheckedEveryTime() {
    String s = "bad";
    assertThat(valid.test(s)).isFalse();
    assertThat(valid.test(s)).isFalse();
    assertThat(checked).hasSize(2);
  }

  @Test
  @DisplayName("many strings replace each other in fixed room and are still judged right")
  void fixedRoom() {
    for (int i = 0; i < 10_000; i++) {
      assertThat(valid.test("ok-" + i)).isTrue();
      assertThat(valid.test("no-" + i)).isFalse();
    }
  }
}
