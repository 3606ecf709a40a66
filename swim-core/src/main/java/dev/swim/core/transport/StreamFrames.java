package dev.swim.core.transport;

import java.nio.ByteBuffer;

/**
 * The stream wire format. A client frame is {@code kind(1) | length(4, big-endian) | bytes}; the
 * one response to a {@link #KIND_REQUEST} is {@code length(4) | bytes}. Kind {@link #KIND_DATAGRAM}
 * frames are one-way and may follow each other on one connection.
 */
final class StreamFrames {

  /** A request/response exchange: one request frame, one response frame, then close. */
  static final byte KIND_REQUEST = 1;

  /** A datagram carried over TCP: one-way, any number per connection. */
  static final byte KIND_DATAGRAM = 2;

  /** Bytes of the client frame header (kind + length). */
  static final int HEADER_BYTES = 5;

  /** Buffers grow towards a frame's announced length as bytes arrive, starting here. */
  static final int INITIAL_BODY_BYTES = 16 * 1024;

  private StreamFrames() {}

  /** A client frame ready to write. */
  static ByteBuffer clientFrame(byte kind, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    b.put(kind).putInt(payload.length).put(payload);
    return b.flip();
  }

  /** A response frame ready to write. */
  static ByteBuffer responseFrame(byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(4 + payload.length);
    b.putInt(payload.length).put(payload);
    return b.flip();
  }

  /**
   * Returns {@code buffer} or, when it is full, a larger copy (doubling, never beyond {@code
   * limit}), so that memory follows the bytes that actually arrived, not the announced length.
   */
  static ByteBuffer grow(ByteBuffer buffer, int limit) {
    if (buffer.hasRemaining()) {
      return buffer;
    }
    ByteBuffer bigger = ByteBuffer.allocate(grownCapacity(buffer.capacity(), limit));
    buffer.flip();
    return bigger.put(buffer);
  }

  /** The capacity {@link #grow} gives a full buffer of {@code capacity} bytes. */
  static int grownCapacity(int capacity, int limit) {
    return (int) Math.min(limit, Math.max(16L, capacity * 2L));
  }

  /** The bytes written into {@code b} so far (its position), as an array of that size. */
  static byte[] contents(ByteBuffer b) {
    byte[] out = new byte[b.position()];
    b.flip();
    b.get(out);
    return out;
  }
}
