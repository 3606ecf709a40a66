package dev.swim.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.NodeAddress;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SeedResolverTest {

  @Test
  void ipLiteralSeedsAreParsedOnceAndNeverResolvedAgain() {
    AtomicInteger background = new AtomicInteger();
    SeedResolver r =
        new SeedResolver(
            List.of("127.0.0.1:7000", "[::1]:7001"),
            7946,
            HostResolver.SYSTEM,
            task -> {
              background.incrementAndGet();
              task.run();
            });
    assertThat(r.resolveNow())
        .containsExactly(
            new NodeAddress("127.0.0.1", 7000), new NodeAddress("0:0:0:0:0:0:0:1", 7001));
    for (int i = 0; i < 5; i++) {
      assertThat(r.seeds()).hasSize(2);
    }
    assertThat(background).hasValue(0);
  }

  @Test
  void hostNamesAreResolvedAgainOnEveryRequest() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    InetAddress[] first = {InetAddress.getByAddress(new byte[] {10, 0, 0, 1})};
    InetAddress[] later = {
      InetAddress.getByAddress(new byte[] {10, 0, 0, 1}),
      InetAddress.getByAddress(new byte[] {10, 0, 0, 2})
    };
    HostResolver dns = host -> lookups.incrementAndGet() == 1 ? first : later;
    SeedResolver r = new SeedResolver(List.of("seeds.example:7946"), 7946, dns, Runnable::run);
    assertThat(r.resolveNow()).containsExactly(new NodeAddress("10.0.0.1", 7946));
    r.seeds(); // re-resolves (here on the calling thread)
    assertThat(r.seeds())
        .containsExactly(new NodeAddress("10.0.0.1", 7946), new NodeAddress("10.0.0.2", 7946));
    assertThat(lookups.get()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aCustomResolverIsAskedEvenForLiterals() {
    AtomicInteger lookups = new AtomicInteger();
    HostResolver custom =
        host -> {
          lookups.incrementAndGet();
          return InetAddress.getAllByName(host);
        };
    SeedResolver r = new SeedResolver(List.of("127.0.0.1:7000"), 7946, custom, Runnable::run);
    r.resolveNow();
    r.seeds();
    assertThat(lookups.get()).isEqualTo(2);
  }
}
