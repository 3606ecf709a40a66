package dev.swim.core.runtime;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.SwimNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code host[:port]} seeds into addresses, every A/AAAA record of a name included. The
 * protocol asks for seeds on its own thread, so resolution runs in the background and the last
 * result is returned; each request for seeds (join retries, partition healing) triggers a fresh
 * resolution. Seeds given as IP literals to the system resolver cannot change, so they are parsed
 * once and never resolved again.
 */
final class SeedResolver implements SwimNode.SeedProvider {
  private static final Logger log = LoggerFactory.getLogger(SeedResolver.class);

  private final List<String> seeds;
  private final int defaultPort;
  private final HostResolver resolver;
  private final Executor background;
  private final AtomicBoolean resolving = new AtomicBoolean();
  private volatile List<NodeAddress> latest = List.of();
  private final Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final boolean fixed;

  SeedResolver(List<String> seeds, int defaultPort, HostResolver resolver, Executor background) {
    this.seeds = List.copyOf(seeds);
    this.defaultPort = defaultPort;
    this.resolver = resolver;
    this.background = background;
    this.fixed =
        resolver == HostResolver.SYSTEM
            && this.seeds.stream()
                .allMatch(s -> NodeAddress.isIpLiteral(NodeAddress.parse(s, defaultPort).host()));
  }

  /** Resolves now, on the caller's thread. */
  List<NodeAddress> resolveNow() {
    Set<NodeAddress> out = new LinkedHashSet<>();
    for (String seed : seeds) {
      NodeAddress hostPort = NodeAddress.parse(seed, defaultPort);
      try {
        for (InetAddress a : resolver.resolve(hostPort.host())) {
          out.add(new NodeAddress(a.getHostAddress(), hostPort.port()));
        }
        warned.remove(seed);
      } catch (UnknownHostException e) {
        if (warned.add(seed)) {
          log.warn("Seed '{}' does not resolve (yet); will retry", seed);
        }
      }
    }
    latest = List.copyOf(new ArrayList<>(out));
    return latest;
  }

  @Override
  public List<NodeAddress> seeds() {
    if (fixed && !latest.isEmpty()) {
      return latest;
    }
    if (!seeds.isEmpty() && resolving.compareAndSet(false, true)) {
      background.execute(
          () -> {
            try {
              resolveNow();
            } finally {
              resolving.set(false);
            }
          });
    }
    return latest;
  }

  /** The seeds as given ({@code host[:port]}). */
  List<String> names() {
    return seeds;
  }

  boolean hasSeeds() {
    return !seeds.isEmpty();
  }
}
