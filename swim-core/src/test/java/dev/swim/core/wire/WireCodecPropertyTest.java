package dev.swim.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.swim.core.wire.DecodeException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random tests: valid messages round-trip, and no byte sequence makes the decoder throw
 * anything but {@link DecodeException}. Whatever the decoder accepts must re-encode to exactly the
 * same bytes (the encoding is canonical), which also proves every accepted message is encodable.
 */
class WireCodecPropertyTest {
  private static final long SEED = 0x5357_0001L;
  private final WireCodec codec = new WireCodec("prop-cluster");
  private final Map<Reason, Integer> rejections = new EnumMap<>(Reason.class);
  private int accepted;

  @Test
  void tenThousandRandomValidMessagesRoundTrip() throws Exception {
    Random rnd = new Random(SEED);
    for (int i = 0; i < 10_000; i++) {
      Message m = WireSamples.randomMessage(rnd);
      byte[] body = codec.encodeMessage(m);
      Message decoded = codec.decodeMessage(body, 0, body.length);
      assertThat(decoded).as("message #%d", i).isEqualTo(m);
      assertThat(codec.encodeMessage(decoded)).as("re-encoding of #%d", i).isEqualTo(body);
      if (codec.headerSize() + body.length <= WireCodec.MAX_DATAGRAM) {
        byte[] packet = codec.encodePacket(m);
        assertThat(codec.decodePacket(packet, 0, packet.length)).as("packet #%d", i).isEqualTo(m);
      } else {
        assertThatThrownBy(() -> codec.encodePacket(m))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  void fiftyThousandRandomByteArraysOnlyEverRaiseDecodeException() {
    Random rnd = new Random(SEED + 1);
    byte[] header = Arrays.copyOf(codec.encodePacket(new Message.Nack(0, "")), codec.headerSize());
    for (int i = 0; i < 50_000; i++) {
      byte[] noise = new byte[rnd.nextInt(10) == 0 ? rnd.nextInt(3000) : rnd.nextInt(120)];
      rnd.nextBytes(noise);
      if (rnd.nextBoolean() && noise.length > 0) {
        noise[0] = (byte) (1 + rnd.nextInt(10)); // a valid type byte, so decoding goes deeper
      }
      checkBody(noise, 0, noise.length, "random body", i);
      byte[] packet = new byte[header.length + noise.length];
      System.arraycopy(header, 0, packet, 0, header.length);
      System.arraycopy(noise, 0, packet, header.length, noise.length);
      checkPacket(rnd.nextInt(4) == 0 ? noise : packet, "random packet", i);
    }
    assertThat(rejections).containsKeys(Reason.TRUNCATED, Reason.MALFORMED, Reason.UNKNOWN_TYPE);
  }

  @Test
  void fiftyThousandMutationsOfValidPacketsOnlyEverRaiseDecodeException() {
    Random rnd = new Random(SEED + 2);
    List<byte[]> corpus = new ArrayList<>();
    while (corpus.size() < 500) {
      Message m = WireSamples.randomMessage(rnd);
      byte[] body = codec.encodeMessage(m);
      if (codec.headerSize() + body.length <= 20_000) {
        corpus.add(codec.packet(body));
      }
    }
    for (int i = 0; i < 50_000; i++) {
      byte[] data = corpus.get(rnd.nextInt(corpus.size()));
      int mutations = 1 + rnd.nextInt(4);
      for (int k = 0; k < mutations; k++) {
        data = mutate(rnd, data);
      }
      checkPacket(data, "mutated packet", i);
      int h = Math.min(codec.headerSize(), data.length);
      checkBody(data, h, data.length - h, "mutated body", i);
    }
    assertThat(rejections)
        .containsKeys(
            Reason.TRUNCATED,
            Reason.MALFORMED,
            Reason.UNKNOWN_TYPE,
            Reason.BAD_MAGIC,
            Reason.BAD_VERSION,
            Reason.WRONG_LABEL);
    assertThat(accepted).as("mutations that still decode").isPositive();
  }

  private byte[] mutate(Random rnd, byte[] in) {
    if (in.length == 0) {
      return new byte[] {(byte) rnd.nextInt(256)};
    }
    int p = rnd.nextInt(in.length);
    switch (rnd.nextInt(8)) {
      case 0: // bit flip
        {
          byte[] out = in.clone();
          out[p] ^= (byte) (1 << rnd.nextInt(8));
          return out;
        }
      case 1: // truncation
        return Arrays.copyOf(in, p);
      case 2: // insertion of random bytes
        {
          byte[] extra = new byte[1 + rnd.nextInt(8)];
          rnd.nextBytes(extra);
          return splice(in, p, 0, extra);
        }
      case 3: // deletion of a range
        return splice(in, p, 1 + rnd.nextInt(Math.min(8, in.length - p)), new byte[0]);
      case 4: // length-field bump: a small step up or down
        {
          byte[] out = in.clone();
          int[] deltas = {1, -1, 2, -2, 16, 127, 128};
          out[p] = (byte) (out[p] + deltas[rnd.nextInt(deltas.length)]);
          return out;
        }
      case 5: // a huge or overlong varint replacing one byte
        {
          byte[][] varints = {
            {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F},
            {(byte) 0x80, 0x00},
            {
              (byte) 0xFF,
              (byte) 0xFF,
              (byte) 0xFF,
              (byte) 0xFF,
              (byte) 0xFF,
              (byte) 0xFF,
              (byte) 0xFF,
              (byte) 0xFF,
              (byte) 0xFF,
              0x01
            },
            {(byte) 0x80, (byte) 0x80, 0x04}
          };
          return splice(in, p, 1, varints[rnd.nextInt(varints.length)]);
        }
      case 6: // a boundary byte value
        {
          byte[] out = in.clone();
          int[] values = {0x00, 0x01, 0x7F, 0x80, 0xFF, 0x09, 0x0A, 0x04};
          out[p] = (byte) values[rnd.nextInt(values.length)];
          return out;
        }
      default: // duplication of a range
        {
          int len = 1 + rnd.nextInt(Math.min(16, in.length - p));
          return splice(in, p, 0, Arrays.copyOfRange(in, p, p + len));
        }
    }
  }

  private static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
    byte[] out = new byte[in.length - remove + insert.length];
    System.arraycopy(in, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(in, at + remove, out, at + insert.length, in.length - at - remove);
    return out;
  }

  private void checkPacket(byte[] data, String what, int i) {
    Message m;
    try {
      m = codec.decodePacket(data, 0, data.length);
    } catch (DecodeException e) {
      rejections.merge(e.reason(), 1, Integer::sum);
      return;
    } catch (Throwable t) {
      throw failure(what, i, data, 0, data.length, t);
    }
    accepted++;
    assertThat(codec.encodePacket(m))
        .as("canonical re-encoding of %s #%d", what, i)
        .isEqualTo(data);
  }

  private void checkBody(byte[] data, int off, int len, String what, int i) {
    Message m;
    try {
      m = codec.decodeMessage(data, off, len);
    } catch (DecodeException e) {
      rejections.merge(e.reason(), 1, Integer::sum);
      return;
    } catch (Throwable t) {
      throw failure(what, i, data, off, len, t);
    }
    accepted++;
    assertThat(codec.encodeMessage(m))
        .as("canonical re-encoding of %s #%d", what, i)
        .isEqualTo(Arrays.copyOfRange(data, off, off + len));
  }

  private static AssertionError failure(
      String what, int i, byte[] data, int off, int len, Throwable t) {
    String hex = HexFormat.of().formatHex(data, off, off + Math.min(len, 512));
    return (AssertionError) fail(what + " #" + i + " threw " + t + "; input (hex): " + hex, t);
  }
}
