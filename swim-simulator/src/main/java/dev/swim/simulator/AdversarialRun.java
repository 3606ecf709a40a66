package dev.swim.simulator;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.Formulas;
import dev.swim.core.protocol.ProtocolStats;
import dev.swim.core.protocol.ProtocolStats.Rejection;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Dead;
import dev.swim.core.wire.Message.MemberRecord;
import dev.swim.core.wire.Message.Ping;
import dev.swim.core.wire.Message.PingReq;
import dev.swim.core.wire.Message.PushPull;
import dev.swim.core.wire.Message.Suspect;
import dev.swim.core.wire.Message.UserEvent;
import dev.swim.core.wire.WireCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A stateful adversarial simulation: honest members plus adversaries that send forged, replayed,
 * oversized and well-formed-but-lying messages in random sequences, with the invariants of
 * docs/security.md checked every virtual second:
 *
 * <ul>
 *   <li>no honest live member is DEAD, LEFT, forgotten or held at another address by an honest
 *       member for longer than one (maximum) suspicion timeout;
 *   <li>no honest member holds more than {@code maxMembers} entries;
 *   <li>no exception escapes the protocol (one would end the run).
 * </ul>
 *
 * <p>An <b>outsider</b> has no key and is no member: in a plaintext cluster it can still send any
 * well-formed message from any (spoofed) source, knowing names and addresses but not start ids or
 * incarnations; it also replays datagrams it captured. An <b>insider</b> is a member (it runs a
 * real node) whose code lies: it knows every start id and incarnation from its own view. The same
 * seed gives the same run.
 */
public final class AdversarialRun {

  /** What the adversaries know and are. */
  public enum Kind {
    OUTSIDER,
    INSIDER,
    /** A control run: the adversaries' hosts run honest nodes and send nothing else. */
    NONE
  }

  /** What the run measured; {@link #violations()} empty means every invariant held. */
  public record Result(
      int nodes,
      int adversaries,
      Kind kind,
      long seed,
      long durationMs,
      long attacks,
      int falseDead,
      int readdressed,
      int maxTrackedMembers,
      long droppedOversized,
      long rejected,
      long conflicts,
      long bytesInjectedSpoofed,
      long bytesToSpoofed,
      long bytesToGhosts,
      long ghosts,
      long boundMs,
      long longestHarmMs,
      long heapPerMemberBytes,
      List<String> violations) {

    /** The result as one JSON object. */
    public String toJson() {
      StringBuilder b = new StringBuilder("{");
      field(b, "nodes", nodes);
      field(b, "adversaries", adversaries);
      field(b, "adversary_kind", "\"" + kind.name().toLowerCase(Locale.ROOT) + "\"");
      field(b, "seed", seed);
      field(b, "duration_s", durationMs / 1000.0);
      field(b, "attacks", attacks);
      field(b, "false_dead", falseDead);
      field(b, "readdressed", readdressed);
      field(b, "max_tracked_members", maxTrackedMembers);
      field(b, "dropped_oversized", droppedOversized);
      field(b, "rejected", rejected);
      field(b, "conflicts", conflicts);
      field(b, "spoofed_bytes_in", bytesInjectedSpoofed);
      field(b, "bytes_to_spoofed", bytesToSpoofed);
      field(b, "bytes_to_ghosts", bytesToGhosts);
      field(b, "ghosts", ghosts);
      field(b, "bytes_per_ghost", ghosts == 0 ? 0 : bytesToGhosts / ghosts);
      field(b, "harm_bound_s", boundMs / 1000.0);
      field(b, "longest_harm_s", longestHarmMs / 1000.0);
      field(b, "heap_per_member_bytes", heapPerMemberBytes);
      b.append("\"violations\":").append(violations.size()).append('}');
      return b.toString();
    }

    private static void field(StringBuilder b, String name, Object value) {
      b.append('"').append(name).append("\":").append(value).append(',');
    }
  }

  private static final long STEP_MS = 100;
  private static final Map<String, String> TWO_MIB_METADATA = twoMibMetadata();
  private static final List<MemberState> STATES =
      List.of(MemberState.ALIVE, MemberState.SUSPECT, MemberState.DEAD, MemberState.LEFT);
  private static final long MAX_STEP = 1L << 20;

  private final int honest;
  private final int adversaries;
  private final Kind kind;
  private final long seed;
  private final long durationMs;
  private final double loss;
  private final SwimConfig config;
  private final WireCodec codec = new WireCodec("sim");
  private final SplittableRandom rnd;
  private final List<byte[]> captured = new ArrayList<>();
  private Simulator sim;
  private long attacks;
  private long bytesInjectedSpoofed;
  private long bytesToSpoofed;
  private long bytesToGhosts;
  private long ghosts;
  private static final String SPOOFED_PREFIX = "10.250.";
  private static final String GHOST_PREFIX = "10.251.";

  private int threads = 1;

  /**
   * A run of {@code honest} members and {@code adversaries} of {@code kind} for {@code durationMs}
   * of virtual time at {@code loss}.
   */
  public AdversarialRun(
      int honest, int adversaries, Kind kind, long seed, long durationMs, double loss) {
    this.honest = honest;
    this.adversaries = adversaries;
    this.kind = kind;
    this.seed = seed;
    this.durationMs = durationMs;
    this.loss = loss;
    this.config = SwimConfig.lan().toBuilder().maxMembers(4 * (honest + adversaries) + 64).build();
    this.rnd = new SplittableRandom(seed ^ 0xBADC0FFEEL);
  }

  /** Processes busy milliseconds on {@code n} threads (see {@link Simulator#threads}). */
  public AdversarialRun threads(int n) {
    this.threads = n;
    return this;
  }

  /** Runs the simulation and checks the invariants. */
  public Result run() {
    Simulator.Network net = new Simulator.Network();
    net.loss = loss;
    sim = new Simulator(seed, config, net);
    sim.threads(threads);
    int hosts = kind == Kind.OUTSIDER ? honest : honest + adversaries;
    Harm harm = new Harm();
    sim.addSink(harm);
    sim.tap(
        (from, to, packet) -> {
          if (to.host().startsWith(SPOOFED_PREFIX)) {
            bytesToSpoofed += packet.length;
          } else if (to.host().startsWith(GHOST_PREFIX)) {
            bytesToGhosts += packet.length;
          }
          if (captured.size() < 4096 && rnd.nextInt(64) == 0) {
            captured.add(packet);
          }
        });
    sim.startConverged(hosts);
    long bound =
        Formulas.suspicionMaxMillis(
            Formulas.suspicionMinMillis(
                config.suspicionMult(), hosts, config.probeInterval().toMillis()),
            config.suspicionMaxTimeoutMult());
    List<String> violations = new ArrayList<>();
    int maxTracked = 0;
    long longest = 0;
    for (long t = 0; t < durationMs; t += STEP_MS) {
      sim.runUntil(t);
      for (int a = 0; a < adversaries; a++) {
        attack(a);
      }
      if (t % 1000 == 0) {
        for (int i = 0; i < honest; i++) {
          maxTracked = Math.max(maxTracked, sim.host(i).node().knownCount());
        }
        longest = Math.max(longest, harm.longest(sim.now()));
        for (String v : harm.overdue(sim.now(), bound)) {
          if (violations.size() < 100) {
            violations.add(v);
          }
        }
      }
    }
    sim.runUntil(durationMs);
    long caught = 0;
    for (int i = 0; i < honest; i++) {
      caught += sim.host(i).node().stats().loopErrors();
    }
    if (caught > 0) {
      violations.add("honest members caught " + caught + " exception(s)");
    }
    if (maxTracked > config.maxMembers()) {
      violations.add("an honest member tracked " + maxTracked + " members");
    }
    long oversized = 0;
    long rejected = 0;
    long conflicts = 0;
    for (int i = 0; i < honest; i++) {
      ProtocolStats s = sim.host(i).node().stats();
      oversized += s.rejected(Rejection.OVERSIZED);
      for (long r : s.rejections().values()) {
        rejected += r;
      }
      conflicts += s.conflicts();
    }
    long heapPerMember = SimulateCommand.usedHeapAfterGc() / Math.max(1, hosts);
    return new Result(
        honest,
        adversaries,
        kind,
        seed,
        durationMs,
        attacks,
        harm.falseDead.size(),
        harm.readdressed.size(),
        maxTracked,
        oversized,
        rejected,
        conflicts,
        bytesInjectedSpoofed,
        bytesToSpoofed,
        bytesToGhosts,
        ghosts,
        bound,
        longest,
        heapPerMember,
        List.copyOf(violations));
  }

  // ---- the adversaries -----------------------------------------------------------------------

  private NodeAddress adversaryAddress(int a) {
    if (kind != Kind.OUTSIDER) {
      return sim.host(honest + a).address();
    }
    return new NodeAddress("10.66." + (a / 250) + "." + (a % 250 + 1), 7946);
  }

  private static NodeAddress stranger(SplittableRandom r) {
    return new NodeAddress(SPOOFED_PREFIX + r.nextInt(250) + "." + (r.nextInt(250) + 1), 7946);
  }

  private static NodeAddress ghostAddress(SplittableRandom r) {
    return new NodeAddress(GHOST_PREFIX + r.nextInt(250) + "." + (r.nextInt(250) + 1), 7946);
  }

  private String adversaryName(int a) {
    return kind == Kind.INSIDER ? Simulator.nameOf(honest + a) : "evil-" + a;
  }

  /** What the adversary believes about {@code victim}: exact for insiders, guessed otherwise. */
  private Member knowledge(int a, int victim) {
    if (kind == Kind.INSIDER) {
      Member m = sim.host(honest + a).node().member(Simulator.nameOf(victim));
      if (m != null) {
        return m;
      }
    }
    return new Member(
        Simulator.nameOf(victim),
        sim.host(victim).address(),
        MemberState.ALIVE,
        rnd.nextInt(4),
        Map.of(),
        rnd.nextLong(),
        0);
  }

  private long lieIncarnation(Member m) {
    return switch (rnd.nextInt(7)) {
      case 0 -> Long.MAX_VALUE;
      case 1 -> (1L << 62) - 1;
      case 2 -> m.incarnation() + MAX_STEP;
      case 3 -> m.incarnation() + MAX_STEP + 1;
      case 4 -> m.incarnation() + 1;
      default -> m.incarnation();
    };
  }

  private void attack(int a) {
    if (kind == Kind.NONE) {
      return;
    }
    int target = rnd.nextInt(honest);
    int victim = rnd.nextInt(honest);
    String victimName = Simulator.nameOf(victim);
    Member known = knowledge(a, victim);
    NodeAddress self = adversaryAddress(a);
    String me = adversaryName(a);
    attacks++;
    switch (rnd.nextInt(14)) {
      case 0 ->
          send(target, self, new Suspect(victimName, lieIncarnation(known), known.startId(), me));
      case 1 ->
          send(target, self, new Dead(victimName, lieIncarnation(known), known.startId(), me));
      case 2 ->
          send(
              target,
              self,
              new Dead(victimName, lieIncarnation(known), known.startId(), victimName)); // a leave
      case 3 ->
          // hijack: the victim at the adversary's address, as the same or a new instance
          send(
              target,
              self,
              new Alive(
                  victimName,
                  self,
                  known.incarnation() + 1 + rnd.nextInt(3),
                  rnd.nextBoolean() ? known.startId() : rnd.nextLong(),
                  Map.of()));
      case 4 ->
          // a rename: the victim's address, a new instance with lying metadata
          send(
              target,
              self,
              new Alive(
                  victimName,
                  known.address(),
                  known.incarnation() + 1,
                  rnd.nextLong(),
                  Map.of("status", "DOWN")));
      case 5 ->
          send(
              target,
              self,
              new Alive(
                  victimName, known.address(), lieIncarnation(known), known.startId(), Map.of()));
      case 6 -> {
        // oversized metadata for a new member, and a name with a line break
        Map<String, String> md = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
          md.put("k" + i, "x".repeat(4000));
        }
        send(target, self, new Alive("fat-" + rnd.nextInt(1_000_000), self, 0, rnd.nextLong(), md));
        send(target, self, new Alive("bad\nname-" + rnd.nextInt(100), self, 0, 1, Map.of()));
      }
      case 7 -> {
        // a spoofed source: everything sent back goes to a stranger
        NodeAddress spoofed = stranger(rnd);
        byte[] p =
            codec.encodePacket(
                new Ping(rnd.nextLong() & 0xFFFF, Simulator.nameOf(target), "nobody", spoofed));
        bytesInjectedSpoofed += p.length;
        sim.inject(target, spoofed, p);
      }
      case 8 -> {
        NodeAddress spoofed = stranger(rnd);
        byte[] p =
            codec.encodePacket(new PingReq(1, victimName, stranger(rnd), true, "nobody", spoofed));
        bytesInjectedSpoofed += p.length;
        sim.inject(target, spoofed, p);
      }
      case 9 -> {
        if (!captured.isEmpty()) {
          sim.inject(target, self, captured.get(rnd.nextInt(captured.size())));
        }
      }
      case 10 -> {
        byte[] garbage = new byte[1 + rnd.nextInt(200)];
        rnd.nextBytes(garbage);
        if (rnd.nextBoolean()) {
          garbage[0] = 0x53;
          garbage[1 % garbage.length] = 0x57;
        }
        sim.inject(target, self, garbage);
      }
      case 11 -> pushPull(a, target, self, me);
      case 12 ->
          send(
              target,
              self,
              new UserEvent(
                  "origin-" + rnd.nextInt(1_000_000),
                  rnd.nextLong() & Long.MAX_VALUE,
                  "e",
                  new byte[rnd.nextBoolean() ? 4000 : 8]));
      default -> {
        // a fake member that never answers: probed, suspected, dead, reaped
        ghosts++;
        send(
            target,
            self,
            new Alive(
                "ghost-" + rnd.nextInt(1_000_000), ghostAddress(rnd), 0, rnd.nextLong(), Map.of()));
      }
    }
  }

  /** A push-pull full of lies: fake members, an oversized record, accusations of live members. */
  private void pushPull(int a, int target, NodeAddress self, String me) {
    List<MemberRecord> records = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int victim = rnd.nextInt(honest);
      Member known = knowledge(a, victim);
      MemberState state = STATES.get(rnd.nextInt(STATES.size()));
      records.add(
          new MemberRecord(
              known.name(),
              known.address(),
              lieIncarnation(known),
              known.startId(),
              state,
              Map.of()));
    }
    records.add(
        new MemberRecord(
            "huge-" + rnd.nextInt(1000), self, 0, 1, MemberState.ALIVE, TWO_MIB_METADATA));
    byte[] frame = codec.encodeFrame(new PushPull(false, false, rnd.nextLong(), me, records));
    sim.injectStream(target, self, frame);
  }

  /** The most metadata the wire format can carry: 256 entries of 4 KiB keys and values. */
  private static Map<String, String> twoMibMetadata() {
    Map<String, String> md = new HashMap<>();
    for (int i = 0; i < 256; i++) {
      md.put(String.format(Locale.ROOT, "%04d", i) + "k".repeat(4092), "v".repeat(4096));
    }
    return Map.copyOf(md);
  }

  private void send(int target, NodeAddress from, Message m) {
    byte[] p;
    try {
      p = codec.encodePacket(m);
    } catch (IllegalArgumentException tooLarge) {
      return; // what the codec cannot even write never reaches a node
    }
    sim.inject(target, from, p);
  }

  // ---- the invariants ------------------------------------------------------------------------

  /**
   * Tracks, per (honest observer, honest subject), since when the observer holds a harmful view.
   */
  private final class Harm implements Simulator.EventSink {
    final Map<Long, Long> badSince = new HashMap<>();
    final Set<String> falseDead = new HashSet<>();
    final Set<String> readdressed = new HashSet<>();

    @Override
    public void onEvent(int node, long at, MembershipEvent e) {
      if (node >= honest) {
        return; // an insider's own view does not count
      }
      String name = e.member().name();
      int subject = indexOf(name);
      if (subject < 0 || subject >= honest || sim.host(subject).crashed()) {
        return;
      }
      long key = ((long) node << 32) | subject;
      MembershipEventType type = e.type();
      boolean wrongAddress = !e.member().address().equals(sim.host(subject).address());
      boolean bad =
          switch (type) {
            case FAILED, LEFT, REMOVED -> true;
            case JOINED, RECOVERED, UPDATED -> wrongAddress;
            default -> badSince.containsKey(key);
          };
      if (type == MembershipEventType.FAILED || type == MembershipEventType.LEFT) {
        falseDead.add(name);
      }
      if (wrongAddress && e.member().state().isLive()) {
        readdressed.add(name);
      }
      if (bad) {
        badSince.putIfAbsent(key, at);
      } else {
        badSince.remove(key);
      }
    }

    long longest(long now) {
      long l = 0;
      for (long since : badSince.values()) {
        l = Math.max(l, now - since);
      }
      return l;
    }

    List<String> overdue(long now, long bound) {
      List<String> out = new ArrayList<>();
      for (Map.Entry<Long, Long> e : badSince.entrySet()) {
        if (now - e.getValue() > bound) {
          int observer = (int) (e.getKey() >>> 32);
          int subject = (int) (long) e.getKey();
          out.add(
              String.format(
                  Locale.ROOT,
                  "%s has held live %s harmfully since %d ms (now %d ms): %s",
                  Simulator.nameOf(observer),
                  Simulator.nameOf(subject),
                  e.getValue(),
                  now,
                  sim.host(observer).node().member(Simulator.nameOf(subject))));
        }
      }
      return out;
    }

    private int indexOf(String name) {
      if (!name.startsWith("node-")) {
        return -1;
      }
      try {
        return Integer.parseInt(name.substring(5));
      } catch (NumberFormatException e) {
        return -1;
      }
    }
  }
}
