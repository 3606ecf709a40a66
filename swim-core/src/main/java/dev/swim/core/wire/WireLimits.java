package dev.swim.core.wire;

/**
 * The size limits of the wire format. The encoder rejects larger values with an {@link
 * IllegalArgumentException}; the decoder rejects them as {@link DecodeException.Reason#MALFORMED}.
 */
public final class WireLimits {
  /** Most UTF-8 bytes of a member, event, source, target, accuser or origin name. */
  public static final int MAX_NAME_BYTES = 255;

  /** Most UTF-8 bytes of an address's host. */
  public static final int MAX_HOST_BYTES = 255;

  /** Most UTF-8 bytes of a cluster label. */
  public static final int MAX_LABEL_BYTES = 255;

  /** Most UTF-8 bytes of one metadata key. */
  public static final int MAX_METADATA_KEY_BYTES = 4096;

  /** Most UTF-8 bytes of one metadata value. */
  public static final int MAX_METADATA_VALUE_BYTES = 4096;

  /** Most entries of one metadata map. */
  public static final int MAX_METADATA_ENTRIES = 256;

  /** Most bytes of a user event's payload. */
  public static final int MAX_USER_EVENT_PAYLOAD_BYTES = 9216;

  /** Most messages in one compound. */
  public static final int MAX_COMPOUND_PARTS = 255;

  /** Most member records in one push-pull. */
  public static final int MAX_PUSH_PULL_MEMBERS = 1_000_000;

  /**
   * The smallest encoded member record: empty name (1), a one-byte host with a one-byte port (3),
   * incarnation (1), start id (8), state (1) and an empty metadata map (1).
   */
  static final int MIN_MEMBER_RECORD_BYTES = 15;

  /** The smallest encoded metadata entry: an empty key and an empty value. */
  static final int MIN_METADATA_ENTRY_BYTES = 2;

  /** The smallest compound part: a one-byte length and a type byte. */
  static final int MIN_COMPOUND_PART_BYTES = 2;

  private WireLimits() {}
}
