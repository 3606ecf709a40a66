package dev.swim.core.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WireWriterTest {

  @Test
  void stringsAreEncodedExactlyAsStringGetBytesDoes() throws Exception {
    Random rnd = new Random(3);
    for (int i = 0; i < 20_000; i++) {
      String s = randomChars(rnd, rnd.nextInt(40));
      byte[] expected = s.getBytes(UTF_8);
      assertThat(WireWriter.utf8Length(s)).as("utf8Length of %s", s).isEqualTo(expected.length);
      WireWriter w = new WireWriter(0);
      w.writeString(s);
      byte[] out = w.toByteArray();
      WireReader r = new WireReader(out, 0, out.length);
      assertThat(r.readVarLong()).isEqualTo(expected.length);
      byte[] bytes = new byte[r.remaining()];
      System.arraycopy(out, out.length - bytes.length, bytes, 0, bytes.length);
      assertThat(bytes).as("UTF-8 of %s", s).isEqualTo(expected);
    }
  }

  @Test
  void strictLengthFlagsOnlyUnpairedSurrogates() {
    assertThat(WireWriter.utf8Length("a😀b", true)).isEqualTo(6);
    assertThat(WireWriter.utf8Length("a\uD83D", true)).isEqualTo(-1);
    assertThat(WireWriter.utf8Length("\uDE00a", true)).isEqualTo(-1);
    assertThat(WireWriter.utf8Length("\uDE00a", false)).isEqualTo(2);
  }

  @Test
  void theBufferGrowsFromZero() {
    WireWriter w = new WireWriter(0);
    for (int i = 0; i < 1000; i++) {
      w.writeByte(i);
    }
    w.writeBytes(new byte[5000]);
    assertThat(w.size()).isEqualTo(6000);
    assertThat(w.toByteArray()[999]).isEqualTo((byte) 999);
    w.reset();
    assertThat(w.size()).isZero();
  }

  @Test
  void varLongSizeMatchesTheEncoding() {
    assertThat(WireWriter.varLongSize(0)).isEqualTo(1);
    assertThat(WireWriter.varLongSize(127)).isEqualTo(1);
    assertThat(WireWriter.varLongSize(128)).isEqualTo(2);
    assertThat(WireWriter.varLongSize(65_507)).isEqualTo(3);
    assertThat(WireWriter.varLongSize(Long.MAX_VALUE)).isEqualTo(9);
    assertThat(WireWriter.varLongSize(-1)).isEqualTo(10);
  }

  /** Any chars at all, unpaired surrogates included. */
  private static String randomChars(Random rnd, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      switch (rnd.nextInt(5)) {
        case 0 -> sb.append((char) (0xD800 + rnd.nextInt(0x800)));
        case 1 -> sb.append((char) rnd.nextInt(0x10000));
        case 2 -> sb.appendCodePoint(0x10000 + rnd.nextInt(0x100000));
        case 3 -> sb.append((char) (0x80 + rnd.nextInt(0x780)));
        default -> sb.append((char) rnd.nextInt(0x80));
      }
    }
    return sb.toString();
  }
}
