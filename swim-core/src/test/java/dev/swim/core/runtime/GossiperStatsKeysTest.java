package dev.swim.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.protocol.ProbeOutcomes;
import dev.swim.core.protocol.ProtocolStats;
import org.junit.jupiter.api.Test;

/**
 * The keys of every map in {@link GossiperStats} are the published constant lists, so a metrics
 * binder can register every tag value once at start-up and never at read time.
 */
class GossiperStatsKeysTest {

  @Test
  void everyMapHasExactlyThePublishedKeys() throws Exception {
    try (Gossiper g =
        Gossiper.create(
            GossiperConfig.builder("keys").bindAddress("127.0.0.1").bindPort(0).build())) {
      g.start();
      GossiperStats s = g.stats();
      assertThat(s.messagesSent().keySet())
          .containsExactlyInAnyOrderElementsOf(ProtocolStats.MESSAGE_TYPES);
      assertThat(s.messagesReceived().keySet())
          .containsExactlyInAnyOrderElementsOf(ProtocolStats.MESSAGE_TYPES);
      assertThat(s.bytesSent().keySet())
          .containsExactlyInAnyOrderElementsOf(GossiperStats.BYTE_KINDS);
      assertThat(s.bytesReceived().keySet())
          .containsExactlyInAnyOrderElementsOf(GossiperStats.BYTE_KINDS);
      assertThat(s.dropped().keySet())
          .containsExactlyInAnyOrderElementsOf(GossiperStats.DROP_REASONS);
      assertThat(s.probes().keySet()).containsExactlyInAnyOrderElementsOf(ProbeOutcomes.NAMES);
      assertThat(s.rejected().keySet())
          .containsExactlyInAnyOrderElementsOf(GossiperStats.REJECTION_REASONS);
    }
  }
}
