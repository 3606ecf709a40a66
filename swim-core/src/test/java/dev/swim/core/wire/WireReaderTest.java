package dev.swim.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.wire.DecodeException.Reason;
import org.junit.jupiter.api.Test;

class WireReaderTest {

  private static WireReader reader(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return new WireReader(b, 0, b.length);
  }

  private static Reason reasonOf(ThrowingRunnable r) {
    try {
      r.run();
    } catch (DecodeException e) {
      return e.reason();
    }
    throw new AssertionError("expected a DecodeException");
  }

  private interface ThrowingRunnable {
    void run() throws DecodeException;
  }

  @Test
  void varintsRoundTripAtEveryLengthBoundary() throws Exception {
    for (int bits = 0; bits <= 64; bits++) {
      long base = bits == 64 ? -1L : (1L << bits) - 1;
      for (long v : new long[] {base, base + 1, -base}) {
        WireWriter w = new WireWriter(0);
        w.writeVarLong(v);
        assertThat(w.size()).isEqualTo(WireWriter.varLongSize(v));
        byte[] b = w.toByteArray();
        WireReader r = new WireReader(b, 0, b.length);
        assertThat(r.readVarLong()).isEqualTo(v);
        assertThat(r.remaining()).isZero();
      }
    }
  }

  @Test
  void overlongVarintsAreMalformed() {
    assertThat(reasonOf(() -> reader(0x80, 0x00).readVarLong())).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(() -> reader(0xFF, 0x80, 0x00).readVarLong())).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void varintsBeyond64BitsAreMalformed() {
    int[] tenthByteTwo = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02};
    int[] elevenBytes = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x81, 0x01};
    assertThat(reasonOf(() -> reader(tenthByteTwo).readVarLong())).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(() -> reader(elevenBytes).readVarLong())).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void theLargestVarintIsTenBytes() throws Exception {
    int[] max = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
    assertThat(reader(max).readVarLong()).isEqualTo(-1L);
  }

  @Test
  void anUnfinishedVarintIsTruncated() {
    assertThat(reasonOf(() -> reader().readVarLong())).isEqualTo(Reason.TRUNCATED);
    assertThat(reasonOf(() -> reader(0x80).readVarLong())).isEqualTo(Reason.TRUNCATED);
    assertThat(reasonOf(() -> reader(0xFF, 0xFF).readVarLong())).isEqualTo(Reason.TRUNCATED);
  }

  @Test
  void readsPastTheEndAreTruncated() {
    assertThat(reasonOf(() -> reader().readByte())).isEqualTo(Reason.TRUNCATED);
    assertThat(reasonOf(() -> reader(1, 2, 3, 4, 5, 6, 7).readFixedLong()))
        .isEqualTo(Reason.TRUNCATED);
    assertThat(reasonOf(() -> reader(5, 'a', 'b').readString(255, "s")))
        .isEqualTo(Reason.TRUNCATED);
    assertThat(reasonOf(() -> reader(5, 1, 2).readBytes(100, "b"))).isEqualTo(Reason.TRUNCATED);
    assertThat(reasonOf(() -> reader(1, 2).slice(3))).isEqualTo(Reason.TRUNCATED);
  }

  @Test
  void lengthsAboveTheirLimitAreMalformedEvenWhenTheBytesAreThere() {
    assertThat(reasonOf(() -> reader(3, 'a', 'b', 'c').readString(2, "s")))
        .isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(() -> reader(3, 1, 2, 3).readBytes(2, "b"))).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(() -> reader(3).readVarInt(2, "v"))).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void aCountIsLimitedByTheBytesLeft() throws Exception {
    assertThat(reader(2, 0, 0, 0, 0).readLength(10, 2, "c")).isEqualTo(2);
    assertThat(reasonOf(() -> reader(3, 0, 0, 0, 0).readLength(10, 2, "c")))
        .isEqualTo(Reason.TRUNCATED);
  }

  @Test
  void fixedLongsAreBigEndian() throws Exception {
    assertThat(reader(0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF).readFixedLong())
        .isEqualTo(0x0123_4567_89AB_CDEFL);
    WireWriter w = new WireWriter();
    w.writeFixedLong(0x0123_4567_89AB_CDEFL);
    assertThat(w.toByteArray()).containsExactly(0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF);
  }

  @Test
  void aSliceIsIndependentAndAdvancesTheParent() throws Exception {
    WireReader r = reader(1, 2, 3, 4);
    WireReader s = r.slice(2);
    assertThat(r.remaining()).isEqualTo(2);
    assertThat(s.readByte()).isEqualTo(1);
    assertThat(s.readByte()).isEqualTo(2);
    assertThat(reasonOf(s::readByte)).isEqualTo(Reason.TRUNCATED);
    assertThat(r.readByte()).isEqualTo(3);
  }

  @Test
  void expectEndRejectsTrailingBytes() throws Exception {
    WireReader r = reader(1, 2);
    r.readByte();
    assertThat(reasonOf(() -> r.expectEnd("x"))).isEqualTo(Reason.MALFORMED);
    r.readByte();
    r.expectEnd("x");
  }

  @Test
  void aSliceOutsideTheArrayIsACallerBug() {
    assertThatThrownBy(() -> new WireReader(new byte[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
