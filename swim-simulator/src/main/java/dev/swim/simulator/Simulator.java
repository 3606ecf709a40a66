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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A deterministic network of {@link SwimNode}s on a virtual clock: per-link latency, datagram loss,
 * full and one-way partitions, silent crashes, restarts (new start id, optionally a new address),
 * slow and paused members. All randomness comes from one seed, and every message goes through the
 * real codec, so byte counts are real. Single-threaded: the same seed and script give the same
 * trace.
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
  private final Map<MemberInfo, MemberInfo> interned = new HashMap<>();
  // identical queued updates (the same alive relayed by every member) share one array; bounded so
  // a long run's history does not pile up (the ones in flight are far fewer)
  private final Map<ByteBuffer, byte[]> internedBytes =
      new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, byte[]> eldest) {
          return size() > 1 << 16;
        }
      };
  private final NameCache names = new NameCache(1 << 16);
  private final SimulationSeam.Interner interner =
      new SimulationSeam.Interner() {
        @Override
        public MemberInfo intern(MemberInfo info) {
          return interned.computeIfAbsent(info, i -> i);
        }

        @Override
        public NameCache names() {
          return names;
        }

        @Override
        public byte[] internEncoded(byte[] encoded) {
          // a wrapping buffer compares by content; nothing ever moves its position
          return internedBytes.computeIfAbsent(ByteBuffer.wrap(encoded), b -> encoded);
        }
      };

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
    interned.clear();
    internedBytes.clear();
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
    for (Host h : hosts) {
      h.node.preload(infos, 0);
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
            interner);
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
      queue.poll();
      now = e.at;
      eventsProcessed++;
      process(e);
    }
    now = Math.max(now, until);
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
        failStream(e);
      }
      return;
    }
    if (h.pausedUntil > now && e.kind != STREAM_RESPONSE) {
      // frozen: everything waits until it wakes up
      Event later = copyAt(e, h.pausedUntil);
      queue.add(later);
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
        Host initiator = hosts.get(e.peer);
        if (response == null || isBlocked(h.index, initiator.index)) {
          failStream(e);
        } else {
          streamMessages++;
          streamBytes += response.length;
          Event r = new Event(now + latency(), order++, STREAM_RESPONSE, initiator.index);
          r.bytes = response;
          r.from = h.address;
          r.purpose = e.purpose;
          r.token = e.token;
          r.generation = e.generation;
          queue.add(r);
        }
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

  private Event copyAt(Event e, long at) {
    Event c = new Event(at, order++, e.kind, e.node);
    c.peer = e.peer;
    c.bytes = e.bytes;
    c.from = e.from;
    c.purpose = e.purpose;
    c.token = e.token;
    c.generation = e.generation;
    c.action = e.action;
    if (e.kind == WAKEUP) {
      hosts.get(e.node).wakeupAt = at;
    }
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
      Event w = new Event(at, order++, WAKEUP, h.index);
      w.generation = h.generation;
      queue.add(w);
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
      if (dead()) {
        return;
      }
      datagramsSent++;
      datagramBytesSent += packet.length + datagramOverhead;
      maxDatagram = Math.max(maxDatagram, packet.length + datagramOverhead);
      if (tap != null) {
        tap.onDatagram(host.address, to, packet);
      }
      Host target = byAddress.get(to);
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
      if (dead()) {
        return;
      }
      streamMessages++;
      streamBytes += request.length;
      Host target = byAddress.get(to);
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
      if (dead()) {
        return;
      }
      for (EventSink s : sinks) {
        s.onEvent(host.index, now, event);
      }
    }

    @Override
    public void deliverUserEvent(String name, String origin, byte[] payload) {
      if (dead()) {
        return;
      }
      for (EventSink s : sinks) {
        if (s instanceof UserEventSink u) {
          u.onUserEvent(host.index, now, name, origin, payload);
        }
      }
    }
  }

  /** An event sink that also receives user events. */
  public interface UserEventSink extends EventSink {
    /** One user event delivered at {@code node}. */
    void onUserEvent(int node, long at, String name, String origin, byte[] payload);
  }
}
