package dev.swim.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.NodeAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The digest's name hash is FNV-1a over the UTF-8 bytes, whatever path computes it. */
class MemberInfoHashTest {

  static long reference(String name) {
    long h = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "node-1", "web-7946", "nœud-ü", "ノード-3", "a\uD834\uDD1Eb", "x\u0080"})
  void nameHashIsFnv1aOverUtf8(String name) {
    MemberInfo info = new MemberInfo(name, new NodeAddress("10.0.0.1", 7946), 1, Map.of());
    assertThat(info.nameHash()).isEqualTo(reference(name));
  }
}
