package dev.swim.bench.jmh;

import dev.swim.core.protocol.MemberInfo;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.WireCodec;
import java.util.Arrays;
import java.util.List;

/**
 * Datagrams that each carry one alive message about one of a fixed set of members, at an
 * incarnation one above the one fed before: what a member's refutation or metadata change sends,
 * and what makes a node queue a fresh update about it. Each member's datagram is encoded once; a
 * newer one is the same bytes with the incarnation rewritten in place, so a benchmark that feeds
 * them measures the receiving node, not the encoder.
 */
final class AliveFeed {
  /** From here to 2^42 - 1 every incarnation is an unsigned varint of six bytes. */
  static final long FIRST_INCARNATION = 1L << 35;

  private static final long LAST_INCARNATION = (1L << 42) - 1;
  private static final int INCARNATION_BYTES = 6;

  private final List<MemberInfo> members;
  private final byte[][] datagrams;
  private final int[] incarnationAt;
  private final long[] incarnations;

  /** Encodes one alive about each of {@code members}, at {@link #FIRST_INCARNATION}. */
  AliveFeed(WireCodec codec, List<MemberInfo> members) {
    this.members = List.copyOf(members);
    int n = members.size();
    datagrams = new byte[n][];
    incarnationAt = new int[n];
    incarnations = new long[n];
    for (int i = 0; i < n; i++) {
      MemberInfo m = members.get(i);
      byte[] first = codec.encodePacket(alive(m, FIRST_INCARNATION));
      byte[] second = codec.encodePacket(alive(m, FIRST_INCARNATION + 1));
      // the varint's first byte holds the lowest seven bits: the first byte in which they differ
      int at = Arrays.mismatch(first, second);
      if (at < 0 || !rewritesTo(first, at, second)) {
        throw new IllegalStateException(
            "no six-byte incarnation found in the alive of " + m.name());
      }
      datagrams[i] = first;
      incarnationAt[i] = at;
      incarnations[i] = FIRST_INCARNATION;
    }
  }

  /** Member {@code i}'s name. */
  String name(int i) {
    return members.get(i).name();
  }

  /** The incarnation of member {@code i} in its latest datagram. */
  long incarnation(int i) {
    return incarnations[i];
  }

  /** Member {@code i}'s latest datagram, unchanged (the first is at {@link #FIRST_INCARNATION}). */
  byte[] current(int i) {
    return datagrams[i];
  }

  /** Raises member {@code i}'s incarnation by one and returns its datagram, rewritten. */
  byte[] next(int i) {
    long incarnation = incarnations[i] + 1;
    if (incarnation > LAST_INCARNATION) {
      throw new IllegalStateException("incarnations beyond 2^42 take more than six bytes");
    }
    incarnations[i] = incarnation;
    writeIncarnation(datagrams[i], incarnationAt[i], incarnation);
    return datagrams[i];
  }

  /** Whether rewriting {@code first}'s incarnation at {@code at} gives {@code second}. */
  private static boolean rewritesTo(byte[] first, int at, byte[] second) {
    if (first.length != second.length || at + INCARNATION_BYTES > first.length) {
      return false;
    }
    byte[] rewritten = first.clone();
    writeIncarnation(rewritten, at, FIRST_INCARNATION + 1);
    return Arrays.equals(rewritten, second);
  }

  private static Alive alive(MemberInfo m, long incarnation) {
    return new Alive(m.name(), m.address(), incarnation, m.startId(), m.metadata());
  }

  /** Writes {@code value} as an unsigned LEB128 varint of exactly six bytes. */
  private static void writeIncarnation(byte[] buf, int at, long value) {
    for (int k = 0; k < INCARNATION_BYTES - 1; k++) {
      buf[at + k] = (byte) (((value >>> (7 * k)) & 0x7F) | 0x80);
    }
    buf[at + INCARNATION_BYTES - 1] = (byte) (value >>> (7 * (INCARNATION_BYTES - 1)));
  }
}
