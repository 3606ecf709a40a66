package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The copy the runtime publishes every second carries every counter, present and future. */
@DisplayName("ProtocolStats copy")
class ProtocolStatsCopyTest {

  @Test
  @DisplayName("copies every counter field, and later changes to the original do not reach it")
  void copiesEveryField() throws Exception {
    ProtocolStats original = new ProtocolStats();
    List<Field> fields = counterFields();
    long v = 1;
    for (Field f : fields) {
      if (f.getType() == long.class) {
        f.setLong(original, v++);
      } else {
        long[] a = (long[]) f.get(original);
        for (int i = 0; i < a.length; i++) {
          a[i] = v++;
        }
      }
    }

    ProtocolStats copy = new ProtocolStats(original);
    original.suspicions += 1000;
    original.messagesSent[0] += 1000;

    long expected = 1;
    for (Field f : fields) {
      if (f.getType() == long.class) {
        assertThat(f.getLong(copy)).as(f.getName()).isEqualTo(expected++);
      } else {
        long[] a = (long[]) f.get(copy);
        for (int i = 0; i < a.length; i++) {
          assertThat(a[i]).as(f.getName() + "[" + i + "]").isEqualTo(expected++);
        }
      }
    }
  }

  private static List<Field> counterFields() {
    List<Field> out = new ArrayList<>();
    for (Field f : ProtocolStats.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      assertThat(f.getType()).as(f.getName()).isIn(long.class, long[].class);
      f.setAccessible(true);
      out.add(f);
    }
    assertThat(out).hasSizeGreaterThan(30);
    return out;
  }
}
