package dev.swim.core.wire;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.swim.core.wire.DecodeException.Reason;
import java.util.Arrays;
import java.util.Objects;

/**
 * Bounds-checked reads of the wire format's primitives from a slice of a byte array. Every read
 * that runs past the slice throws {@link Reason#TRUNCATED}, every out-of-range value {@link
 * Reason#MALFORMED}; nothing else is ever thrown, and no read allocates more than the bytes left.
 */
public final class WireReader {
  private final byte[] buf;
  private final NameCache names;
  private final int limit;
  private int pos;

  /**
   * Reads {@code len} bytes of {@code buf} from {@code off}.
   *
   * @throws IndexOutOfBoundsException if the slice is not inside {@code buf} (a caller bug)
   */
  public WireReader(byte[] buf, int off, int len) {
    this(buf, off, len, null);
  }

  /** As {@link #WireReader(byte[], int, int)}, reading member names through {@code names}. */
  public WireReader(byte[] buf, int off, int len, NameCache names) {
    Objects.checkFromIndexSize(off, len, buf.length);
    this.buf = buf;
    this.pos = off;
    this.limit = off + len;
    this.names = names;
  }

  /** The bytes not read yet. */
  public int remaining() {
    return limit - pos;
  }

  /** Reads one byte as a value in 0..255. */
  public int readByte() throws DecodeException {
    if (pos >= limit) {
      throw truncated("byte");
    }
    return buf[pos++] & 0xFF;
  }

  /** Reads a boolean written as one byte, 0 or 1; any other value is malformed. */
  public boolean readBoolean(String field) throws DecodeException {
    int b = readByte();
    if (b > 1) {
      throw malformed(field + ": boolean byte must be 0 or 1");
    }
    return b == 1;
  }

  /**
   * Reads an unsigned LEB128 varint of at most 10 bytes. Overlong encodings (a final zero byte
   * after the first) and values beyond 64 bits are malformed.
   */
  public long readVarLong() throws DecodeException {
    int p = pos;
    if (p >= limit) {
      throw truncated("varint");
    }
    byte b = buf[p++];
    if (b >= 0) {
      pos = p;
      return b;
    }
    long result = b & 0x7F;
    for (int shift = 7; ; shift += 7) {
      if (p >= limit) {
        throw truncated("varint");
      }
      b = buf[p++];
      if (shift == 63 && (b & 0xFF) > 1) {
        throw malformed("varint overflows 64 bits");
      }
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        if (b == 0) {
          throw malformed("overlong varint");
        }
        pos = p;
        return result;
      }
    }
  }

  /**
   * Reads a varint that must lie in {@code 0..max}.
   *
   * @param field names the value in the exception message
   */
  public int readVarInt(int max, String field) throws DecodeException {
    long v = readVarLong();
    if (v < 0 || v > max) {
      throw malformed(field + ": value out of range 0.." + max);
    }
    return (int) v;
  }

  /**
   * Reads a varint length or count that must be at most {@code max} (else malformed) and at most
   * the bytes left divided by {@code minElementBytes} (else truncated), so a length can never make
   * the caller allocate more than the input holds.
   */
  public int readLength(int max, int minElementBytes, String field) throws DecodeException {
    long v = readVarLong();
    if (v < 0 || v > max) {
      throw malformed(field + ": length or count out of range 0.." + max);
    }
    if (v > (limit - pos) / minElementBytes) {
      throw truncated(field);
    }
    return (int) v;
  }

  /** Reads 8 bytes as a big-endian long. */
  public long readFixedLong() throws DecodeException {
    int p = pos;
    if (limit - p < 8) {
      throw truncated("fixed64");
    }
    byte[] b = buf;
    long v =
        ((long) (b[p] & 0xFF) << 56)
            | ((long) (b[p + 1] & 0xFF) << 48)
            | ((long) (b[p + 2] & 0xFF) << 40)
            | ((long) (b[p + 3] & 0xFF) << 32)
            | ((long) (b[p + 4] & 0xFF) << 24)
            | ((b[p + 5] & 0xFF) << 16)
            | ((b[p + 6] & 0xFF) << 8)
            | (b[p + 7] & 0xFF);
    pos = p + 8;
    return v;
  }

  /**
   * Reads a varint byte length of at most {@code maxBytes}, then that many bytes as UTF-8; invalid
   * UTF-8 (including overlong forms and encoded surrogates) is malformed.
   */
  public String readString(int maxBytes, String field) throws DecodeException {
    int len = readLength(maxBytes, 1, field);
    return utf8(len);
  }

  /**
   * Reads a member name: as {@link #readString}, but a name seen recently comes back as the same
   * instance (see {@link NameCache}).
   */
  public String readName(int maxBytes, String field) throws DecodeException {
    int len = readLength(maxBytes, 1, field);
    if (names != null && len > 0) {
      String s = names.intern(buf, pos, len);
      if (s != null) {
        pos += len;
        return s;
      }
    }
    return utf8(len);
  }

  /** Like {@link #readString} but an empty string is malformed. */
  public String readNonEmptyString(int maxBytes, String field) throws DecodeException {
    int len = readLength(maxBytes, 1, field);
    if (len == 0) {
      throw malformed(field + ": must not be empty");
    }
    return utf8(len);
  }

  /** Reads a varint length of at most {@code maxBytes}, then that many bytes into a new array. */
  public byte[] readBytes(int maxBytes, String field) throws DecodeException {
    int len = readLength(maxBytes, 1, field);
    byte[] out = new byte[len];
    System.arraycopy(buf, pos, out, 0, len);
    pos += len;
    return out;
  }

  /**
   * Returns a reader over the next {@code len} bytes and skips them in this reader.
   *
   * @throws DecodeException {@link Reason#TRUNCATED} if fewer bytes are left
   */
  public WireReader slice(int len) throws DecodeException {
    if (len < 0 || len > limit - pos) {
      throw truncated("slice");
    }
    WireReader r = new WireReader(buf, pos, len, names);
    pos += len;
    return r;
  }

  /** Throws {@link Reason#MALFORMED} unless every byte has been read. */
  public void expectEnd(String what) throws DecodeException {
    if (pos != limit) {
      throw malformed(what + ": " + (limit - pos) + " trailing bytes");
    }
  }

  private String utf8(int len) throws DecodeException {
    if (len == 0) {
      return "";
    }
    int p = pos;
    String s = new String(buf, p, len, UTF_8);
    // The JDK decoder replaces every malformed sequence with U+FFFD; only then is a check needed
    // (for Latin-1 strings indexOf returns at once). Strictness keeps decoding exact: whatever is
    // accepted re-encodes to the same bytes, so within the same limits.
    if (s.indexOf('\uFFFD') >= 0) {
      byte[] exact = s.getBytes(UTF_8);
      if (!Arrays.equals(exact, 0, exact.length, buf, p, p + len)) {
        throw malformed("invalid UTF-8");
      }
    }
    pos = p + len;
    return s;
  }

  static DecodeException truncated(String what) {
    return new DecodeException(Reason.TRUNCATED, "truncated " + what);
  }

  static DecodeException malformed(String message) {
    return new DecodeException(Reason.MALFORMED, message);
  }
}
