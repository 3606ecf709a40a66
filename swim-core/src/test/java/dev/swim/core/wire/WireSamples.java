package dev.swim.core.wire;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.Message.Ack;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Compound;
import dev.swim.core.wire.Message.Dead;
import dev.swim.core.wire.Message.MemberRecord;
import dev.swim.core.wire.Message.Nack;
import dev.swim.core.wire.Message.Ping;
import dev.swim.core.wire.Message.PingReq;
import dev.swim.core.wire.Message.PushPull;
import dev.swim.core.wire.Message.Suspect;
import dev.swim.core.wire.Message.UserEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Sample and random valid messages for the wire tests. */
final class WireSamples {
  static final NodeAddress V4 = new NodeAddress("10.0.0.1", 7946);
  static final NodeAddress V6 = new NodeAddress("2001:db8::ff00:42:8329", 65535);

  private static final long[] EDGE_LONGS = {
    0, 1, 127, 128, 16_383, 16_384, Long.MAX_VALUE, Long.MIN_VALUE, -1
  };

  private WireSamples() {}

  /** One message of every type, a compound included. */
  static List<Message> oneOfEach() {
    Ping ping = new Ping(42, "node-b", "node-a", V4);
    Ack ack = new Ack(42, "node-b", 0x0123_4567_89AB_CDEFL);
    PingReq pingReq = new PingReq(43, "node-c", V6, true, "node-a", V4);
    Nack nack = new Nack(43, "node-d");
    Alive alive = new Alive("node-a", V4, 7, -3L, Map.of("zone", "eu-1", "role", "web"));
    Suspect suspect = new Suspect("node-c", 3, 77L, "node-a");
    Dead dead = new Dead("node-c", 3, 77L, "node-a");
    PushPull pushPull =
        new PushPull(
            true,
            false,
            99L,
            "node-a",
            List.of(
                new MemberRecord("node-a", V4, 7, -3L, MemberState.ALIVE, Map.of("zone", "eu-1")),
                new MemberRecord("node-c", V6, 3, 5L, MemberState.DEAD, Map.of())));
    UserEvent userEvent = new UserEvent("node-a", 1, "deploy", new byte[] {1, 2, 3});
    Compound compound = new Compound(List.of(ping, alive, suspect));
    return List.of(ping, ack, pingReq, nack, alive, suspect, dead, pushPull, userEvent, compound);
  }

  /** A random valid message: a compound one time in eight. */
  static Message randomMessage(Random rnd) {
    if (rnd.nextInt(8) == 0) {
      int n = 1 + rnd.nextInt(rnd.nextInt(20) == 0 ? 255 : 8);
      List<Message> parts = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        parts.add(randomSimpleMessage(rnd));
      }
      return new Compound(parts);
    }
    return randomSimpleMessage(rnd);
  }

  /** A random valid message that is not a compound. */
  static Message randomSimpleMessage(Random rnd) {
    switch (rnd.nextInt(9)) {
      case 0:
        return new Ping(randomLong(rnd), randomName(rnd), randomName(rnd), randomAddress(rnd));
      case 1:
        return new Ack(randomLong(rnd), randomName(rnd), randomLong(rnd));
      case 2:
        return new PingReq(
            randomLong(rnd),
            randomName(rnd),
            randomAddress(rnd),
            rnd.nextBoolean(),
            randomName(rnd),
            randomAddress(rnd));
      case 3:
        return new Nack(randomLong(rnd), randomName(rnd));
      case 4:
        return new Alive(
            randomName(rnd),
            randomAddress(rnd),
            randomIncarnation(rnd),
            rnd.nextLong(),
            randomMetadata(rnd));
      case 5:
        return new Suspect(
            randomName(rnd), randomIncarnation(rnd), rnd.nextLong(), randomName(rnd));
      case 6:
        return new Dead(randomName(rnd), randomIncarnation(rnd), rnd.nextLong(), randomName(rnd));
      case 7:
        return randomPushPull(rnd);
      default:
        byte[] payload = new byte[rnd.nextInt(20) == 0 ? rnd.nextInt(9217) : rnd.nextInt(64)];
        rnd.nextBytes(payload);
        return new UserEvent(randomName(rnd), randomLong(rnd), randomName(rnd), payload);
    }
  }

  private static PushPull randomPushPull(Random rnd) {
    int n = rnd.nextInt(rnd.nextInt(10) == 0 ? 200 : 6);
    List<MemberRecord> members = new ArrayList<>(n);
    MemberState[] states = MemberState.values();
    for (int i = 0; i < n; i++) {
      members.add(
          new MemberRecord(
              randomName(rnd),
              randomAddress(rnd),
              randomIncarnation(rnd),
              rnd.nextLong(),
              states[rnd.nextInt(states.length)],
              randomMetadata(rnd)));
    }
    return new PushPull(
        rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextLong(), randomName(rnd), members);
  }

  /** An incarnation: never negative on the wire. */
  static long randomIncarnation(Random rnd) {
    return randomLong(rnd) & Long.MAX_VALUE;
  }

  /** Small or edge-case longs, or any long. */
  static long randomLong(Random rnd) {
    switch (rnd.nextInt(4)) {
      case 0:
        return EDGE_LONGS[rnd.nextInt(EDGE_LONGS.length)];
      case 1:
        return rnd.nextInt(1000);
      case 2:
        return rnd.nextLong() >>> rnd.nextInt(64);
      default:
        return rnd.nextLong();
    }
  }

  /** A name of at most 255 UTF-8 bytes: empty, short, unicode or exactly at the limit. */
  static String randomName(Random rnd) {
    switch (rnd.nextInt(10)) {
      case 0:
        return "";
      case 1:
        return "n".repeat(255);
      case 2:
      case 3:
        return randomUnicode(rnd, 1 + rnd.nextInt(rnd.nextBoolean() ? 255 : 24), 255);
      default:
        return "node-" + rnd.nextInt(100_000);
    }
  }

  /** A random address: IPv4, IPv6 or a unicode host token, any port. */
  static NodeAddress randomAddress(Random rnd) {
    int port = rnd.nextInt(4) == 0 ? 65535 * rnd.nextInt(2) : rnd.nextInt(65536);
    switch (rnd.nextInt(4)) {
      case 0:
        return new NodeAddress(
            "fd00::" + Integer.toHexString(rnd.nextInt(65536)) + ":" + rnd.nextInt(9999), port);
      case 1:
        return new NodeAddress(randomUnicode(rnd, 1 + rnd.nextInt(40), 255), port);
      default:
        return new NodeAddress(
            "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256), port);
    }
  }

  /** A random metadata map: usually small, sometimes at the entry or size limits. */
  static Map<String, String> randomMetadata(Random rnd) {
    int roll = rnd.nextInt(100);
    int n = roll < 30 ? 0 : roll < 98 ? 1 + rnd.nextInt(4) : rnd.nextInt(257);
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < n; i++) {
      int keyBytes = rnd.nextInt(50) == 0 ? 4096 : 12;
      int valueBytes = rnd.nextInt(50) == 0 ? 4096 : 30;
      m.put(
          randomUnicode(rnd, rnd.nextInt(keyBytes + 1), keyBytes),
          randomUnicode(rnd, rnd.nextInt(valueBytes + 1), valueBytes));
    }
    return m;
  }

  /**
   * A valid UTF-16 string of up to {@code maxCodePoints} code points and at most {@code maxBytes}
   * UTF-8 bytes, drawn from every UTF-8 length class (and U+FFFD, which the decoder must accept).
   */
  static String randomUnicode(Random rnd, int maxCodePoints, int maxBytes) {
    StringBuilder sb = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < maxCodePoints; i++) {
      int cp;
      switch (rnd.nextInt(6)) {
        case 0:
          cp = 0x80 + rnd.nextInt(0x800 - 0x80);
          break;
        case 1:
          cp = 0x800 + rnd.nextInt(0xD800 - 0x800);
          break;
        case 2:
          cp = 0x10000 + rnd.nextInt(0x110000 - 0x10000);
          break;
        case 3:
          cp = rnd.nextBoolean() ? 0xFFFD : 0xE000 + rnd.nextInt(0x10000 - 0xE000);
          break;
        default:
          cp = rnd.nextInt(0x80);
      }
      int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + len > maxBytes) {
        break;
      }
      bytes += len;
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }
}
