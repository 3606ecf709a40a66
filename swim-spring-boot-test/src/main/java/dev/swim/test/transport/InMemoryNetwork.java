package dev.swim.test.transport;

import dev.swim.core.member.NodeAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * A network inside one JVM that connects {@link InMemoryTransport}s, so that a test can run several
 * SWIM members without opening a socket. Each transport is bound to an address of this network
 * ({@code 127.0.0.1:<virtual port>} by default); datagrams and stream requests go to the transport
 * bound at the destination address and are handed to its handler on that transport's own delivery
 * thread, never on the sender's thread.
 *
 * <p>Bounds: each member's inbound queue holds at most {@link #queueCapacity()} datagrams and
 * stream requests; what arrives beyond it is dropped and counted ({@link Drop#QUEUE_FULL}), as a
 * full socket buffer would drop it. Stream frames are limited to {@link #maxFrameBytes()} and
 * datagrams to 65,507 bytes, as on a real network.
 *
 * <p>Faults for tests: {@link #isolate} cuts one member off (it keeps running but hears nothing and
 * reaches no one), {@link #partition} splits the members into sides that cannot reach each other,
 * and {@link #heal} ends both. A cut datagram is dropped silently and a cut stream request is never
 * answered (the requester's timeout fires), as with a firewall that drops packets.
 *
 * <p>Networks are independent: {@code new InMemoryNetwork()} for a private one, or {@link
 * #named(String)} for one shared by name within the JVM (how several Spring test contexts find each
 * other). Thread-safe.
 */
public final class InMemoryNetwork {

  /** Default bound of each member's inbound queue, in datagrams and stream requests. */
  public static final int DEFAULT_QUEUE_CAPACITY = 4096;

  /** Default largest stream frame (request or response), as {@code swim.max-stream-frame-size}. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 20 * 1024 * 1024;

  /** The largest datagram, as the payload of an IPv4 UDP datagram. */
  public static final int MAX_DATAGRAM_BYTES = 65_507;

  /** The first virtual port handed out for a bind to port 0. */
  public static final int FIRST_VIRTUAL_PORT = 30_000;

  static final int LAST_VIRTUAL_PORT = 49_151;
  static final int FIRST_EPHEMERAL_PORT = 49_152;
  static final int LAST_EPHEMERAL_PORT = 65_535;

  private static final Map<String, InMemoryNetwork> NAMED = new ConcurrentHashMap<>();

  /** Why the network dropped a datagram or a stream request. */
  public enum Drop {
    /** The destination's inbound queue was full. */
    QUEUE_FULL,
    /** No member is bound at the destination address. */
    NO_ROUTE,
    /** Sender and destination are on different sides of a partition, or one is isolated. */
    PARTITIONED,
    /** Larger than a datagram or a stream frame may be. */
    OVERSIZED
  }

  private final String name;
  private final int queueCapacity;
  private final int maxFrameBytes;
  private final ConcurrentHashMap<NodeAddress, InMemoryTransport> bound = new ConcurrentHashMap<>();
  private final Set<NodeAddress> isolated = ConcurrentHashMap.newKeySet();
  private volatile Map<NodeAddress, Integer> sides = Map.of();
  private final EnumMap<Drop, LongAdder> drops = new EnumMap<>(Drop.class);
  private final Object ports = new Object();
  private int nextPort = FIRST_VIRTUAL_PORT; // guarded by ports
  private final AtomicInteger nextEphemeral = new AtomicInteger(FIRST_EPHEMERAL_PORT);

  /** A private network with the default bounds. */
  public InMemoryNetwork() {
    this("in-memory", DEFAULT_QUEUE_CAPACITY, DEFAULT_MAX_FRAME_BYTES);
  }

  /**
   * A private network.
   *
   * @param name a name for logs and messages
   * @param queueCapacity most datagrams and stream requests waiting for one member (at least 1)
   * @param maxFrameBytes largest stream request or response (at least 1)
   */
  public InMemoryNetwork(String name, int queueCapacity, int maxFrameBytes) {
    this.name = Objects.requireNonNull(name, "name");
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be at least 1, was " + queueCapacity);
    }
    if (maxFrameBytes < 1) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 1, was " + maxFrameBytes);
    }
    this.queueCapacity = queueCapacity;
    this.maxFrameBytes = maxFrameBytes;
    for (Drop d : Drop.values()) {
      drops.put(d, new LongAdder());
    }
  }

  /**
   * The network of this name shared by the whole JVM, created with the default bounds on first use.
   * Several Spring test contexts that name the same network reach each other.
   */
  public static InMemoryNetwork named(String name) {
    Objects.requireNonNull(name, "name");
    return NAMED.computeIfAbsent(
        name, n -> new InMemoryNetwork(n, DEFAULT_QUEUE_CAPACITY, DEFAULT_MAX_FRAME_BYTES));
  }

  /** The network's name. */
  public String name() {
    return name;
  }

  /** Most datagrams and stream requests waiting for one member. */
  public int queueCapacity() {
    return queueCapacity;
  }

  /** The largest stream request or response. */
  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /** A transport that binds {@code 127.0.0.1} on a free virtual port when started. */
  public InMemoryTransport transport() {
    return transport("127.0.0.1", 0);
  }

  /**
   * A transport that binds {@code host:port} of this network when started: {@code host} an IP
   * literal (a wildcard such as {@code 0.0.0.0} binds {@code 127.0.0.1}), {@code port} 0 for a free
   * virtual port.
   */
  public InMemoryTransport transport(String host, int port) {
    return new InMemoryTransport(this, host, port);
  }

  /** The addresses members are bound at now, sorted. */
  public List<NodeAddress> members() {
    List<NodeAddress> all = new ArrayList<>(bound.keySet());
    all.sort(null);
    return all;
  }

  /** Cuts {@code member} off: nothing reaches it and nothing it sends arrives, until healed. */
  public void isolate(NodeAddress member) {
    isolated.add(Objects.requireNonNull(member, "member"));
  }

  /** Ends the isolation of {@code member} (partitions stay). */
  public void reconnect(NodeAddress member) {
    isolated.remove(member);
  }

  /**
   * Cuts the network between the members in {@code side} and all the others. Replaces any earlier
   * partition.
   */
  public void partition(Collection<NodeAddress> side) {
    partition(List.of(side));
  }

  /**
   * Splits the network: members of different {@code sides} cannot reach each other, and members in
   * no side form one more side of their own. Replaces any earlier partition.
   *
   * @throws IllegalArgumentException when an address is on two sides
   */
  public void partition(List<? extends Collection<NodeAddress>> sides) {
    Map<NodeAddress, Integer> m = new HashMap<>();
    for (int i = 0; i < sides.size(); i++) {
      for (NodeAddress a : sides.get(i)) {
        Integer before = m.put(Objects.requireNonNull(a, "address"), i + 1);
        if (before != null && before != i + 1) {
          throw new IllegalArgumentException(a + " is on two sides of the partition");
        }
      }
    }
    this.sides = Map.copyOf(m);
  }

  /** Ends every partition and isolation. */
  public void heal() {
    sides = Map.of();
    isolated.clear();
  }

  /** Whether traffic from the member bound at {@code from} reaches the one bound at {@code to}. */
  public boolean canReach(NodeAddress from, NodeAddress to) {
    if (isolated.contains(from) || isolated.contains(to)) {
      return false;
    }
    Map<NodeAddress, Integer> s = sides;
    return s.getOrDefault(from, 0).equals(s.getOrDefault(to, 0));
  }

  /** What the network dropped so far for one reason. */
  public long drops(Drop reason) {
    return counter(reason).sum();
  }

  /** A copy of every drop counter. */
  public Map<Drop, Long> dropsByReason() {
    EnumMap<Drop, Long> m = new EnumMap<>(Drop.class);
    for (Drop d : Drop.values()) {
      m.put(d, counter(d).sum());
    }
    return m;
  }

  @Override
  public String toString() {
    return "InMemoryNetwork{" + name + ", " + bound.size() + " member(s)}";
  }

  // ---- for InMemoryTransport
  // ---------------------------------------------------------------------

  private LongAdder counter(Drop reason) {
    return Objects.requireNonNull(drops.get(reason));
  }

  void drop(Drop reason) {
    counter(reason).increment();
  }

  /** Binds {@code transport} at {@code host:port} (port 0: a free virtual port); null if taken. */
  @Nullable NodeAddress bind(InMemoryTransport transport, String host, int port) {
    synchronized (ports) {
      if (port != 0) {
        NodeAddress a = new NodeAddress(host, port);
        return bound.putIfAbsent(a, transport) == null ? a : null;
      }
      int span = LAST_VIRTUAL_PORT - FIRST_VIRTUAL_PORT + 1;
      for (int i = 0; i < span; i++) {
        int p = nextPort;
        nextPort = p == LAST_VIRTUAL_PORT ? FIRST_VIRTUAL_PORT : p + 1;
        NodeAddress a = new NodeAddress(host, p);
        if (bound.putIfAbsent(a, transport) == null) {
          return a;
        }
      }
      return null;
    }
  }

  void unbind(NodeAddress address, InMemoryTransport transport) {
    bound.remove(address, transport);
  }

  @Nullable InMemoryTransport at(NodeAddress address) {
    return bound.get(address);
  }

  /** The source address of one stream connection from {@code host}: an ephemeral port. */
  NodeAddress ephemeral(String host) {
    int span = LAST_EPHEMERAL_PORT - FIRST_EPHEMERAL_PORT + 1;
    int n = nextEphemeral.getAndIncrement();
    return new NodeAddress(
        host, FIRST_EPHEMERAL_PORT + Math.floorMod(n - FIRST_EPHEMERAL_PORT, span));
  }
}
