package dev.swim.core.wire;

/**
 * A packet or stream frame that is not a valid message. Checked: a bad packet is an expected input.
 */
public final class DecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The reason a packet was rejected, for drop counters. */
  public enum Reason {
    /** Fewer bytes than a field needs. */
    TRUNCATED,
    /** Wrong magic bytes. */
    BAD_MAGIC,
    /** A protocol version we do not speak. */
    BAD_VERSION,
    /** A cluster label other than ours. */
    WRONG_LABEL,
    /** An unknown message type. */
    UNKNOWN_TYPE,
    /** A field out of its allowed range (length, count, enum value, varint). */
    MALFORMED,
    /** A packet or frame larger than allowed. */
    OVERSIZED
  }

  private final Reason reason;

  /**
   * Creates an exception for {@code reason} with a short message (never containing packet bytes).
   */
  public DecodeException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  /** Why the input was rejected. */
  public Reason reason() {
    return reason;
  }
}
