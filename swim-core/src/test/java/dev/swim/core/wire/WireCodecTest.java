package dev.swim.core.wire;

import static dev.swim.core.wire.WireSamples.V4;
import static dev.swim.core.wire.WireSamples.V6;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.DecodeException.Reason;
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
import dev.swim.core.wire.Message.Types;
import dev.swim.core.wire.Message.UserEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WireCodecTest {
  private final WireCodec codec = new WireCodec("prod-eu");
  private final byte[] nackPacket = codec.encodePacket(new Nack(1, "n"));

  static Stream<Message> everyMessageType() {
    return WireSamples.oneOfEach().stream();
  }

  private Message roundTripBody(Message m) throws DecodeException {
    byte[] body = codec.encodeMessage(m);
    return codec.decodeMessage(body, 0, body.length);
  }

  private Message roundTripPacket(Message m) throws DecodeException {
    byte[] packet = codec.encodePacket(m);
    return codec.decodePacket(packet, 0, packet.length);
  }

  private static Reason reasonOf(ThrowingRunnable r) {
    try {
      r.run();
    } catch (DecodeException e) {
      return e.reason();
    }
    throw new AssertionError("expected a DecodeException");
  }

  private Reason decodeBodyReason(Consumer<WireWriter> body) {
    WireWriter w = new WireWriter();
    body.accept(w);
    byte[] bytes = w.toByteArray();
    return reasonOf(() -> codec.decodeMessage(bytes, 0, bytes.length));
  }

  private interface ThrowingRunnable {
    void run() throws DecodeException;
  }

  // ---- RoundTrip ----

  @ParameterizedTest
  @MethodSource("everyMessageType")
  void everyMessageTypeSurvivesEncodingAsABodyAndAsAPacket(Message m) throws Exception {
    assertThat(roundTripBody(m)).isEqualTo(m);
    assertThat(roundTripPacket(m)).isEqualTo(m);
  }

  @ParameterizedTest
  @MethodSource("everyMessageType")
  void theTypeByteComesFirstInTheBody(Message m) {
    assertThat(codec.encodeMessage(m)[0]).isEqualTo((byte) m.type());
  }

  @Test
  void emptyMetadataStaysEmpty() throws Exception {
    Alive alive = new Alive("a", V4, 0, 0, Map.of());
    Alive decoded = (Alive) roundTripBody(alive);
    assertThat(decoded.metadata()).isEmpty();
  }

  @Test
  void unicodeNamesAndMetadataSurvive() throws Exception {
    Alive alive = new Alive("节点-ü-🚀", V4, 1, 2, Map.of("région", "Zürich 🏔", "", "\uFFFD"));
    assertThat(roundTripBody(alive)).isEqualTo(alive);
    Suspect suspect = new Suspect("ノード", 5, -3L, "😀😀");
    assertThat(roundTripBody(suspect)).isEqualTo(suspect);
  }

  @Test
  void anIpv6HostSurvives() throws Exception {
    Ping ping = new Ping(1, "b", "a", new NodeAddress("fe80::1ff:fe23:4567:890a%eth0", 7946));
    assertThat(roundTripPacket(ping)).isEqualTo(ping);
    PingReq req = new PingReq(2, "c", V6, false, "a", V6);
    assertThat(roundTripPacket(req)).isEqualTo(req);
  }

  @Test
  void extremeNumbersSurvive() throws Exception {
    for (long v : new long[] {0, 127, 128, Long.MAX_VALUE, Long.MIN_VALUE, -1}) {
      Alive alive = new Alive("a", new NodeAddress("h", 0), v & Long.MAX_VALUE, v, Map.of());
      assertThat(roundTripBody(alive)).isEqualTo(alive);
      Ack ack = new Ack(v, "b", v);
      assertThat(roundTripBody(ack)).isEqualTo(ack);
    }
    Ping ping = new Ping(1, "b", "a", new NodeAddress("h", 65535));
    assertThat(roundTripBody(ping)).isEqualTo(ping);
  }

  @Test
  void aNegativeIncarnationIsNeitherWrittenNorRead() {
    Alive negative = new Alive("a", new NodeAddress("h", 1), -1, 1, Map.of());
    assertThatThrownBy(() -> codec.encodeMessage(negative))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Alive.incarnation");
    // the same bytes as a valid alive at incarnation 1, with a 10-byte varint for -1 instead
    byte[] valid = codec.encodeMessage(new Alive("a", new NodeAddress("h", 1), 1, 1, Map.of()));
    int at = 1 + 2 + 3; // type, name, address
    byte[] forged = new byte[valid.length + 9];
    System.arraycopy(valid, 0, forged, 0, at);
    for (int i = 0; i < 9; i++) {
      forged[at + i] = (byte) 0xFF;
    }
    forged[at + 9] = 0x01;
    System.arraycopy(valid, at + 1, forged, at + 10, valid.length - at - 1);
    assertThat(reasonOf(() -> codec.decodeMessage(forged, 0, forged.length)))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void valuesExactlyAtEveryLimitSurvive() throws Exception {
    String name = "é".repeat(127) + "x"; // 255 bytes
    Map<String, String> metadata = new HashMap<>();
    for (int i = 0; i < 255; i++) {
      metadata.put("k" + i, "v");
    }
    metadata.put("k".repeat(4096), "v".repeat(4096));
    Alive alive = new Alive(name, new NodeAddress("h".repeat(255), 1), 1, 1, metadata);
    assertThat(roundTripBody(alive)).isEqualTo(alive);

    UserEvent event = new UserEvent(name, 1, name, new byte[9216]);
    assertThat(roundTripPacket(event)).isEqualTo(event);

    List<Message> parts = Collections.nCopies(255, new Nack(1, "n"));
    Compound compound = new Compound(parts);
    assertThat(roundTripPacket(compound)).isEqualTo(compound);
  }

  @Test
  void aPushPullWithEveryStateSurvives() throws Exception {
    List<MemberRecord> members = new ArrayList<>();
    for (MemberState state : MemberState.values()) {
      members.add(new MemberRecord(state.name(), V4, 1, 2, state, Map.of("s", state.name())));
    }
    PushPull pp = new PushPull(false, true, -1, "me", members);
    assertThat(roundTripBody(pp)).isEqualTo(pp);
  }

  @Test
  void decodedMetadataIsImmutable() throws Exception {
    Alive decoded = (Alive) roundTripBody(new Alive("a", V4, 1, 1, Map.of("a", "1", "b", "2")));
    assertThatThrownBy(() -> decoded.metadata().put("c", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void metadataEncodingIsCanonicalWhateverTheIterationOrder() {
    Map<String, String> forward = new LinkedHashMap<>();
    Map<String, String> backward = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      forward.put("key" + i, "v" + i);
      backward.put("key" + (19 - i), "v" + (19 - i));
    }
    WireWriter a = new WireWriter();
    WireWriter b = new WireWriter();
    MetadataCodec.write(a, forward, "Alive");
    MetadataCodec.write(b, backward, "Alive");
    assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
  }

  @Test
  void aPacketCanBeDecodedFromTheMiddleOfABuffer() throws Exception {
    Dead dead = new Dead("x", 9, 11L, "x");
    byte[] packet = codec.encodePacket(dead);
    byte[] buf = new byte[packet.length + 10];
    Arrays.fill(buf, (byte) 0x77);
    System.arraycopy(packet, 0, buf, 3, packet.length);
    assertThat(codec.decodePacket(buf, 3, packet.length)).isEqualTo(dead);
  }

  // ---- Packets ----

  @Test
  void theHeaderIsMagicVersionAndLengthPrefixedLabel() {
    byte[] packet = codec.encodePacket(new Nack(1, "n"));
    assertThat(codec.headerSize()).isEqualTo(4 + "prod-eu".length());
    assertThat(Arrays.copyOf(packet, codec.headerSize()))
        .containsExactly('S', 'W', 2, 7, 'p', 'r', 'o', 'd', '-', 'e', 'u');
    assertThat(codec.clusterLabel()).isEqualTo("prod-eu");
  }

  @Test
  void encodePacketEqualsPacketOfEncodeMessage() {
    for (Message m : WireSamples.oneOfEach()) {
      assertThat(codec.encodePacket(m)).isEqualTo(codec.packet(codec.encodeMessage(m)));
    }
  }

  @Test
  void aPacketOfOneMessageHoldsJustThatMessage() throws Exception {
    Ping ping = new Ping(1, "b", "a", V4);
    byte[] packet = codec.packet(List.of(codec.encodeMessage(ping)));
    assertThat(codec.decodePacket(packet, 0, packet.length)).isEqualTo(ping);
  }

  @Test
  void aPacketOfSeveralMessagesIsACompound() throws Exception {
    Ping ping = new Ping(1, "b", "a", V4);
    Alive alive = new Alive("c", V6, 4, 4, Map.of("k", "v"));
    byte[] packet = codec.packet(List.of(codec.encodeMessage(ping), codec.encodeMessage(alive)));
    assertThat(codec.decodePacket(packet, 0, packet.length))
        .isEqualTo(new Compound(List.of(ping, alive)));
    assertThat(packet).isEqualTo(codec.encodePacket(new Compound(List.of(ping, alive))));
  }

  @Test
  void compoundOverheadIsAnUpperBoundOnWhatACompoundAdds() {
    Random rnd = new Random(7);
    for (int n = 2; n <= 255; n++) {
      List<byte[]> parts = new ArrayList<>();
      int payload = 0;
      for (int i = 0; i < n; i++) {
        byte[] part = codec.encodeMessage(new UserEvent("o", i, "e", new byte[rnd.nextInt(250)]));
        parts.add(part);
        payload += part.length;
      }
      int added = codec.packet(parts).length - codec.headerSize() - payload;
      assertThat(added).isLessThanOrEqualTo(WireCodec.compoundOverhead(n));
    }
    List<byte[]> big = List.of(new byte[20_000], new byte[20_000]);
    big.forEach(b -> b[0] = Types.NACK);
    int added = codec.packet(big).length - codec.headerSize() - 40_000;
    assertThat(added).isLessThanOrEqualTo(WireCodec.compoundOverhead(2));
  }

  @Test
  void aLabelOf255BytesWorks() throws Exception {
    WireCodec longLabel = new WireCodec("é".repeat(127) + "x");
    Nack nack = new Nack(3, "n");
    byte[] packet = longLabel.encodePacket(nack);
    assertThat(longLabel.headerSize()).isEqualTo(259);
    assertThat(longLabel.decodePacket(packet, 0, packet.length)).isEqualTo(nack);
  }

  @Test
  void anEmptyLabelIsAllowed() throws Exception {
    WireCodec none = new WireCodec("");
    byte[] packet = none.encodePacket(new Nack(3, "n"));
    assertThat(none.headerSize()).isEqualTo(4);
    assertThat(none.decodePacket(packet, 0, packet.length)).isEqualTo(new Nack(3, "n"));
  }

  @Test
  void aLabelOver255BytesIsRejected() {
    assertThatThrownBy(() -> new WireCodec("é".repeat(128)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("clusterLabel must be at most 255 bytes");
  }

  // ---- HeaderChecks ----

  @Test
  void anotherClusterLabelIsWrongLabel() {
    for (String other : new String[] {"prod-us", "prod", "", "prod-eu2"}) {
      WireCodec theirs = new WireCodec(other);
      byte[] p = theirs.encodePacket(new Nack(1, "n"));
      assertThat(reasonOf(() -> codec.decodePacket(p, 0, p.length)))
          .as(other)
          .isEqualTo(Reason.WRONG_LABEL);
    }
  }

  @Test
  void badMagicIsRejected() {
    byte[] p = nackPacket.clone();
    p[1] = 'X';
    assertThat(reasonOf(() -> codec.decodePacket(p, 0, p.length))).isEqualTo(Reason.BAD_MAGIC);
  }

  @Test
  void anotherVersionIsRejected() {
    byte[] p = nackPacket.clone();
    p[2] = 1; // the version before start ids bound accusations
    assertThat(reasonOf(() -> codec.decodePacket(p, 0, p.length))).isEqualTo(Reason.BAD_VERSION);
  }

  @Test
  void aPacketAboveMaxDatagramIsOversized() {
    byte[] p = Arrays.copyOf(nackPacket, WireCodec.MAX_DATAGRAM + 1);
    assertThat(reasonOf(() -> codec.decodePacket(p, 0, p.length))).isEqualTo(Reason.OVERSIZED);
  }

  @Test
  void aShortHeaderIsTruncated() {
    for (int len = 0; len < codec.headerSize(); len++) {
      int n = len;
      assertThat(reasonOf(() -> codec.decodePacket(nackPacket, 0, n)))
          .as("length %d", n)
          .isEqualTo(Reason.TRUNCATED);
    }
  }

  @Test
  void aHeaderWithoutBodyIsTruncated() {
    assertThat(reasonOf(() -> codec.decodePacket(nackPacket, 0, codec.headerSize())))
        .isEqualTo(Reason.TRUNCATED);
  }

  @Test
  void decodeMessageHasNoDatagramCap() throws Exception {
    List<MemberRecord> members = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      members.add(new MemberRecord("member-" + i, V6, i, i, MemberState.ALIVE, Map.of("k", "v")));
    }
    PushPull pp = new PushPull(false, false, 1, "me", members);
    byte[] body = codec.encodeMessage(pp);
    assertThat(body.length).isGreaterThan(WireCodec.MAX_DATAGRAM);
    assertThat(codec.decodeMessage(body, 0, body.length)).isEqualTo(pp);
    assertThatThrownBy(() -> codec.encodePacket(pp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MAX_DATAGRAM");
  }

  // ---- DecoderRejections ----

  @ParameterizedTest
  @ValueSource(ints = {0, 11, 127, 255})
  void anUnknownTypeByteIsUnknownType(int type) {
    assertThat(decodeBodyReason(w -> w.writeByte(type))).isEqualTo(Reason.UNKNOWN_TYPE);
  }

  @Test
  void anEmptyBodyIsTruncated() {
    assertThat(decodeBodyReason(w -> {})).isEqualTo(Reason.TRUNCATED);
  }

  @Test
  void everyProperPrefixOfEveryMessageIsTruncated() {
    for (Message m : WireSamples.oneOfEach()) {
      byte[] body = codec.encodeMessage(m);
      for (int len = 0; len < body.length; len++) {
        int n = len;
        assertThat(reasonOf(() -> codec.decodeMessage(body, 0, n)))
            .as("%s cut to %d bytes", m.getClass().getSimpleName(), n)
            .isEqualTo(Reason.TRUNCATED);
      }
    }
  }

  @Test
  void trailingBytesAreMalformed() {
    byte[] body = codec.encodeMessage(new Nack(1, "n"));
    byte[] longer = Arrays.copyOf(body, body.length + 1);
    assertThat(reasonOf(() -> codec.decodeMessage(longer, 0, longer.length)))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void aNestedCompoundIsMalformed() {
    byte[] inner = codec.encodeMessage(new Compound(List.of(new Nack(1, "n"))));
    assertThat(
            decodeBodyReason(
                w -> {
                  w.writeByte(Types.COMPOUND);
                  w.writeVarLong(1);
                  w.writeVarLong(inner.length);
                  w.writeBytes(inner);
                }))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void anEmptyCompoundIsMalformed() {
    assertThat(
            decodeBodyReason(
                w -> {
                  w.writeByte(Types.COMPOUND);
                  w.writeVarLong(0);
                }))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void aCompoundPartWithTrailingBytesIsMalformed() {
    byte[] nack = codec.encodeMessage(new Nack(1, "n"));
    assertThat(
            decodeBodyReason(
                w -> {
                  w.writeByte(Types.COMPOUND);
                  w.writeVarLong(1);
                  w.writeVarLong(nack.length + 1);
                  w.writeBytes(nack);
                  w.writeByte(0);
                }))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void aBooleanOtherThanZeroOrOneIsMalformed() {
    assertThat(
            decodeBodyReason(
                w -> {
                  w.writeByte(Types.PING_REQ);
                  w.writeVarLong(1);
                  w.writeString("t");
                  w.writeString("h");
                  w.writeVarLong(1);
                  w.writeByte(2);
                }))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void anUnknownMemberStateIsMalformed() {
    assertThat(decodeBodyReason(w -> pushPullWithState(w, 4))).isEqualTo(Reason.MALFORMED);
    assertThat(decodeBodyReason(w -> pushPullWithState(w, 255))).isEqualTo(Reason.MALFORMED);
  }

  private void pushPullWithState(WireWriter w, int state) {
    w.writeByte(Types.PUSH_PULL);
    w.writeBoolean(false);
    w.writeBoolean(false);
    w.writeFixedLong(0);
    w.writeString("me");
    w.writeVarLong(1);
    w.writeString("m");
    w.writeString("h");
    w.writeVarLong(1);
    w.writeVarLong(1);
    w.writeFixedLong(1);
    w.writeByte(state);
    w.writeVarLong(0);
  }

  @Test
  void aPortAbove65535IsMalformed() {
    assertThat(decodeBodyReason(w -> ping(w, "h", 65536))).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void anEmptyHostIsMalformed() {
    assertThat(decodeBodyReason(w -> ping(w, "", 1))).isEqualTo(Reason.MALFORMED);
  }

  private void ping(WireWriter w, String host, long port) {
    w.writeByte(Types.PING);
    w.writeVarLong(1);
    w.writeString("t");
    w.writeString("s");
    w.writeString(host);
    w.writeVarLong(port);
  }

  @Test
  void aNameOver255BytesIsMalformed() {
    assertThat(
            decodeBodyReason(
                w -> {
                  w.writeByte(Types.NACK);
                  w.writeVarLong(1);
                  w.writeString("n".repeat(256));
                }))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void invalidUtf8IsMalformed() {
    byte[][] invalid = {
      {(byte) 0xFF},
      {(byte) 0xC0, (byte) 0x80},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {'a', (byte) 0xE2}
    };
    for (byte[] bad : invalid) {
      assertThat(
              decodeBodyReason(
                  w -> {
                    w.writeByte(Types.NACK);
                    w.writeVarLong(1);
                    w.writeVarLong(bad.length);
                    w.writeBytes(bad);
                  }))
          .isEqualTo(Reason.MALFORMED);
    }
  }

  @Test
  void metadataKeysOutOfOrderOrRepeatedAreMalformed() {
    for (String[] keys : new String[][] {{"b", "a"}, {"a", "a"}}) {
      assertThat(
              decodeBodyReason(
                  w -> {
                    w.writeByte(Types.ALIVE);
                    w.writeString("n");
                    w.writeString("h");
                    w.writeVarLong(1);
                    w.writeVarLong(1);
                    w.writeFixedLong(1);
                    w.writeVarLong(2);
                    for (String k : keys) {
                      w.writeString(k);
                      w.writeString("v");
                    }
                  }))
          .isEqualTo(Reason.MALFORMED);
    }
  }

  @Test
  void moreThan256MetadataEntriesAreMalformed() {
    assertThat(
            decodeBodyReason(
                w -> {
                  w.writeByte(Types.ALIVE);
                  w.writeString("n");
                  w.writeString("h");
                  w.writeVarLong(1);
                  w.writeVarLong(1);
                  w.writeFixedLong(1);
                  w.writeVarLong(257);
                  w.writeBytes(new byte[1000]);
                }))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void aMemberCountTheBytesCannotHoldIsTruncatedAndAHugeOneMalformed() {
    Consumer<WireWriter> header =
        w -> {
          w.writeByte(Types.PUSH_PULL);
          w.writeBoolean(false);
          w.writeBoolean(false);
          w.writeFixedLong(0);
          w.writeString("me");
        };
    assertThat(
            decodeBodyReason(
                w -> {
                  header.accept(w);
                  w.writeVarLong(1000);
                  w.writeBytes(new byte[100]);
                }))
        .isEqualTo(Reason.TRUNCATED);
    assertThat(
            decodeBodyReason(
                w -> {
                  header.accept(w);
                  w.writeVarLong(1_000_001);
                }))
        .isEqualTo(Reason.MALFORMED);
    assertThat(
            decodeBodyReason(
                w -> {
                  header.accept(w);
                  w.writeVarLong(-1);
                }))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void aPayloadOver9216BytesIsMalformed() {
    assertThat(
            decodeBodyReason(
                w -> {
                  w.writeByte(Types.USER_EVENT);
                  w.writeString("o");
                  w.writeVarLong(1);
                  w.writeString("e");
                  w.writeVarLong(9217);
                  w.writeBytes(new byte[9217]);
                }))
        .isEqualTo(Reason.MALFORMED);
  }

  // ---- EncoderLimits ----

  @Test
  void anOversizedNameIsRejectedNamingTheField() {
    String longName = "x".repeat(256);
    assertThatThrownBy(() -> codec.encodeMessage(new Ping(1, longName, "a", V4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Ping.target")
        .hasMessageContaining("255");
    assertThatThrownBy(() -> codec.encodeMessage(new Dead("a", 1, 0L, longName)))
        .hasMessageContaining("Dead.from");
    assertThatThrownBy(() -> codec.encodePacket(new UserEvent("o", 1, longName, new byte[0])))
        .hasMessageContaining("UserEvent.name");
  }

  @Test
  void anOversizedHostIsRejectedNamingTheField() {
    NodeAddress longHost = new NodeAddress("h".repeat(256), 1);
    assertThatThrownBy(() -> codec.encodeMessage(new PingReq(1, "t", longHost, true, "s", V4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PingReq.targetAddress.host");
  }

  @Test
  void oversizedMetadataIsRejectedNamingTheField() {
    assertThatThrownBy(
            () -> codec.encodeMessage(new Alive("a", V4, 1, 1, Map.of("k".repeat(4097), "v"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Alive.metadata key");
    assertThatThrownBy(
            () -> codec.encodeMessage(new Alive("a", V4, 1, 1, Map.of("k", "v".repeat(4097)))))
        .hasMessageContaining("Alive.metadata value");
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 257; i++) {
      many.put("k" + i, "");
    }
    PushPull pp =
        new PushPull(
            false,
            false,
            0,
            "me",
            List.of(new MemberRecord("m", V4, 1, 1, MemberState.ALIVE, many)));
    assertThatThrownBy(() -> codec.encodeMessage(pp)).hasMessageContaining("MemberRecord.metadata");
  }

  @Test
  void anOversizedPayloadIsRejected() {
    assertThatThrownBy(() -> codec.encodeMessage(new UserEvent("o", 1, "e", new byte[9217])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("UserEvent.payload");
  }

  @Test
  void anUnpairedSurrogateIsRejected() {
    assertThatThrownBy(() -> codec.encodeMessage(new Nack(1, "a\uD800b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Nack.source");
  }

  @Test
  void badCompoundsAreRejected() {
    Nack nack = new Nack(1, "n");
    assertThatThrownBy(() -> codec.encodeMessage(new Compound(List.of())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.encodeMessage(new Compound(Collections.nCopies(256, nack))))
        .isInstanceOf(IllegalArgumentException.class);
    Compound inner = new Compound(List.of(nack));
    assertThatThrownBy(() -> codec.encodeMessage(new Compound(List.of(nack, inner))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compound");
  }

  @Test
  void badPacketListsAreRejected() {
    byte[] nack = codec.encodeMessage(new Nack(1, "n"));
    byte[] compound = codec.encodeMessage(new Compound(List.of(new Nack(1, "n"))));
    assertThatThrownBy(() -> codec.packet(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.packet(List.of(nack, compound)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.packet(Collections.nCopies(256, nack)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.packet(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.packet(new byte[WireCodec.MAX_DATAGRAM]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MAX_DATAGRAM");
    assertThat(codec.packet(List.of(compound))).isEqualTo(codec.packet(compound));
  }

  // ---- MetadataSize ----

  @Test
  void anEmptyMapTakesOneByte() {
    assertThat(WireCodec.metadataEncodedSize(Map.of())).isEqualTo(1);
  }

  @Test
  void itEqualsTheRealGrowthOfAnAliveAndAMemberRecord() {
    Random rnd = new Random(11);
    List<Map<String, String>> maps = new ArrayList<>();
    maps.add(Map.of("zone", "eu-1"));
    maps.add(Map.of("région", "Zürich 🏔", "k".repeat(200), "v".repeat(3000)));
    for (int i = 0; i < 200; i++) {
      maps.add(WireSamples.randomMetadata(rnd));
    }
    int emptyAlive = codec.encodeMessage(new Alive("a", V4, 1, 1, Map.of())).length;
    int emptyRecord = codec.encodeMessage(pushPullOf(Map.of())).length;
    for (Map<String, String> md : maps) {
      int growth = WireCodec.metadataEncodedSize(md) - WireCodec.metadataEncodedSize(Map.of());
      assertThat(codec.encodeMessage(new Alive("a", V4, 1, 1, md)).length - emptyAlive)
          .isEqualTo(growth);
      assertThat(codec.encodeMessage(pushPullOf(md)).length - emptyRecord).isEqualTo(growth);
    }
  }

  @Test
  void itIsTheTailOfAnAliveEncoding() {
    Map<String, String> md = Map.of("a", "1", "bb", "22");
    byte[] alive = codec.encodeMessage(new Alive("a", V4, 1, 1, md));
    WireWriter w = new WireWriter();
    MetadataCodec.write(w, md, "Alive");
    byte[] tail = Arrays.copyOfRange(alive, alive.length - w.size(), alive.length);
    assertThat(tail).isEqualTo(w.toByteArray());
    assertThat(WireCodec.metadataEncodedSize(md)).isEqualTo(w.size());
    assertThat(new String(tail, UTF_8)).contains("bb");
  }

  private PushPull pushPullOf(Map<String, String> md) {
    return new PushPull(
        false, false, 0, "me", List.of(new MemberRecord("m", V4, 1, 1, MemberState.ALIVE, md)));
  }
}
