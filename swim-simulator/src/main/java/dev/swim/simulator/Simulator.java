package dev.swim.simulator;

import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.MemberInfo;
import dev.swim.core.protocol.Outbox;
import dev.swim.core.protocol.SimulationSeam;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.protocol.SwimNode;
import dev.swim.core.wire.NameCache;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic network of {@link SwimNode}s on a virtual clock: per-link latency, datagram loss,
 * full and one-way partitions, silent crashes, restarts (new start id, optionally a new address),
 * slow and paused members. All randomness comes from one seed, and every message goes through the
 * real codec, so byte counts are real. The same seed and script give the same trace, on the calling
 * thread alone or with busy milliseconds shared out among several ({@link #threads}).
 */
public final class Simulator {

  /** Receives every membership event any node emits. */
  @FunctionalInterface
  public interface EventSink {
    /** One event at {@code node} at virtual time {@code at}. */
    void onEvent(int node, long at, MembershipEvent event);
  }

  /** Network model. */
  public static final class Network {
    /** Fixed one-way latency in ms. */
    public long baseLatencyMs = 1;

    /** Mean of an exponential extra latency in ms (0 = none). */
    public double jitterMeanMs = 1.0;

    /** Probability a datagram is lost. */
    public double loss;

    /** How long a stream to an unreachable host takes to fail. */
    public long streamFailMs = 1000;
  }

  private static final int DATAGRAM = 0;
  private static final int WAKEUP = 1;
  private static final int STREAM_REQUEST = 2;
  private static final int STREAM_RESPONSE = 3;
  private static final int ACTION = 4;

  private static final class Event extends EventQueue.Entry {
    final int kind;
    final int node;
    int peer;
    byte[] bytes;
    NodeAddress from;
    Outbox.StreamPurpose purpose;
    long token;
    int generation;
    Runnable action;

    Event(long at, long order, int kind, int node) {
      super(at, order);
      this.kind = kind;
      this.node = node;
    }
  }

  /**
   * The identical member records, queued updates and names that all nodes share, from any thread:
   * sharing saves memory and changes nothing a node sees (it compares by content).
   */
  static final class Sharing implements SimulationSeam.Interner {
    /** Records held at most: every member of a large run, a few times over (restarts, metadata). */
    static final int MAX_RECORDS = 1 << 20;

    /** Queued updates held at most: far more than are in flight at once. */
    static final int MAX_ENCODED = 1 << 16;

    // both maps are emptied when full, so a long run's history does not pile up; what was shared
    // stays shared, and only the next copies are not
    private final Map<MemberInfo, MemberInfo> interned = new ConcurrentHashMap<>();
    // identical queued updates (the same alive relayed by every member) share one array
    private final Map<ByteBuffer, byte[]> internedBytes = new ConcurrentHashMap<>();
    private final NameCache names = new NameCache(1 << 16);

    @Override
    public MemberInfo intern(MemberInfo info) {
      MemberInfo known = interned.get(info);
      if (known != null) {
        return known;
      }
      if (interned.size() >= MAX_RECORDS) {
        interned.clear();
      }
      return interned.computeIfAbsent(info, i -> i);
    }

    @Override
    public NameCache names() {
      return names;
    }

    @Override
    public byte[] internEncoded(byte[] encoded) {
      // a wrapping buffer compares by content; nothing ever moves its position
      ByteBuffer key = ByteBuffer.wrap(encoded);
      byte[] known = internedBytes.get(key);
      if (known != null) {
        return known;
      }
      if (internedBytes.size() >= MAX_ENCODED) {
        internedBytes.clear();
      }
      known = internedBytes.putIfAbsent(key, encoded);
      return known != null ? known : encoded;
    }

    void clear() {
      interned.clear();
      internedBytes.clear();
    }
  }

  /** One simulated host. */
  public static final class Host {
    final int index;
    final String name;
    NodeAddress address;
    SwimNode node;
    int generation;
    boolean crashed;
    long slowDelayMs;
    long pausedUntil;
    long wakeupAt = Long.MAX_VALUE;
    int side;

    /** Where its effects go while a parallel round processes it; null: they happen at once. */
    EffectLog effects;

    /** Positions of its first and last event in the round being formed (-1: none yet). */
    int firstInRound = -1;

    int lastInRound = -1;

    Host(int index, String name) {
      this.index = index;
      this.name = name;
    }

    /** The protocol instance (replaced on restart). */
    public SwimNode node() {
      return node;
    }

    /** Whether the host is crashed. */
    public boolean crashed() {
      return crashed;
    }

    /** The host's index. */
    public int index() {
      return index;
    }

    /** The node's name. */
    public String name() {
      return name;
    }

    /** Its current address. */
    public NodeAddress address() {
      return address;
    }
  }

  private final SplittableRandom random;
  private final SwimConfig config;
  private final Network network;
  private final EventQueue<Event> queue = new EventQueue<>();
  private final List<Host> hosts = new ArrayList<>();
  private final Map<NodeAddress, Host> byAddress = new HashMap<>();
  private final IdentityHashMap<NodeAddress, Host> byIdentity = new IdentityHashMap<>();
  private final Sharing sharing = new Sharing();
  private RoundWorkers workers;
  private EffectLog[] effectLogs;
  // the round being processed: its events in queue order, its hosts in order of first event,
  // each event's position's next event for the same host (-1: none), the next host to hand out
  private final List<Event> round = new ArrayList<>();
  private final List<Host> roundHosts = new ArrayList<>();
  private int[] nextOfHost = new int[64];
  private final AtomicInteger nextHost = new AtomicInteger();

  private final List<EventSink> sinks = new ArrayList<>();
  private long order;
  private long now;
  private boolean[][] blocked = new boolean[0][0];
  private long datagramsSent;
  private long datagramBytesSent;
  private String clusterLabel = "sim";
  private int datagramOverhead;
  private long streamMessages;
  private long streamBytes;
  private int maxDatagram;
  private long eventsProcessed;
  private long parallelRounds;

  /** Rounds smaller than this run on the calling thread: handing over would cost more. */
  private int minParallelRound = 16;

  private final List<NodeAddress> seeds = new ArrayList<>();
  private int[] liveSeedHosts;
  private boolean tcpFallback;
  private long datagramBytesToStrangers;
  private Tap tap;

  /** Sees every datagram a node hands to the network (before loss), e.g. to replay it later. */
  @FunctionalInterface
  public interface Tap {
    /** One datagram from {@code from} to {@code to}. */
    void onDatagram(NodeAddress from, NodeAddress to, byte[] packet);
  }

  /** A simulator with {@code config} for every node. */
  public Simulator(long seed, SwimConfig config, Network network) {
    this.random = new SplittableRandom(seed);
    this.config = config;
    this.network = network;
  }

  /**
   * Models the transport of the nodes started from now on: the cluster label every packet carries,
   * and the bytes the transport adds to each datagram (33 with AES-GCM), which each node keeps free
   * of its budget and which the byte counts include.
   */
  public void transport(String label, int overheadBytes) {
    this.clusterLabel = label;
    this.datagramOverhead = overheadBytes;
  }

  /** Installs the one tap of every datagram sent (null removes it). */
  public void tap(Tap t) {
    this.tap = t;
  }

  /**
   * Delivers {@code packet} to host {@code to} as if it came from {@code from} (any address, a
   * spoofed one included), after the usual latency; loss does not apply.
   */
  public void inject(int to, NodeAddress from, byte[] packet) {
    Event e = new Event(now + latency(), order++, DATAGRAM, to);
    e.bytes = packet;
    e.from = from;
    queue.add(e);
  }

  /**
   * Hands {@code request} to host {@code to} as a stream request from {@code from}, at once, and
   * returns its response (null when it closes without one). Crashed hosts answer null.
   */
  public byte[] injectStream(int to, NodeAddress from, byte[] request) {
    Host h = hosts.get(to);
    if (h.crashed) {
      return null;
    }
    byte[] response = h.node.onStreamRequest(now, from, request);
    reschedule(h);
    return response;
  }

  /** Bytes of datagrams nodes sent to addresses where no host is (spoofed or departed sources). */
  public long datagramBytesToStrangers() {
    return datagramBytesToStrangers;
  }

  /**
   * Empties the caches that only let nodes share equal objects (member records, queued updates): a
   * heap measured afterwards counts what the nodes hold, not what the simulator remembers. Nothing
   * a node sees changes.
   */
  public void dropSharingCaches() {
    sharing.clear();
  }

  /**
   * Processes each busy virtual millisecond on {@code n} threads (1, the default, uses the calling
   * thread only): the hosts with events in it are shared out among the threads, and what their
   * nodes send, emit and schedule is then applied in the order one thread would have, so a run is
   * the same for the same seed whatever {@code n}. May be changed between runs.
   */
  public void threads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + n);
    }
    workers = n == 1 ? null : new RoundWorkers(n);
    effectLogs = new EffectLog[n];
  }

  /** Adds a listener of every node's events. */
  public void addSink(EventSink sink) {
    sinks.add(sink);
  }

  /** Enables the TCP fallback probe on nodes created from now on. */
  public void tcpFallback(boolean on) {
    this.tcpFallback = on;
  }

  /** Current virtual time in ms. */
  public long now() {
    return now;
  }

  /** The hosts, by index. */
  public List<Host> hosts() {
    return hosts;
  }

  /** One host. */
  public Host host(int i) {
    return hosts.get(i);
  }

  /** The name of host {@code i}. */
  public static String nameOf(int i) {
    return "node-" + i;
  }

  /** Sets the seed addresses joiners use (hosts' current addresses, fixed from now on). */
  public void useSeeds(int... indexes) {
    liveSeedHosts = null;
    seeds.clear();
    for (int i : indexes) {
      seeds.add(hosts.get(i).address);
    }
  }

  /**
   * Sets the seeds joiners use to hosts {@code indexes} wherever they are when asked, as a DNS name
   * re-resolved at each join attempt or heal round would be: a seed restarted at a new address is
   * found there.
   */
  public void useSeedHosts(int... indexes) {
    liveSeedHosts = indexes.clone();
    seeds.clear();
  }

  /** What a member joining now is given as its seeds. */
  public SwimNode.SeedProvider seedProvider() {
    int[] live = liveSeedHosts;
    if (live != null) {
      return () -> {
        List<NodeAddress> out = new ArrayList<>(live.length);
        for (int i : live) {
          out.add(hosts.get(i).address);
        }
        return out;
      };
    }
    List<NodeAddress> fixed = List.copyOf(seeds);
    return () -> fixed;
  }

  /**
   * Creates {@code n} hosts that already know each other (as after a long uptime) and starts them.
   */
  public void startConverged(int n) {
    startConverged(n, Map.of());
  }

  /** As {@link #startConverged(int)}, every member carrying {@code metadata}. */
  public void startConverged(int n, Map<String, String> metadata) {
    List<MemberInfo> infos = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Host h = newHost(metadata);
      infos.add(h.node.localInfo());
    }
    if (workers == null) {
      for (Host h : hosts) {
        h.node.preload(infos, 0);
      }
    } else {
      // each node fills only its own table: the nodes are shared out among the threads
      int parts = workers.parts();
      workers.run(
          part -> {
            for (int i = part; i < hosts.size(); i += parts) {
              hosts.get(i).node.preload(infos, 0);
            }
          });
    }
    for (Host h : hosts) {
      h.node.start(now);
      reschedule(h);
    }
  }

  /** Creates one host and starts it; with seeds set, it joins through them. */
  public Host startJoining(Map<String, String> metadata) {
    Host h = newHost(metadata);
    h.node.start(now);
    h.node.join(now, seedProvider(), 1000, 30_000);
    reschedule(h);
    return h;
  }

  private Host newHost(Map<String, String> metadata) {
    int index = hosts.size();
    Host h = new Host(index, nameOf(index));
    h.address = new NodeAddress("10.0." + (index / 250) + "." + (index % 250 + 1), 7946);
    hosts.add(h);
    byAddress.put(h.address, h);
    byIdentity.clear();
    growBlocked();
    h.node = createNode(h, metadata);
    return h;
  }

  private SwimNode createNode(Host h, Map<String, String> metadata) {
    SplittableRandom nodeRandom = random.split();
    SwimNode node =
        SimulationSeam.node(
            config,
            clusterLabel,
            h.name,
            h.address,
            metadata,
            nodeRandom.nextLong(),
            nodeRandom,
            new HostOutbox(h, h.generation),
            sharing);
    node.setTcpFallback(tcpFallback);
    return node;
  }

  /** Silently stops a host: no leave, no more packets in or out. */
  public void crash(int i) {
    Host h = hosts.get(i);
    h.crashed = true;
    h.generation++;
  }

  /**
   * Crashes host {@code i} and lets its node be garbage collected (a long run replaces members with
   * new ones): {@link Host#node()} is null until a {@link #restart} starts a new node there.
   */
  public void retire(int i) {
    crash(i);
    hosts.get(i).node = null;
  }

  /**
   * Restarts a crashed host with the same name, a new start id and, if {@code newAddress}, a new
   * address; it joins through the seeds.
   */
  public void restart(int i, boolean newAddress) {
    Host h = hosts.get(i);
    h.crashed = false;
    h.generation++;
    if (newAddress) {
      byAddress.remove(h.address);
      // another literal per restart: 10.<1 + generation>.x.y (generations wrap after 200)
      h.address =
          new NodeAddress(
              "10." + (1 + h.generation % 200) + "." + (i / 250) + "." + (i % 250 + 1), 7946);
      byAddress.put(h.address, h);
      byIdentity.clear();
    }
    h.node = createNode(h, Map.of());
    h.wakeupAt = Long.MAX_VALUE;
    h.node.start(now);
    h.node.join(now, seedProvider(), 1000, 30_000);
    reschedule(h);
  }

  /** Makes host {@code i} process every inbound datagram {@code delayMs} late. */
  public void slow(int i, long delayMs) {
    hosts.get(i).slowDelayMs = delayMs;
  }

  /** Freezes host {@code i} (no timers, no processing) until {@code untilMs}, like SIGSTOP. */
  public void pause(int i, long untilMs) {
    Host h = hosts.get(i);
    h.pausedUntil = untilMs;
  }

  /** Assigns partition sides; traffic between different sides is dropped both ways. */
  public void partition(int[] side) {
    for (int a = 0; a < hosts.size(); a++) {
      for (int b = 0; b < hosts.size(); b++) {
        blocked[a][b] = side[a] != side[b];
      }
    }
  }

  /** Drops traffic from hosts in {@code from} to hosts in {@code to} (one way). */
  public void blockOneWay(int[] from, int[] to) {
    for (int a : from) {
      for (int b : to) {
        blocked[a][b] = true;
      }
    }
  }

  /** Removes every partition. */
  public void heal() {
    for (boolean[] row : blocked) {
      java.util.Arrays.fill(row, false);
    }
  }

  /** Runs {@code action} at virtual time {@code at}. */
  public void at(long at, Runnable action) {
    Event e = new Event(at, order++, ACTION, -1);
    e.action = action;
    queue.add(e);
  }

  /** Processes every event up to and including virtual time {@code until}. */
  public void runUntil(long until) {
    rescheduleAll();
    while (true) {
      Event e = queue.peek();
      if (e == null || e.at > until) {
        break;
      }
      now = e.at;
      if (workers != null && e.kind != ACTION) {
        runRound();
        continue;
      }
      queue.poll();
      eventsProcessed++;
      process(e);
    }
    now = Math.max(now, until);
  }

  /** Sets the smallest round shared out among threads (a test shares out small clusters' too). */
  void minParallelRound(int events) {
    this.minParallelRound = Math.max(1, events);
  }

  /**
   * Takes every event of this millisecond that is queued now, up to the first action, and processes
   * them: the hosts they are for are shared out among the threads as each thread becomes free (one
   * host's events stay together, in order, on one thread), and what they caused is applied
   * afterwards in queue order. Events they schedule for this same millisecond come after all of
   * these, as on one thread.
   */
  private void runRound() {
    round.clear();
    roundHosts.clear();
    while (true) {
      Event e = queue.peek();
      if (e == null || e.at != now || e.kind == ACTION) {
        break;
      }
      queue.poll();
      int position = round.size();
      round.add(e);
      if (nextOfHost.length <= position) {
        nextOfHost = Arrays.copyOf(nextOfHost, 2 * position + 2);
      }
      nextOfHost[position] = -1;
      Host h = hosts.get(e.node);
      if (h.lastInRound < 0) {
        h.firstInRound = position;
        roundHosts.add(h);
      } else {
        nextOfHost[h.lastInRound] = position;
      }
      h.lastInRound = position;
    }
    eventsProcessed += round.size();
    for (Host h : roundHosts) {
      h.lastInRound = -1;
    }
    if (round.size() < minParallelRound) {
      for (Event e : round) {
        process(e);
      }
      return;
    }
    nextHost.set(0);
    parallelRounds++;
    try {
      workers.run(this::processPart);
    } catch (RuntimeException | Error e) {
      EffectLog.discard(effectLogs); // the run is broken: nothing of this round is applied
      throw e;
    }
    EffectLog.applyInOrder(effectLogs, round.size());
  }

  /** One thread's share of a round: whole hosts, taken one at a time until none is left. */
  private void processPart(int part) {
    EffectLog log = effectLogs[part];
    if (log == null) {
      // made on its own thread: logs side by side in memory would share a cache line that both
      // threads write for every event
      log = new EffectLog();
      effectLogs[part] = log;
    }
    for (int j = nextHost.getAndIncrement();
        j < roundHosts.size();
        j = nextHost.getAndIncrement()) {
      Host h = roundHosts.get(j);
      h.effects = log;
      try {
        for (int i = h.firstInRound; i >= 0; i = nextOfHost[i]) {
          log.at(i);
          process(round.get(i));
        }
      } finally {
        h.effects = null;
      }
    }
  }

  /** Runs {@code effect} now, or after the round when {@code h} is processed in one. */
  private static void defer(Host h, Runnable effect) {
    EffectLog log = h.effects;
    if (log == null) {
      effect.run();
    } else {
      log.add(effect);
    }
  }

  /** Runs for {@code millis} of virtual time. */
  public void runFor(long millis) {
    runUntil(now + millis);
  }

  private void process(Event e) {
    if (e.kind == ACTION) {
      e.action.run();
      rescheduleAll();
      return;
    }
    Host h = hosts.get(e.node);
    if (h.crashed) {
      if (e.kind == STREAM_REQUEST) {
        defer(h, () -> failStream(e));
      }
      return;
    }
    if (h.pausedUntil > now && e.kind != STREAM_RESPONSE) {
      // frozen: everything waits until it wakes up
      long at = h.pausedUntil;
      if (e.kind == WAKEUP) {
        h.wakeupAt = at;
      }
      defer(h, () -> queue.add(copyAt(e, at)));
      return;
    }
    switch (e.kind) {
      case DATAGRAM -> h.node.onDatagram(now, e.from, e.bytes, 0, e.bytes.length);
      case WAKEUP -> {
        if (e.at != h.wakeupAt || e.generation != h.generation) {
          return;
        }
        h.wakeupAt = Long.MAX_VALUE;
        h.node.tick(now);
      }
      case STREAM_REQUEST -> {
        byte[] response = h.node.onStreamRequest(now, e.from, e.bytes);
        defer(h, () -> respond(e, h, response));
      }
      case STREAM_RESPONSE -> {
        if (e.generation != h.generation) {
          return;
        }
        if (e.bytes == null) {
          h.node.onStreamFailed(now, e.from, e.purpose, e.token);
        } else {
          h.node.onStreamResponse(now, e.from, e.purpose, e.token, e.bytes);
        }
      }
      default -> throw new IllegalStateException("unknown event kind " + e.kind);
    }
    reschedule(h);
  }

  private void respond(Event request, Host h, byte[] response) {
    Host initiator = hosts.get(request.peer);
    if (response == null || isBlocked(h.index, initiator.index)) {
      failStream(request);
      return;
    }
    streamMessages++;
    streamBytes += response.length;
    Event r = new Event(now + latency(), order++, STREAM_RESPONSE, initiator.index);
    r.bytes = response;
    r.from = h.address;
    r.purpose = request.purpose;
    r.token = request.token;
    r.generation = request.generation;
    queue.add(r);
  }

  private Event copyAt(Event e, long at) {
    Event c = new Event(at, order++, e.kind, e.node);
    c.peer = e.peer;
    c.bytes = e.bytes;
    c.from = e.from;
    c.purpose = e.purpose;
    c.token = e.token;
    c.generation = e.generation;
    c.action = e.action;
    return c;
  }

  private void failStream(Event request) {
    Host initiator = hosts.get(request.peer);
    Event r = new Event(now + network.streamFailMs, order++, STREAM_RESPONSE, initiator.index);
    r.from = hosts.get(request.node).address;
    r.purpose = request.purpose;
    r.token = request.token;
    r.generation = request.generation;
    queue.add(r);
  }

  private void reschedule(Host h) {
    // a deadline already past (a timer set by a test between runs) wakes the host now; wakeupAt
    // must be the wake-up event's own time, or process() would drop that event as stale and the
    // host would never wake again
    long at = Math.max(h.node.nextDeadline(), now);
    if (at < h.wakeupAt) {
      h.wakeupAt = at;
      int generation = h.generation;
      defer(
          h,
          () -> {
            Event w = new Event(at, order++, WAKEUP, h.index);
            w.generation = generation;
            queue.add(w);
          });
    }
  }

  /** Picks up timers that code outside the event loop (a test, an action) gave the nodes. */
  private void rescheduleAll() {
    for (Host h : hosts) {
      if (!h.crashed) {
        reschedule(h);
      }
    }
  }

  private long latency() {
    long l = network.baseLatencyMs;
    if (network.jitterMeanMs > 0) {
      l += (long) (-Math.log(1.0 - random.nextDouble()) * network.jitterMeanMs);
    }
    return l;
  }

  /**
   * The host at {@code to}, or null. Nodes send to a few thousand distinct address objects (those
   * of the shared member records), so a lookup by identity saves hashing and comparing the host
   * strings of every datagram; the identity cache is emptied when it grows large or an address
   * changes hands.
   */
  private Host hostAt(NodeAddress to) {
    Host h = byIdentity.get(to);
    if (h == null && !byIdentity.containsKey(to)) {
      h = byAddress.get(to);
      if (byIdentity.size() >= 1 << 16) {
        byIdentity.clear();
      }
      byIdentity.put(to, h);
    }
    return h;
  }

  private boolean isBlocked(int from, int to) {
    return blocked[from][to];
  }

  private void growBlocked() {
    int n = hosts.size();
    if (blocked.length >= n) {
      return;
    }
    int cap = Math.max(n, blocked.length * 2);
    boolean[][] nb = new boolean[cap][cap];
    for (int i = 0; i < blocked.length; i++) {
      System.arraycopy(blocked[i], 0, nb[i], 0, blocked.length);
    }
    blocked = nb;
  }

  /** Datagrams sent by all nodes so far. */
  public long datagramsSent() {
    return datagramsSent;
  }

  /** Their bytes. */
  public long datagramBytesSent() {
    return datagramBytesSent;
  }

  /** Stream requests and responses so far. */
  public long streamMessages() {
    return streamMessages;
  }

  /** Their bytes. */
  public long streamBytes() {
    return streamBytes;
  }

  /** The largest datagram any node sent. */
  public int maxDatagramBytes() {
    return maxDatagram;
  }

  /** Busy milliseconds processed on several threads so far (see {@link #threads}). */
  public long parallelRounds() {
    return parallelRounds;
  }

  /** Events processed so far (a cost measure). */
  public long eventsProcessed() {
    return eventsProcessed;
  }

  /** One node's outbox: routes packets through the simulated network. */
  private final class HostOutbox implements Outbox {
    private final Host host;
    private final int generation;

    HostOutbox(Host host, int generation) {
      this.host = host;
      this.generation = generation;
    }

    private boolean dead() {
      return host.crashed || host.generation != generation;
    }

    @Override
    public int datagramOverhead() {
      return datagramOverhead;
    }

    @Override
    public void sendDatagram(NodeAddress to, byte[] packet) {
      if (!dead()) {
        defer(host, () -> route(to, packet));
      }
    }

    private void route(NodeAddress to, byte[] packet) {
      datagramsSent++;
      datagramBytesSent += packet.length + datagramOverhead;
      maxDatagram = Math.max(maxDatagram, packet.length + datagramOverhead);
      if (tap != null) {
        tap.onDatagram(host.address, to, packet);
      }
      Host target = hostAt(to);
      if (target == null) {
        datagramBytesToStrangers += packet.length;
        return;
      }
      if (isBlocked(host.index, target.index)) {
        return;
      }
      if (network.loss > 0 && random.nextDouble() < network.loss) {
        return;
      }
      Event e = new Event(now + latency() + target.slowDelayMs, order++, DATAGRAM, target.index);
      e.bytes = packet;
      e.from = host.address;
      queue.add(e);
    }

    @Override
    public void streamRequest(
        NodeAddress to, byte[] request, StreamPurpose purpose, long token, long deadline) {
      if (!dead()) {
        defer(host, () -> openStream(to, request, purpose, token, deadline));
      }
    }

    private void openStream(
        NodeAddress to, byte[] request, StreamPurpose purpose, long token, long deadline) {
      streamMessages++;
      streamBytes += request.length;
      Host target = hostAt(to);
      Event e;
      if (target == null || isBlocked(host.index, target.index)) {
        // the transport gives up at the request's deadline if that comes first
        long failAt = Math.max(now, Math.min(now + network.streamFailMs, deadline));
        e = new Event(failAt, order++, STREAM_RESPONSE, host.index);
        e.from = to;
      } else {
        e = new Event(now + latency(), order++, STREAM_REQUEST, target.index);
        e.peer = host.index;
        e.bytes = request;
        e.from = host.address;
      }
      e.purpose = purpose;
      e.token = token;
      e.generation = generation;
      queue.add(e);
    }

    @Override
    public void emit(MembershipEvent event) {
      if (!dead()) {
        defer(
            host,
            () -> {
              for (EventSink s : sinks) {
                s.onEvent(host.index, now, event);
              }
            });
      }
    }

    @Override
    public void deliverUserEvent(String name, String origin, byte[] payload) {
      if (!dead()) {
        defer(
            host,
            () -> {
              for (EventSink s : sinks) {
                if (s instanceof UserEventSink u) {
                  u.onUserEvent(host.index, now, name, origin, payload);
                }
              }
            });
      }
    }
  }

  /** An event sink that also receives user events. */
  public interface UserEventSink extends EventSink {
    /** One user event delivered at {@code node}. */
    void onUserEvent(int node, long at, String name, String origin, byte[] payload);
  }
}
