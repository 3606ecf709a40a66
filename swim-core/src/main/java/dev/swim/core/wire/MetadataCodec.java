package dev.swim.core.wire;

import static dev.swim.core.wire.WireLimits.MAX_METADATA_ENTRIES;
import static dev.swim.core.wire.WireLimits.MAX_METADATA_KEY_BYTES;
import static dev.swim.core.wire.WireLimits.MAX_METADATA_VALUE_BYTES;
import static dev.swim.core.wire.WireLimits.MIN_METADATA_ENTRY_BYTES;

import java.util.Arrays;
import java.util.Map;

/**
 * Encodes a member's metadata map: a varint entry count, then each key and value as a
 * length-prefixed UTF-8 string, keys in ascending {@link String#compareTo} order so the encoding is
 * canonical (the same map always gives the same bytes, whatever its iteration order).
 */
final class MetadataCodec {
  private MetadataCodec() {}

  /** The exact number of bytes {@link #write} produces for {@code metadata}. */
  static int encodedSize(Map<String, String> metadata) {
    if (metadata.isEmpty()) {
      return 1; // the count alone, without an iterator per message
    }
    int size = WireWriter.varLongSize(metadata.size());
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      size += WireWriter.stringSize(WireWriter.utf8Length(e.getKey()));
      size += WireWriter.stringSize(WireWriter.utf8Length(e.getValue()));
    }
    return size;
  }

  /**
   * Writes {@code metadata}.
   *
   * @param owner the message or record type, for exception messages
   * @throws IllegalArgumentException if the map breaks a {@link WireLimits} limit
   */
  static void write(WireWriter w, Map<String, String> metadata, String owner) {
    int n = metadata.size();
    if (n > MAX_METADATA_ENTRIES) {
      throw new IllegalArgumentException(
          owner + ".metadata must have at most " + MAX_METADATA_ENTRIES + " entries, has " + n);
    }
    w.writeVarLong(n);
    if (n == 0) {
      return;
    }
    if (n == 1) {
      Map.Entry<String, String> e = metadata.entrySet().iterator().next();
      writeEntry(w, e.getKey(), e.getValue(), owner);
      return;
    }
    String[] keys = metadata.keySet().toArray(new String[n]);
    Arrays.sort(keys);
    for (String key : keys) {
      writeEntry(w, key, metadata.get(key), owner);
    }
  }

  private static void writeEntry(WireWriter w, String key, String value, String owner) {
    MessageEncoder.writeString(w, key, MAX_METADATA_KEY_BYTES, owner, "metadata key");
    MessageEncoder.writeString(w, value, MAX_METADATA_VALUE_BYTES, owner, "metadata value");
  }

  /**
   * Reads a metadata map. Keys out of strictly ascending order (which includes duplicates) are
   * malformed.
   */
  static Map<String, String> read(WireReader r) throws DecodeException {
    int n = r.readLength(MAX_METADATA_ENTRIES, MIN_METADATA_ENTRY_BYTES, "metadata count");
    if (n == 0) {
      return Map.of();
    }
    String key = r.readString(MAX_METADATA_KEY_BYTES, "metadata key");
    String value = r.readString(MAX_METADATA_VALUE_BYTES, "metadata value");
    if (n == 1) {
      return Map.of(key, value);
    }
    @SuppressWarnings("unchecked")
    Map.Entry<String, String>[] entries = (Map.Entry<String, String>[]) new Map.Entry<?, ?>[n];
    entries[0] = Map.entry(key, value);
    for (int i = 1; i < n; i++) {
      String next = r.readString(MAX_METADATA_KEY_BYTES, "metadata key");
      if (next.compareTo(key) <= 0) {
        throw WireReader.malformed("metadata keys not in strictly ascending order");
      }
      key = next;
      entries[i] = Map.entry(key, r.readString(MAX_METADATA_VALUE_BYTES, "metadata value"));
    }
    return Map.ofEntries(entries);
  }
}
