package dev.swim.spring.metrics;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.protocol.ProbeOutcomes;
import dev.swim.core.protocol.ProtocolStats;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperState;
import dev.swim.core.runtime.GossiperStats;
import dev.swim.core.runtime.ProtocolObserver;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;

/**
 * Binds the Gossiper's state and counters to Micrometer. All names start with {@code swim.}; no
 * meter is tagged by member name (unbounded cardinality), every meter has a base unit, and every
 * meter (each tag value included) is registered when the binder is bound at start-up, never when a
 * registry is scraped. Reads take the counters the Gossiper's loop last published ({@link
 * Gossiper#statsSnapshot()}), so a scrape never waits for the protocol.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type, base unit</th><th>tags</th></tr>
 *   <tr><td>swim.members</td><td>gauge, members</td><td>state = alive, suspect, dead,
 *       left</td></tr>
 *   <tr><td>swim.node.state</td><td>gauge, state</td><td>state = created, joining, running,
 *       leaving, left, stopped (1 for this node's lifecycle state, 0 for the others)</td></tr>
 *   <tr><td>swim.health.score</td><td>gauge, score</td><td>(Lifeguard local health, 0 =
 *       healthy)</td></tr>
 *   <tr><td>swim.broadcast.queue.depth</td><td>gauge, updates</td><td>(updates waiting to be
 *       gossiped)</td></tr>
 *   <tr><td>swim.messages</td><td>function counter, messages</td><td>direction = sent,
 *       received; type = ping, ack, ping-req, nack, alive, suspect, dead, push-pull, compound,
 *       user-event</td></tr>
 *   <tr><td>swim.bytes</td><td>function counter, bytes</td><td>direction = sent, received; type
 *       = datagram, stream</td></tr>
 *   <tr><td>swim.packets.dropped</td><td>function counter, packets</td><td>reason</td></tr>
 *   <tr><td>swim.probes</td><td>function counter, probes</td><td>outcome = direct, indirect,
 *       tcp, failed</td></tr>
 *   <tr><td>swim.probe.rtt</td><td>timer, seconds</td><td>(direct probe round trips; its max
 *       decays over the registry's step)</td></tr>
 *   <tr><td>swim.suspicions</td><td>function counter, suspicions</td><td>(suspicions this node
 *       started)</td></tr>
 *   <tr><td>swim.refutations</td><td>function counter, refutations</td><td>(accusations this
 *       node refuted)</td></tr>
 *   <tr><td>swim.name.clashes</td><td>function counter, clashes</td><td>(another live instance
 *       used this node's name)</td></tr>
 *   <tr><td>swim.conflicts</td><td>function counter, conflicts</td><td>(claims that moved a live
 *       member elsewhere while it still answered at its address)</td></tr>
 *   <tr><td>swim.loop.errors</td><td>function counter, errors</td><td>(exceptions caught while
 *       handling a timer or a message; the node carried on)</td></tr>
 *   <tr><td>swim.reconnects</td><td>function counter, reconnects</td><td>(reaped failed members
 *       contacted again)</td></tr>
 *   <tr><td>swim.resurrections.refused</td><td>function counter, resurrections</td><td>(stale
 *       news of a reaped member refused)</td></tr>
 *   <tr><td>swim.reaped.records.evicted</td><td>function counter, records</td><td>(records of
 *       reaped members dropped early)</td></tr>
 *   <tr><td>swim.claim.checks</td><td>function counter, checks</td><td>(checks of a member at
 *       its held address)</td></tr>
 *   <tr><td>swim.state.records.capped</td><td>function counter, records</td><td>(records left
 *       out of a push-pull state sent)</td></tr>
 *   <tr><td>swim.user.event.origins.evicted</td><td>function counter, origins</td><td>(user-event
 *       origins forgotten)</td></tr>
 *   <tr><td>swim.listener.deliveries.dropped</td><td>function counter, deliveries</td><td>(listeners
 *       fell behind)</td></tr>
 *   <tr><td>swim.messages.rejected</td><td>function counter, messages</td><td>reason =
 *       implausible-incarnation, other-instance, oversized, invalid-name, invalid-address,
 *       member-limit, state-too-large, relay-limit, reply-budget, check-limit</td></tr>
 * </table>
 */
public class SwimMetrics implements MeterBinder {

  private final Gossiper gossiper;
  private final List<Timer> rttTimers = new CopyOnWriteArrayList<>();
  private final AtomicBoolean observing = new AtomicBoolean();

  /**
   * Creates the binder.
   *
   * @param gossiper the Gossiper to measure
   */
  public SwimMetrics(Gossiper gossiper) {
    this.gossiper = gossiper;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (MemberState state : MemberState.values()) {
      Gauge.builder("swim.members", this, m -> m.count(state))
          .strongReference(true)
          .tag("state", lower(state))
          .description("Members this node knows, by state (itself included)")
          .baseUnit("members")
          .register(registry);
    }
    for (GossiperState state : GossiperState.values()) {
      Gauge.builder("swim.node.state", gossiper, g -> g.state() == state ? 1 : 0)
          .strongReference(true)
          .tag("state", lower(state))
          .description("This node's lifecycle: 1 for the state it is in, 0 for the others")
          .baseUnit("state")
          .register(registry);
    }
    Gauge.builder("swim.health.score", this, m -> m.stats().healthScore())
        .strongReference(true)
        .description("Lifeguard local health score of this node (0 = healthy)")
        .baseUnit("score")
        .register(registry);
    Gauge.builder("swim.broadcast.queue.depth", this, m -> m.stats().broadcastQueueDepth())
        .strongReference(true)
        .description("Membership updates waiting to be gossiped")
        .baseUnit("updates")
        .register(registry);
    counter(
        registry,
        "swim.suspicions",
        "Suspicions this node started",
        "suspicions",
        s -> s.suspicions());
    counter(
        registry,
        "swim.refutations",
        "Times this node refuted an accusation about itself",
        "refutations",
        s -> s.refutations());
    counter(
        registry,
        "swim.name.clashes",
        "Times another live instance used this node's name",
        "clashes",
        s -> s.nameClashes());
    counter(
        registry,
        "swim.loop.errors",
        "Exceptions caught while handling a timer or a message; the node carried on after each",
        "errors",
        GossiperStats::loopErrors);
    counter(
        registry,
        "swim.conflicts",
        "Claims that moved a live member elsewhere while it still answered at its address; the"
            + " member kept its address",
        "conflicts",
        s -> s.conflicts());
    counter(
        registry,
        "swim.reconnects",
        "Members that failed and were reaped, contacted again so that a long partition heals",
        "reconnects",
        GossiperStats::reconnects);
    counter(
        registry,
        "swim.resurrections.refused",
        "Stale news of a reaped member refused instead of bringing it back",
        "resurrections",
        GossiperStats::resurrectionsRefused);
    counter(
        registry,
        "swim.reaped.records.evicted",
        "Records of reaped members dropped early because swim.max-members were held",
        "records",
        GossiperStats::reapedRecordsEvicted);
    counter(
        registry,
        "swim.claim.checks",
        "Direct checks of a member at its held address before believing a claim about it",
        "checks",
        s -> s.claimChecks());
    counter(
        registry,
        "swim.state.records.capped",
        "Member records left out of a push-pull state sent, to keep it within swim.max-state-size",
        "records",
        s -> s.stateRecordsCapped());
    counter(
        registry,
        "swim.user.event.origins.evicted",
        "User-event origins forgotten because the most origins were tracked already",
        "origins",
        s -> s.userEventOriginsEvicted());
    counter(
        registry,
        "swim.listener.deliveries.dropped",
        "Membership and user-event deliveries dropped because listeners fell behind",
        "deliveries",
        s -> s.listenerDeliveriesDropped());
    for (String direction : List.of("sent", "received")) {
      boolean sent = direction.equals("sent");
      for (String type : ProtocolStats.MESSAGE_TYPES) {
        tagged(
            registry,
            "swim.messages",
            "Messages by direction and type",
            BaseUnits.MESSAGES,
            s -> (sent ? s.messagesSent() : s.messagesReceived()).getOrDefault(type, 0L),
            "direction",
            direction,
            "type",
            type);
      }
      for (String kind : GossiperStats.BYTE_KINDS) {
        tagged(
            registry,
            "swim.bytes",
            "Bytes by direction and type (datagram, stream)",
            BaseUnits.BYTES,
            s -> (sent ? s.bytesSent() : s.bytesReceived()).getOrDefault(kind, 0L),
            "direction",
            direction,
            "type",
            kind);
      }
    }
    for (String reason : GossiperStats.DROP_REASONS) {
      tagged(
          registry,
          "swim.packets.dropped",
          "Inbound packets dropped, by reason",
          "packets",
          s -> s.dropped().getOrDefault(reason, 0L),
          "reason",
          reason);
    }
    for (String reason : GossiperStats.REJECTION_REASONS) {
      tagged(
          registry,
          "swim.messages.rejected",
          "Well-formed messages the protocol refused, by reason",
          BaseUnits.MESSAGES,
          s -> s.rejected().getOrDefault(reason, 0L),
          "reason",
          reason);
    }
    for (String outcome : ProbeOutcomes.NAMES) {
      tagged(
          registry,
          "swim.probes",
          "Probe rounds, by outcome",
          "probes",
          s -> s.probes().getOrDefault(outcome, 0L),
          "outcome",
          outcome);
    }
    rttTimers.add(
        Timer.builder("swim.probe.rtt")
            .description("Round-trip time of direct probes (acked within the probe timeout)")
            .register(registry));
    if (observing.compareAndSet(false, true)) {
      gossiper.addProtocolObserver(new RoundTrips());
    }
  }

  /** Records each direct probe's round trip in every bound registry's timer. */
  private final class RoundTrips implements ProtocolObserver {
    @Override
    public void probeEnded(long round, String target, String outcome, long rttMicros) {
      if (rttMicros >= 0) {
        for (Timer t : rttTimers) {
          t.record(rttMicros, TimeUnit.MICROSECONDS);
        }
      }
    }
  }

  private void tagged(
      MeterRegistry registry,
      String name,
      String description,
      String baseUnit,
      ToLongFunction<GossiperStats> read,
      String... tags) {
    FunctionCounter.builder(name, this, m -> read.applyAsLong(m.stats()))
        .description(description)
        .baseUnit(baseUnit)
        .tags(tags)
        .register(registry);
  }

  private void counter(
      MeterRegistry registry,
      String name,
      String description,
      String baseUnit,
      ToLongFunction<GossiperStats> read) {
    FunctionCounter.builder(name, this, m -> read.applyAsLong(m.stats()))
        .description(description)
        .baseUnit(baseUnit)
        .register(registry);
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private double count(MemberState state) {
    try {
      return gossiper.members().stream().map(Member::state).filter(state::equals).count();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The counters the Gossiper's loop last published (never waits for the loop). */
  private GossiperStats stats() {
    return gossiper.statsSnapshot();
  }
}
