package dev.swim.core.wire;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.swim.core.wire.DecodeException.Reason;
import dev.swim.core.wire.Message.Types;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The binary wire format. A packet (one datagram) is a header, {@code magic(2) | version(1) | label
 * length(1) | label}, followed by one message body or a compound of bodies; a body is a type byte
 * and its fields (unsigned LEB128 varints, length-prefixed UTF-8 strings, 8-byte big-endian start
 * ids and digests). Stream frames carry bare bodies ({@link #encodeMessage}, {@link
 * #decodeMessage}).
 *
 * <p>Decoding is hostile-input safe: it throws only {@link DecodeException}, and never allocates
 * more than the input's size. Immutable and thread-safe.
 */
public final class WireCodec {
  /** The first two bytes of every packet, {@code 'S' 'W'} big-endian. */
  public static final int MAGIC = 0x5357;

  /**
   * The wire format version this codec writes and accepts. Version 2 binds suspect and dead
   * messages to the accused instance's start id.
   */
  public static final int VERSION = 2;

  /** The largest packet {@link #decodePacket} accepts: the largest UDP payload over IPv4. */
  public static final int MAX_DATAGRAM = 65_507;

  /** The largest varint a compound part length can take for parts below 2 MiB. */
  private static final int MAX_PART_LENGTH_VARINT = 3;

  private final String clusterLabel;
  private final byte[] header;
  private final NameCache names;

  /**
   * Creates a codec for one cluster; packets with another label are rejected.
   *
   * @param clusterLabel the cluster label, at most 255 bytes in UTF-8; empty means none
   * @throws IllegalArgumentException if the label is longer
   */
  public WireCodec(String clusterLabel) {
    this(clusterLabel, null);
  }

  /**
   * Creates a codec for one cluster that decodes member names through {@code names} (see {@link
   * NameCache}), or as new strings when it is null.
   */
  public WireCodec(String clusterLabel, NameCache names) {
    Objects.requireNonNull(clusterLabel, "clusterLabel");
    this.names = names;
    byte[] label = clusterLabel.getBytes(UTF_8);
    if (label.length > WireLimits.MAX_LABEL_BYTES) {
      throw new IllegalArgumentException(
          "clusterLabel must be at most "
              + WireLimits.MAX_LABEL_BYTES
              + " bytes in UTF-8, was "
              + label.length);
    }
    this.clusterLabel = clusterLabel;
    this.header = new byte[4 + label.length];
    header[0] = (byte) (MAGIC >>> 8);
    header[1] = (byte) MAGIC;
    header[2] = (byte) VERSION;
    header[3] = (byte) label.length;
    System.arraycopy(label, 0, header, 4, label.length);
  }

  /** The cluster label this codec writes and requires. */
  public String clusterLabel() {
    return clusterLabel;
  }

  /** The bytes of every packet's header: magic (2), version (1), label length (1) and label. */
  public int headerSize() {
    return header.length;
  }

  /**
   * Whether {@code buf[off..off+len)} starts with this codec's header: magic, version and this
   * cluster's label. A cheap check, without decoding the body.
   *
   * @throws IndexOutOfBoundsException if {@code off} and {@code len} are not inside {@code buf}
   */
  public boolean hasHeader(byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    if (len < header.length) {
      return false;
    }
    for (int i = 0; i < header.length; i++) {
      if (buf[off + i] != header[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Encodes a message body (type byte and fields, no header); a compound is allowed.
   *
   * @throws IllegalArgumentException if a field breaks a {@link WireLimits} limit (the message
   *     names the field), or a compound has no parts, more than 255, or a nested compound
   */
  public byte[] encodeMessage(Message m) {
    WireWriter w = new WireWriter(initialCapacity(m));
    MessageEncoder.write(w, m);
    return w.toByteArray();
  }

  /**
   * A packet holding one encoded message body (which may be a compound).
   *
   * @throws IllegalArgumentException if the body is empty or the packet would exceed {@link
   *     #MAX_DATAGRAM}
   */
  public byte[] packet(byte[] encodedMessage) {
    if (encodedMessage.length == 0) {
      throw new IllegalArgumentException("encoded message must not be empty");
    }
    byte[] out = new byte[checkedPacketSize((long) header.length + encodedMessage.length)];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(encodedMessage, 0, out, header.length, encodedMessage.length);
    return out;
  }

  /**
   * A packet holding the given encoded bodies: the body itself when there is one, else a compound
   * of them (which then must not contain compounds).
   *
   * @throws IllegalArgumentException if the list is empty or holds more than 255 bodies, a body is
   *     empty or (in a compound) a compound, or the packet would exceed {@link #MAX_DATAGRAM}
   */
  public byte[] packet(List<byte[]> encodedMessages) {
    int n = encodedMessages.size();
    if (n == 1) {
      return packet(encodedMessages.get(0));
    }
    if (n < 1 || n > WireLimits.MAX_COMPOUND_PARTS) {
      throw new IllegalArgumentException(
          "a packet holds 1.." + WireLimits.MAX_COMPOUND_PARTS + " messages, got " + n);
    }
    long size = header.length + 1L + WireWriter.varLongSize(n);
    for (int i = 0; i < n; i++) {
      byte[] part = encodedMessages.get(i);
      if (part.length == 0) {
        throw new IllegalArgumentException("encoded message " + i + " is empty");
      }
      if (part[0] == Types.COMPOUND) {
        throw new IllegalArgumentException("encoded message " + i + " is a compound");
      }
      size += WireWriter.varLongSize(part.length) + part.length;
    }
    byte[] out = new byte[checkedPacketSize(size)];
    System.arraycopy(header, 0, out, 0, header.length);
    int pos = header.length;
    out[pos++] = (byte) Types.COMPOUND;
    pos = WireWriter.putVarLong(out, pos, n);
    for (int i = 0; i < n; i++) {
      byte[] part = encodedMessages.get(i);
      pos = WireWriter.putVarLong(out, pos, part.length);
      System.arraycopy(part, 0, out, pos, part.length);
      pos += part.length;
    }
    return out;
  }

  /**
   * An upper bound on the bytes a compound adds to its {@code parts} bodies: the type byte, the
   * varint part count, and a varint length per part counted as 3 bytes (enough for any part below 2
   * MiB, so for anything that fits a datagram). That is {@code 1 + varintSize(parts) + 3 * parts}.
   * For {@code parts == 1}, {@link #packet(List)} adds nothing, so the bound holds trivially.
   *
   * @throws IllegalArgumentException if {@code parts} is negative
   */
  public static int compoundOverhead(int parts) {
    if (parts < 0) {
      throw new IllegalArgumentException("parts must be >= 0, was " + parts);
    }
    return 1 + WireWriter.varLongSize(parts) + MAX_PART_LENGTH_VARINT * parts;
  }

  /**
   * {@code packet(encodeMessage(m))}, with one copy less.
   *
   * @throws IllegalArgumentException as {@link #encodeMessage} and {@link #packet(byte[])} do
   */
  public byte[] encodePacket(Message m) {
    WireWriter w = new WireWriter(header.length + initialCapacity(m));
    w.writeBytes(header);
    MessageEncoder.write(w, m);
    checkedPacketSize(w.size());
    return w.toByteArray();
  }

  /**
   * Decodes a packet: checks its size, magic, version and label, then decodes the body (a {@link
   * Message.Compound} for compounds).
   *
   * @throws DecodeException {@link Reason#OVERSIZED} above {@link #MAX_DATAGRAM}, {@link
   *     Reason#BAD_MAGIC}, {@link Reason#BAD_VERSION}, {@link Reason#WRONG_LABEL}, or any reason
   *     {@link #decodeMessage} gives
   * @throws IndexOutOfBoundsException if {@code off} and {@code len} are not inside {@code buf} (a
   *     caller bug, never caused by the bytes)
   */
  public Message decodePacket(byte[] buf, int off, int len) throws DecodeException {
    Objects.checkFromIndexSize(off, len, buf.length);
    if (len > MAX_DATAGRAM) {
      throw new DecodeException(Reason.OVERSIZED, "packet of " + len + " bytes");
    }
    return decodeWithHeader(buf, off, len);
  }

  /**
   * A stream frame: the header and one message, like a packet but without the datagram size cap
   * (push-pull state can be large; the stream transport bounds frame sizes).
   *
   * @throws IllegalArgumentException as {@link #encodeMessage} does
   */
  public byte[] encodeFrame(Message m) {
    WireWriter w = new WireWriter(header.length + initialCapacity(m));
    w.writeBytes(header);
    MessageEncoder.write(w, m);
    return w.toByteArray();
  }

  /**
   * Decodes a stream frame written by {@link #encodeFrame}: the same checks as {@link
   * #decodePacket} without the datagram size cap.
   *
   * @throws DecodeException as {@link #decodePacket}, never {@link Reason#OVERSIZED}
   */
  public Message decodeFrame(byte[] buf, int off, int len) throws DecodeException {
    Objects.checkFromIndexSize(off, len, buf.length);
    return decodeWithHeader(buf, off, len);
  }

  private Message decodeWithHeader(byte[] buf, int off, int len) throws DecodeException {
    if (len < 2) {
      throw WireReader.truncated("header");
    }
    if (buf[off] != header[0] || buf[off + 1] != header[1]) {
      throw new DecodeException(Reason.BAD_MAGIC, "bad magic");
    }
    if (len < 4) {
      throw WireReader.truncated("header");
    }
    if (buf[off + 2] != header[2]) {
      throw new DecodeException(Reason.BAD_VERSION, "unsupported version " + (buf[off + 2] & 0xFF));
    }
    if (buf[off + 3] != header[3]) {
      throw new DecodeException(Reason.WRONG_LABEL, "wrong cluster label");
    }
    if (len < header.length) {
      throw WireReader.truncated("cluster label");
    }
    for (int i = 4; i < header.length; i++) {
      if (buf[off + i] != header[i]) {
        throw new DecodeException(Reason.WRONG_LABEL, "wrong cluster label");
      }
    }
    return decodeMessage(buf, off + header.length, len - header.length);
  }

  /**
   * Decodes one message body (no header) that fills {@code len} bytes exactly; used for stream
   * frames too, so no size cap applies beyond the buffer.
   *
   * @throws DecodeException {@link Reason#TRUNCATED}, {@link Reason#UNKNOWN_TYPE} or {@link
   *     Reason#MALFORMED} (a field out of range, a nested compound, or trailing bytes)
   * @throws IndexOutOfBoundsException if {@code off} and {@code len} are not inside {@code buf} (a
   *     caller bug, never caused by the bytes)
   */
  public Message decodeMessage(byte[] buf, int off, int len) throws DecodeException {
    return MessageDecoder.readWhole(new WireReader(buf, off, len, names));
  }

  /**
   * The exact bytes {@code metadata} occupies inside an {@link Message.Alive} or {@link
   * Message.MemberRecord}: the varint entry count plus each key and value as a varint length and
   * UTF-8 bytes. This is the definition of "metadata size" for the configurable metadata limit; an
   * empty map takes 1 byte.
   */
  public static int metadataEncodedSize(Map<String, String> metadata) {
    return MetadataCodec.encodedSize(metadata);
  }

  private static int initialCapacity(Message m) {
    if (m instanceof Message.PushPull p) {
      return 64 + 48 * Math.min(p.members().size(), 100_000);
    }
    if (m instanceof Message.Compound c) {
      return 64 * Math.min(c.parts().size(), 256);
    }
    return 64;
  }

  private static int checkedPacketSize(long size) {
    if (size > MAX_DATAGRAM) {
      throw new IllegalArgumentException(
          "packet of " + size + " bytes exceeds MAX_DATAGRAM (" + MAX_DATAGRAM + ")");
    }
    return (int) size;
  }
}
