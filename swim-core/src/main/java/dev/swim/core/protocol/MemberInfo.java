package dev.swim.core.protocol;

import dev.swim.core.member.NodeAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The immutable identity part of a member: name, address, start id and metadata. Shared between
 * states and, in simulations, between nodes (see {@link SimulationSeam.Interner}), so a table of N
 * members costs little more than N references.
 */
public final class MemberInfo {
  private final String name;
  private final NodeAddress address;
  private final long startId;
  private final Map<String, String> metadata;
  private final long nameHash;
  private final long instanceHash;

  /** Creates an identity; the metadata is copied into an immutable map. */
  public MemberInfo(String name, NodeAddress address, long startId, Map<String, String> metadata) {
    this.name = name;
    this.address = address;
    this.startId = startId;
    this.metadata = Map.copyOf(metadata);
    this.nameHash = hash64(name);
    long h = nameHash ^ (startId * 0x9E3779B97F4A7C15L);
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    this.instanceHash = h ^ (h >>> 29);
  }

  /** The member's name. */
  public String name() {
    return name;
  }

  /** Where it receives gossip. */
  public NodeAddress address() {
    return address;
  }

  /** Its random per-start id. */
  public long startId() {
    return startId;
  }

  /** Its metadata. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** A 64-bit hash of the name, used by the membership digest. */
  long nameHash() {
    return nameHash;
  }

  /** A 64-bit hash of the name and start id: which instance, for the live digest. */
  long instanceHash() {
    return instanceHash;
  }

  /** True when every field matches. */
  boolean sameAs(
      String otherName, NodeAddress otherAddress, long otherStartId, Map<String, String> md) {
    return startId == otherStartId
        && name.equals(otherName)
        && address.equals(otherAddress)
        && metadata.equals(md);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemberInfo m && m.sameAs(name, address, startId, metadata);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(nameHash) * 31 + Long.hashCode(startId) + address.hashCode();
  }

  @Override
  public String toString() {
    return name + "@" + address;
  }

  // FNV-1a over the name's UTF-8 bytes; ASCII names (the usual case) are hashed without encoding
  private static long hash64(String s) {
    long h = 0xcbf29ce484222325L;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return mix(fnv(h, s.substring(i).getBytes(StandardCharsets.UTF_8)));
      }
      h ^= c;
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  private static long fnv(long h, byte[] bytes) {
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }
}
