package dev.swim.core.wire;

import java.util.Arrays;

/**
 * A growable byte buffer that writes the wire format's primitives: bytes, unsigned LEB128 varints,
 * fixed big-endian longs and length-prefixed UTF-8 strings. Not thread-safe; limits are the
 * caller's job.
 */
public final class WireWriter {
  private byte[] buf;
  private int pos;

  /** Creates a writer with a small initial capacity. */
  public WireWriter() {
    this(64);
  }

  /** Creates a writer that holds {@code initialCapacity} bytes before it grows. */
  public WireWriter(int initialCapacity) {
    if (initialCapacity < 0) {
      throw new IllegalArgumentException("initialCapacity must be >= 0, was " + initialCapacity);
    }
    buf = new byte[initialCapacity];
  }

  /** The number of bytes written so far. */
  public int size() {
    return pos;
  }

  /** Forgets everything written, keeping the allocated buffer. */
  public void reset() {
    pos = 0;
  }

  /** A copy of the bytes written so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  /** Writes the low 8 bits of {@code b}. */
  public void writeByte(int b) {
    ensure(1);
    buf[pos++] = (byte) b;
  }

  /** Writes a boolean as one byte, 1 or 0. */
  public void writeBoolean(boolean v) {
    writeByte(v ? 1 : 0);
  }

  /** Writes {@code v} as an unsigned LEB128 varint (1 to 10 bytes; negative values take 10). */
  public void writeVarLong(long v) {
    ensure(10);
    pos = putVarLong(buf, pos, v);
  }

  /** Writes {@code v} as 8 bytes, big-endian. */
  public void writeFixedLong(long v) {
    ensure(8);
    byte[] b = buf;
    int p = pos;
    b[p] = (byte) (v >>> 56);
    b[p + 1] = (byte) (v >>> 48);
    b[p + 2] = (byte) (v >>> 40);
    b[p + 3] = (byte) (v >>> 32);
    b[p + 4] = (byte) (v >>> 24);
    b[p + 5] = (byte) (v >>> 16);
    b[p + 6] = (byte) (v >>> 8);
    b[p + 7] = (byte) v;
    pos = p + 8;
  }

  /** Writes the varint byte length of {@code s} in UTF-8, then its UTF-8 bytes. */
  public void writeString(String s) {
    writeUtf8(s, utf8Length(s));
  }

  /** Appends everything this writer holds to {@code other}. */
  void writeTo(WireWriter other) {
    other.writeBytes(buf, 0, pos);
  }

  /** Writes {@code src} as is, with no length prefix. */
  public void writeBytes(byte[] src) {
    writeBytes(src, 0, src.length);
  }

  /** Writes {@code len} bytes of {@code src} from {@code off}, with no length prefix. */
  public void writeBytes(byte[] src, int off, int len) {
    ensure(len);
    System.arraycopy(src, off, buf, pos, len);
    pos += len;
  }

  /**
   * Writes a string whose UTF-8 length the caller already computed with {@link #utf8Length}.
   * Unpaired surrogates become {@code '?'}, exactly as {@link String#getBytes} does.
   */
  void writeUtf8(String s, int utf8Length) {
    writeVarLong(utf8Length);
    ensure(utf8Length);
    byte[] b = buf;
    int p = pos;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        b[p++] = (byte) c;
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        char next = i + 1 < n ? s.charAt(i + 1) : 0;
        if (Character.isHighSurrogate(c) && Character.isLowSurrogate(next)) {
          int cp = Character.toCodePoint(c, next);
          b[p++] = (byte) (0xF0 | (cp >> 18));
          b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          b[p++] = (byte) (0x80 | (cp & 0x3F));
          i++;
        } else {
          b[p++] = '?';
        }
      } else {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    pos = p;
  }

  /**
   * The number of bytes {@link #writeVarLong} takes for {@code v}: 1 to 10.
   *
   * @param v any long, read as unsigned
   */
  public static int varLongSize(long v) {
    return (63 - Long.numberOfLeadingZeros(v | 1)) / 7 + 1;
  }

  /**
   * The number of bytes {@code s} takes in UTF-8 (an unpaired surrogate counts as one byte, as
   * {@link String#getBytes} replaces it with {@code '?'}). Allocates nothing.
   */
  public static int utf8Length(String s) {
    return utf8Length(s, false);
  }

  /**
   * The UTF-8 length of {@code s}, or -1 when {@code strict} and {@code s} holds an unpaired
   * surrogate (which UTF-8 cannot represent, so it would not round-trip).
   */
  static int utf8Length(String s, boolean strict) {
    int n = s.length();
    int bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes += 1;
        } else if (!Character.isSurrogate(c)) {
          bytes += 2;
        } else if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          bytes += 2; // two chars, four bytes
          i++;
        } else if (strict) {
          return -1;
        }
      }
    }
    return bytes;
  }

  /** The bytes a length-prefixed string of {@code utf8Length} bytes occupies. */
  static int stringSize(int utf8Length) {
    return varLongSize(utf8Length) + utf8Length;
  }

  /**
   * Writes {@code v} as an unsigned varint into {@code dst} at {@code pos}, which must have room.
   *
   * @return the position after the varint
   */
  static int putVarLong(byte[] dst, int pos, long v) {
    while ((v & ~0x7FL) != 0) {
      dst[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    dst[pos++] = (byte) v;
    return pos;
  }

  private void ensure(int more) {
    int needed = pos + more;
    if (needed > buf.length) {
      if (needed < 0) {
        throw new IllegalStateException("WireWriter cannot grow beyond 2 GiB");
      }
      buf = Arrays.copyOf(buf, Math.max(needed, Math.max(16, buf.length * 2)));
    }
  }
}
