package dev.swim.core.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.Message.Alive;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Names decoded again come back as the same string; anything else decodes as before. */
class NameCacheTest {

  @Test
  void aNameSeenAgainIsTheSameInstance() throws DecodeException {
    WireCodec codec = new WireCodec("c", new NameCache(64));
    byte[] packet =
        codec.encodePacket(new Alive("node-7", new NodeAddress("10.0.0.7", 7946), 1, 2, Map.of()));
    Alive a = (Alive) codec.decodePacket(packet, 0, packet.length);
    Alive b = (Alive) codec.decodePacket(packet, 0, packet.length);
    assertThat(a.name()).isEqualTo("node-7").isSameAs(b.name());
    assertThat(a).isEqualTo(b);
  }

  @Test
  void withoutACacheEveryDecodeIsANewString() throws DecodeException {
    WireCodec codec = new WireCodec("c");
    byte[] packet =
        codec.encodePacket(new Alive("node-7", new NodeAddress("10.0.0.7", 7946), 1, 2, Map.of()));
    Alive a = (Alive) codec.decodePacket(packet, 0, packet.length);
    Alive b = (Alive) codec.decodePacket(packet, 0, packet.length);
    assertThat(a.name()).isEqualTo(b.name()).isNotSameAs(b.name());
  }

  @Test
  void nonAsciiNamesAreNotCachedAndStillDecodeExactly() throws DecodeException {
    WireCodec codec = new WireCodec("c", new NameCache(64));
    String name = "nœud-é";
    byte[] packet =
        codec.encodePacket(new Alive(name, new NodeAddress("10.0.0.7", 7946), 1, 2, Map.of()));
    Alive a = (Alive) codec.decodePacket(packet, 0, packet.length);
    assertThat(a.name()).isEqualTo(name);
    assertThat(new NameCache(16).intern(name.getBytes(UTF_8), 0, name.getBytes(UTF_8).length))
        .isNull();
  }

  @Test
  void aFullCacheReplacesInsteadOfGrowing() {
    NameCache cache = new NameCache(16);
    for (int i = 0; i < 10_000; i++) {
      byte[] b = ("member-" + i).getBytes(UTF_8);
      assertThat(cache.intern(b, 0, b.length)).isEqualTo("member-" + i);
    }
    byte[] again = "member-9999".getBytes(UTF_8);
    String first = cache.intern(again, 0, again.length);
    assertThat(cache.intern(again, 0, again.length)).isSameAs(first);
  }
}
