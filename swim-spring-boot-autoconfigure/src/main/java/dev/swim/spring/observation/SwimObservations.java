package dev.swim.spring.observation;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.ProtocolObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;

/**
 * Opens a Micrometer {@link Observation} for each probe round ({@value #PROBE_ROUND}) and each
 * push-pull exchange this node opens ({@value #PUSH_PULL}), so a tracer shows them as spans and a
 * meter handler times them.
 *
 * <p>Low-cardinality keys: {@code swim.outcome} (direct, indirect, tcp, failed) on probe rounds;
 * {@code swim.kind} (join, sync) and {@code swim.answered} (true, false) on push-pulls.
 * High-cardinality keys (span tags only): {@code swim.target}, the member probed, and {@code
 * swim.peer}, the address of the exchange. Boot's {@code management.observations.enable.swim=false}
 * switches them off.
 *
 * <p>Runs on the Gossiper's event loop; at most {@value #MAX_OPEN} observations are open at once
 * (the oldest is stopped with an error beyond that, and counted), and whatever is still open when
 * the bean is destroyed is stopped.
 */
public class SwimObservations implements ProtocolObserver, DisposableBean {

  /** The name of a probe round's observation. */
  public static final String PROBE_ROUND = "swim.probe.round";

  /** The name of a push-pull exchange's observation. */
  public static final String PUSH_PULL = "swim.push.pull";

  /** The most observations open at once. */
  public static final int MAX_OPEN = 256;

  private final Gossiper gossiper;
  private final ObservationRegistry registry;
  private final Map<Long, Observation> probes = new LinkedHashMap<>();
  private final Map<Long, Observation> exchanges = new LinkedHashMap<>();
  private long evicted;

  /**
   * Creates the observer and registers it with the Gossiper.
   *
   * @param gossiper the Gossiper to observe
   * @param registry where observations go
   */
  public SwimObservations(Gossiper gossiper, ObservationRegistry registry) {
    this.gossiper = gossiper;
    this.registry = registry;
    gossiper.addProtocolObserver(this);
  }

  @Override
  public synchronized void probeStarted(long round, String target) {
    Observation o =
        Observation.createNotStarted(PROBE_ROUND, registry)
            .contextualName("swim probe")
            .highCardinalityKeyValue("swim.target", target)
            .start();
    open(probes, round, o);
  }

  @Override
  public synchronized void probeEnded(long round, String target, String outcome, long rttMicros) {
    Observation o = probes.remove(round);
    if (o != null) {
      o.lowCardinalityKeyValue("swim.outcome", outcome).stop();
    }
  }

  @Override
  public synchronized void pushPullStarted(long exchange, NodeAddress peer, boolean join) {
    Observation o =
        Observation.createNotStarted(PUSH_PULL, registry)
            .contextualName(join ? "swim join" : "swim push-pull")
            .lowCardinalityKeyValue("swim.kind", join ? "join" : "sync")
            .highCardinalityKeyValue("swim.peer", peer.toString())
            .start();
    open(exchanges, exchange, o);
  }

  @Override
  public synchronized void pushPullEnded(long exchange, NodeAddress peer, boolean answered) {
    Observation o = exchanges.remove(exchange);
    if (o != null) {
      o.lowCardinalityKeyValue("swim.answered", Boolean.toString(answered)).stop();
    }
  }

  private void open(Map<Long, Observation> map, long id, Observation o) {
    map.put(id, o);
    if (probes.size() + exchanges.size() > MAX_OPEN) {
      Map<Long, Observation> from = exchanges.size() >= probes.size() ? exchanges : probes;
      Iterator<Observation> oldest = from.values().iterator();
      Observation first = oldest.next();
      oldest.remove();
      first.error(new IllegalStateException("more than " + MAX_OPEN + " SWIM observations open"));
      first.stop();
      evicted++;
    }
  }

  /** Observations stopped early because more than {@link #MAX_OPEN} were open. */
  public synchronized long evicted() {
    return evicted;
  }

  /** Observations open now. */
  public synchronized int open() {
    return probes.size() + exchanges.size();
  }

  /** Stops observing, and stops every observation still open. */
  @Override
  public synchronized void destroy() {
    gossiper.removeProtocolObserver(this);
    for (Map<Long, Observation> map : java.util.List.of(probes, exchanges)) {
      for (Observation o : map.values()) {
        o.lowCardinalityKeyValue(map == probes ? "swim.outcome" : "swim.answered", "stopped")
            .stop();
      }
      map.clear();
    }
  }
}
