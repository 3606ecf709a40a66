package dev.swim.spring.metrics;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.protocol.ProbeOutcomes;
import dev.swim.core.protocol.ProtocolStats;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperStats;
import dev.swim.core.transport.TransportStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Binds the Gossiper's state and counters ({@link Gossiper#stats()}) to Micrometer. All names start
 * with {@code swim.}; no meter is tagged by member name (unbounded cardinality).
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>swim.members</td><td>gauge</td><td>state = alive, suspect, dead, left</td></tr>
 *   <tr><td>swim.health.score</td><td>gauge</td><td>(Lifeguard local health, 0 = healthy)</td></tr>
 *   <tr><td>swim.broadcast.queue.depth</td><td>gauge</td><td>(updates waiting to be
 *       gossiped)</td></tr>
 *   <tr><td>swim.messages</td><td>function counter</td><td>direction = sent, received; type =
 *       ping, ack, ping-req, nack, alive, suspect, dead, push-pull, compound, user-event</td></tr>
 *   <tr><td>swim.bytes</td><td>function counter</td><td>direction = sent, received; type =
 *       datagram, stream</td></tr>
 *   <tr><td>swim.packets.dropped</td><td>function counter</td><td>reason</td></tr>
 *   <tr><td>swim.probes</td><td>function counter</td><td>outcome = direct, indirect, tcp,
 *       failed</td></tr>
 *   <tr><td>swim.suspicions</td><td>function counter</td><td>(suspicions this node
 *       started)</td></tr>
 *   <tr><td>swim.refutations</td><td>function counter</td><td>(accusations this node
 *       refuted)</td></tr>
 *   <tr><td>swim.name.clashes</td><td>function counter</td><td>(another live instance used this
 *       node's name)</td></tr>
 *   <tr><td>swim.conflicts</td><td>function counter</td><td>(claims that moved a live member
 *       elsewhere while it still answered at its address)</td></tr>
 *   <tr><td>swim.loop.errors</td><td>function counter</td><td>(exceptions caught while handling
 *       a timer or a message; the node carried on)</td></tr>
 *   <tr><td>swim.claim.checks</td><td>function counter</td><td>(checks of a member at its held
 *       address)</td></tr>
 *   <tr><td>swim.state.records.capped</td><td>function counter</td><td>(records left out of a
 *       push-pull state sent)</td></tr>
 *   <tr><td>swim.user.event.origins.evicted</td><td>function counter</td><td>(user-event origins
 *       forgotten)</td></tr>
 *   <tr><td>swim.listener.deliveries.dropped</td><td>function counter</td><td>(listeners fell
 *       behind)</td></tr>
 *   <tr><td>swim.messages.rejected</td><td>function counter</td><td>reason =
 *       implausible-incarnation, other-instance, oversized, invalid-name, invalid-address,
 *       member-limit, state-too-large, relay-limit, reply-budget, check-limit</td></tr>
 *   <tr><td>swim.probe.rtt</td><td>function timer</td><td>(direct probe round trips)</td></tr>
 *   <tr><td>swim.probe.rtt.max</td><td>gauge, seconds</td><td>(largest round trip so far)</td></tr>
 * </table>
 *
 * <p>Every known tag value is registered (at 0) when the meters are bound. Tag values not known in
 * advance (a message type or drop reason added later) are registered when they first appear in the
 * counters, on the next read of any swim meter.
 */
public class SwimMetrics implements MeterBinder {

  private static final List<String> MESSAGE_TYPES = ProtocolStats.MESSAGE_TYPES;
  private static final List<String> BYTE_KINDS = List.of("datagram", "stream");
  private static final List<String> PROBE_OUTCOMES = ProbeOutcomes.NAMES;

  private final Gossiper gossiper;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private final Map<MeterRegistry, Set<String>> registeredTags = new ConcurrentHashMap<>();
  private volatile @Nullable GossiperStats stats;

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
          .tag("state", state.name().toLowerCase(Locale.ROOT))
          .description("Members this node knows, by state (itself included)")
          .baseUnit("members")
          .register(registry);
    }
    Gauge.builder("swim.health.score", this, m -> m.stats().healthScore())
        .strongReference(true)
        .description("Lifeguard local health score of this node (0 = healthy)")
        .register(registry);
    Gauge.builder("swim.broadcast.queue.depth", this, m -> m.stats().broadcastQueueDepth())
        .strongReference(true)
        .description("Membership updates waiting to be gossiped")
        .register(registry);
    counter(registry, "swim.suspicions", "Suspicions this node started", s -> s.suspicions());
    counter(
        registry,
        "swim.refutations",
        "Times this node refuted an accusation about itself",
        s -> s.refutations());
    counter(
        registry,
        "swim.name.clashes",
        "Times another live instance used this node's name",
        s -> s.nameClashes());
    counter(
        registry,
        "swim.loop.errors",
        "Exceptions caught while handling a timer or a message; the node carried on after each",
        GossiperStats::loopErrors);
    counter(
        registry,
        "swim.conflicts",
        "Claims that moved a live member elsewhere while it still answered at its address; the"
            + " member kept its address",
        s -> s.conflicts());
    counter(
        registry,
        "swim.reconnects",
        "Members that failed and were reaped, contacted again so that a long partition heals",
        GossiperStats::reconnects);
    counter(
        registry,
        "swim.resurrections.refused",
        "Stale news of a reaped member refused instead of bringing it back",
        GossiperStats::resurrectionsRefused);
    counter(
        registry,
        "swim.reaped.records.evicted",
        "Records of reaped members dropped early because swim.max-members were held",
        GossiperStats::reapedRecordsEvicted);
    counter(
        registry,
        "swim.claim.checks",
        "Direct checks of a member at its held address before believing a claim about it",
        s -> s.claimChecks());
    counter(
        registry,
        "swim.state.records.capped",
        "Member records left out of a push-pull state sent, to keep it within swim.max-state-size",
        s -> s.stateRecordsCapped());
    counter(
        registry,
        "swim.user.event.origins.evicted",
        "User-event origins forgotten because the most origins were tracked already",
        s -> s.userEventOriginsEvicted());
    counter(
        registry,
        "swim.listener.deliveries.dropped",
        "Membership and user-event deliveries dropped because listeners fell behind",
        s -> s.listenerDeliveriesDropped());
    FunctionTimer.builder(
            "swim.probe.rtt",
            this,
            m -> m.stats().probeRttCount(),
            m -> m.stats().probeRttTotalMicros(),
            TimeUnit.MICROSECONDS)
        .description("Round-trip time of direct probes")
        .register(registry);
    Gauge.builder("swim.probe.rtt.max", this, m -> m.stats().probeRttMaxMicros() / 1_000_000.0)
        .strongReference(true)
        .baseUnit("seconds")
        .description("Largest direct probe round trip so far")
        .register(registry);
    registries.add(registry);
    registerTagged(registry, stats());
  }

  /** Registers the tagged counters of every tag value in {@code s} not registered yet. */
  private void registerTagged(MeterRegistry registry, GossiperStats s) {
    taggedFamily(
        registry,
        "messages.sent",
        MESSAGE_TYPES,
        s.messagesSent().keySet(),
        type ->
            tagged(
                "swim.messages",
                "Messages by direction and type",
                null,
                x -> x.messagesSent().getOrDefault(type, 0L),
                "direction",
                "sent",
                "type",
                type));
    taggedFamily(
        registry,
        "messages.received",
        MESSAGE_TYPES,
        s.messagesReceived().keySet(),
        type ->
            tagged(
                "swim.messages",
                "Messages by direction and type",
                null,
                x -> x.messagesReceived().getOrDefault(type, 0L),
                "direction",
                "received",
                "type",
                type));
    taggedFamily(
        registry,
        "bytes.sent",
        BYTE_KINDS,
        s.bytesSent().keySet(),
        kind ->
            tagged(
                "swim.bytes",
                "Bytes by direction and type (datagram, stream)",
                BaseUnits.BYTES,
                x -> x.bytesSent().getOrDefault(kind, 0L),
                "direction",
                "sent",
                "type",
                kind));
    taggedFamily(
        registry,
        "bytes.received",
        BYTE_KINDS,
        s.bytesReceived().keySet(),
        kind ->
            tagged(
                "swim.bytes",
                "Bytes by direction and type (datagram, stream)",
                BaseUnits.BYTES,
                x -> x.bytesReceived().getOrDefault(kind, 0L),
                "direction",
                "received",
                "type",
                kind));
    taggedFamily(
        registry,
        "dropped",
        dropReasons(),
        s.dropped().keySet(),
        reason ->
            tagged(
                "swim.packets.dropped",
                "Inbound packets dropped, by reason",
                null,
                x -> x.dropped().getOrDefault(reason, 0L),
                "reason",
                reason));
    taggedFamily(
        registry,
        "rejected",
        GossiperStats.REJECTION_REASONS,
        s.rejected().keySet(),
        reason ->
            tagged(
                "swim.messages.rejected",
                "Well-formed messages the protocol refused, by reason",
                null,
                x -> x.rejected().getOrDefault(reason, 0L),
                "reason",
                reason));
    taggedFamily(
        registry,
        "probes",
        PROBE_OUTCOMES,
        s.probes().keySet(),
        outcome ->
            tagged(
                "swim.probes",
                "Probe rounds, by outcome",
                null,
                x -> x.probes().getOrDefault(outcome, 0L),
                "outcome",
                outcome));
  }

  private void taggedFamily(
      MeterRegistry registry,
      String family,
      List<String> known,
      Set<String> present,
      Function<String, FunctionCounter.Builder<SwimMetrics>> builder) {
    Set<String> done = registeredTags.computeIfAbsent(registry, r -> ConcurrentHashMap.newKeySet());
    for (List<String> values : List.of(known, List.copyOf(present))) {
      for (String value : values) {
        if (done.add(family + "/" + value)) {
          builder.apply(value).register(registry);
        }
      }
    }
  }

  private FunctionCounter.Builder<SwimMetrics> tagged(
      String name,
      String description,
      @Nullable String baseUnit,
      Function<GossiperStats, Long> read,
      String... tags) {
    return FunctionCounter.builder(name, this, m -> read.apply(m.stats()))
        .description(description)
        .baseUnit(baseUnit)
        .tags(tags);
  }

  private void counter(
      MeterRegistry registry, String name, String description, Function<GossiperStats, Long> read) {
    FunctionCounter.builder(name, this, m -> read.apply(m.stats()))
        .description(description)
        .register(registry);
  }

  /** The transport's reasons, and the two the protocol adds (see the Gossiper's stats). */
  private static List<String> dropReasons() {
    return Stream.concat(
            Arrays.stream(TransportStats.Drop.values())
                .map(d -> d.name().toLowerCase(Locale.ROOT).replace('_', '-')),
            Stream.of("decode-error", "wrong-target", "loop-overflow"))
        .toList();
  }

  private double count(MemberState state) {
    try {
      return gossiper.members().stream().map(Member::state).filter(state::equals).count();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * The counters the Gossiper's loop last published (never waits for the loop). A new tag value
   * seen in them is registered on the spot.
   */
  GossiperStats stats() {
    GossiperStats s = gossiper.statsSnapshot();
    @SuppressWarnings("ReferenceEquality") // a new snapshot object is a new publication
    boolean published = s != stats;
    if (published) {
      stats = s;
      for (MeterRegistry registry : registries) {
        registerTagged(registry, s);
      }
    }
    return s;
  }
}
