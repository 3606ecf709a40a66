package dev.swim.bench;

import dev.swim.core.crypto.Keyring;
import dev.swim.core.crypto.SecureTransport;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.Transport;
import dev.swim.core.transport.TransportHandler;
import dev.swim.core.transport.TransportStats;
import dev.swim.core.wire.DecodeException;
import dev.swim.core.wire.Message;
import dev.swim.core.wire.Message.Alive;
import dev.swim.core.wire.Message.Dead;
import dev.swim.core.wire.Message.MemberRecord;
import dev.swim.core.wire.Message.Ping;
import dev.swim.core.wire.Message.PingReq;
import dev.swim.core.wire.Message.PushPull;
import dev.swim.core.wire.Message.Suspect;
import dev.swim.core.wire.WireCodec;
import dev.swim.simulator.Json;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code hostile}: attacks one member for {@code --duration}, as docs/security.md's adversaries
 * would, then prints one JSON line of what it sent. Three attacks run at once:
 *
 * <ul>
 *   <li>{@code --idle-connections} TCP connections to the target that never send a byte, spread
 *       over the {@code --bind} addresses; each one the target closes is opened again a second
 *       later;
 *   <li>{@code --rate} forged datagrams per second, encoded with the real codec and {@code
 *       --label}: suspects, deaths and leaves of the {@code --victims} at extreme incarnations with
 *       random start ids; alives moving the victims to the attacker's address (with a new start id,
 *       and with their own once learned); alives of fake members with oversized metadata or control
 *       characters in their names; pings and ping-reqs naming the {@code --spoof} address as their
 *       source; and garbage;
 *   <li>every {@value #PUSH_PULL_EVERY_MS} ms a push-pull request over TCP carrying one record with
 *       2 MiB of metadata; the state a target answers with tells the attacker the victims' start
 *       ids and incarnations.
 * </ul>
 *
 * Everything goes out in plaintext, as an outsider without the key sends it. With {@code --key-env
 * VAR} (the cluster's keys, base64, in that environment variable) every forged datagram and
 * push-pull goes out a second time sealed with the first key, as an insider that holds the key but
 * is no member sends it; garbage stays plaintext.
 */
public final class HostileCommand {
  static final long PUSH_PULL_EVERY_MS = 5_000;
  static final long REOPEN_DELAY_MS = 1_000;
  static final long CONNECT_TIMEOUT_MS = 3_000;
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /** Incarnations no member reaches honestly (and 0, which is below everyone's). */
  private static final long[] EXTREME = {
    Long.MAX_VALUE, Long.MAX_VALUE - 1, 1L << 62, (1L << 62) + 1, (1L << 62) - 1, (1L << 40) + 1, 0
  };

  /** Names no member may have: control characters, a line break, too long. */
  private static final String[] JUNK_NAMES = {
    "ghost\nERROR forged log line", "\u0000ghost", "ghost\u2028", "g".repeat(129), "ghost\u001b[2J"
  };

  private static final List<String> KINDS =
      List.of("suspect", "dead", "leave", "hijack", "fake", "ping", "garbage");

  private final HostileOptions o;
  private final WireCodec codec;
  private final WireCodec otherCluster;
  private final SplittableRandom rnd = new SplittableRandom();
  private final RawTransport plain;
  private final Transport sealed;
  private final NodeAddress self;
  private final NodeAddress spoof;
  private final Map<String, MemberRecord> learned = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> forged = new LinkedHashMap<>();
  private final AtomicLong datagramsSent = new AtomicLong();
  private final AtomicLong datagramBytes = new AtomicLong();
  private final AtomicLong sealedSent = new AtomicLong();
  private final AtomicLong pushPullsSent = new AtomicLong();
  private final AtomicLong pushPullsAnswered = new AtomicLong();
  private final AtomicLong pushPullsRefused = new AtomicLong();
  private final IdleConnections idle;
  private volatile boolean stopping;
  private long seq = 1;

  private HostileCommand(HostileOptions o, Map<String, String> env) throws IOException {
    this.o = o;
    this.codec = new WireCodec(o.label);
    this.otherCluster = new WireCodec(o.label.isEmpty() ? "other" : "");
    this.plain = new RawTransport(o);
    this.sealed =
        o.keyEnv == null
            ? null
            : new SecureTransport(plain, new Keyring(keys(env.get(o.keyEnv))), o.label);
    this.self = new NodeAddress(plain.localHost, plain.localPort);
    this.spoof = new NodeAddress(o.spoof != null ? o.spoof : plain.localHost, 7946);
    this.idle = new IdleConnections(o);
    for (String k : KINDS) {
      forged.put(k, new AtomicLong());
    }
  }

  /** Entry point for {@code hostile [options]}; returns the exit status (0). */
  public static int run(String[] args) throws IOException, InterruptedException {
    HostileOptions o = HostileOptions.parse(args);
    HostileCommand c = new HostileCommand(o, System.getenv());
    try {
      System.out.println(c.execute());
    } finally {
      c.plain.close();
    }
    return 0;
  }

  private static List<byte[]> keys(String value) {
    List<byte[]> keys = new ArrayList<>();
    for (String k : value.split(",")) {
      if (!k.isBlank()) {
        keys.add(Base64.getDecoder().decode(k.trim()));
      }
    }
    return keys;
  }

  private String execute() throws InterruptedException {
    long start = System.nanoTime();
    long end = start + TimeUnit.MILLISECONDS.toNanos(o.durationMs);
    log(
        String.format(
            Locale.ROOT,
            "attacking %s for %d s: %d idle connections, %d forged datagrams/s, %s, victims %s",
            o.target,
            o.durationMs / 1000,
            o.idleConnections,
            o.rate,
            sealed == null ? "plaintext" : "plaintext and sealed",
            o.victims));
    Thread idler = new Thread(idle, "hostile-idle");
    idler.setDaemon(true);
    idler.start();
    SplittableRandom pushRandom = rnd.split();
    Thread pusher = new Thread(() -> pushPulls(end, pushRandom), "hostile-push-pull");
    pusher.setDaemon(true);
    pusher.start();
    forge(end);
    stopping = true;
    pusher.interrupt();
    pusher.join(REQUEST_TIMEOUT.toMillis() + 1_000);
    idler.join(2_000);
    double seconds = (System.nanoTime() - start) / 1e9;
    Json forgedJson = new Json();
    forged.forEach((k, v) -> forgedJson.put(k, v.get()));
    return new Json()
        .put("target", o.target.host() + ":" + o.target.port())
        .put("label", o.label)
        .put("sealed", sealed != null)
        .put("duration_s", Math.round(seconds * 10) / 10.0)
        .put("datagrams_sent", datagramsSent.get())
        .put("datagram_bytes_sent", datagramBytes.get())
        .put("sealed_datagrams_sent", sealedSent.get())
        .putRaw("forged", forgedJson.toString())
        .put("push_pulls_sent", pushPullsSent.get())
        .put("push_pulls_answered", pushPullsAnswered.get())
        .put("push_pulls_refused", pushPullsRefused.get())
        .put("victims_learned", learned.size())
        .put("connections_opened", idle.opened.get())
        .put("connections_closed_by_target", idle.closed.get())
        .put("connections_reset", idle.reset.get())
        .put("connect_failures", idle.failed.get())
        .put("idle_open_peak", idle.peak.get())
        .toString();
  }

  // --- forged datagrams ----------------------------------------------------------------------

  private void forge(long end) {
    if (o.rate == 0) {
      LockSupport.parkNanos(end - System.nanoTime());
      return;
    }
    long interval = 1_000_000_000L / o.rate;
    long next = System.nanoTime();
    while (next < end) {
      forgeOne();
      next += interval;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      } else if (wait < -1_000_000_000L) {
        next = System.nanoTime(); // fell a second behind: do not burst to catch up
      }
    }
  }

  private void forgeOne() {
    String kind = KINDS.get(rnd.nextInt(KINDS.size()));
    if (o.victims.isEmpty() && !kind.equals("ping") && !kind.equals("garbage")) {
      kind = "fake";
    }
    forged.get(kind).incrementAndGet();
    if (kind.equals("garbage")) {
      send(plain, garbage());
      return;
    }
    byte[] packet = codec.encodePacket(message(kind));
    send(plain, packet);
    if (sealed != null) {
      send(sealed, packet);
      sealedSent.incrementAndGet();
    }
  }

  private void send(Transport t, byte[] packet) {
    t.sendDatagram(o.target, packet);
    datagramsSent.incrementAndGet();
    datagramBytes.addAndGet(packet.length);
  }

  private Message message(String kind) {
    String victim = o.victims.isEmpty() ? "nobody" : o.victims.get(rnd.nextInt(o.victims.size()));
    MemberRecord known = learned.get(victim);
    String from = "intruder-" + rnd.nextInt(1000);
    return switch (kind) {
      case "suspect" -> new Suspect(victim, extreme(known), otherStart(known), from);
      case "dead" -> new Dead(victim, extreme(known), otherStart(known), from);
      case "leave" -> new Dead(victim, extreme(known), otherStart(known), victim);
      case "hijack" -> {
        // its own start id once learned (a conflict at once), else a new one (a claim check)
        boolean same = known != null && rnd.nextBoolean();
        long inc = known == null ? rnd.nextInt(16) : known.incarnation() + 1;
        yield new Alive(victim, self, inc, same ? known.startId() : otherStart(known), Map.of());
      }
      case "fake" -> {
        if (rnd.nextBoolean()) {
          yield new Alive(
              "ghost-" + rnd.nextInt(1000), self, 0, rnd.nextLong(), oversizedMetadata());
        }
        yield new Alive(
            JUNK_NAMES[rnd.nextInt(JUNK_NAMES.length)], self, 0, rnd.nextLong(), Map.of());
      }
      default -> {
        if (rnd.nextBoolean()) {
          yield new Ping(seq++, victim, "ghost-" + rnd.nextInt(1000), spoof);
        }
        yield new PingReq(seq++, victim, spoof, true, "ghost-" + rnd.nextInt(1000), spoof);
      }
    };
  }

  private long extreme(MemberRecord known) {
    int k = rnd.nextInt(EXTREME.length + (known == null ? 0 : 2));
    if (k < EXTREME.length) {
      return EXTREME[k];
    }
    return known.incarnation() + (1L << 20) + (k - EXTREME.length); // just beyond a plausible step
  }

  private long otherStart(MemberRecord known) {
    long s = rnd.nextLong();
    return known != null && s == known.startId() ? s + 1 : s;
  }

  private static Map<String, String> oversizedMetadata() {
    Map<String, String> md = new HashMap<>();
    for (int i = 0; i < 8; i++) {
      md.put("key" + i, "v".repeat(400)); // about 3.2 KB: over any sane metadata limit
    }
    return md;
  }

  private byte[] garbage() {
    byte[] body = new byte[1 + rnd.nextInt(1200)];
    rnd.nextBytes(body);
    return switch (rnd.nextInt(3)) {
      case 0 -> codec.packet(body); // the right header, a body that does not decode
      case 1 -> otherCluster.packet(body); // another cluster's label
      default -> body;
    };
  }

  // --- push-pull with 2 MiB of metadata -------------------------------------------------------

  private void pushPulls(long end, SplittableRandom r) {
    byte[] frame = codec.encodeFrame(hugePushPull(r));
    while (!stopping && System.nanoTime() < end) {
      pushPull(plain, frame);
      if (sealed != null) {
        pushPull(sealed, frame);
      }
      long wait = Math.min(end - System.nanoTime(), PUSH_PULL_EVERY_MS * 1_000_000L);
      if (wait <= 0 || stopping) {
        return;
      }
      LockSupport.parkNanos(wait);
    }
  }

  private PushPull hugePushPull(SplittableRandom r) {
    Map<String, String> md = new HashMap<>();
    for (int i = 0; i < 256; i++) {
      md.put(String.format(Locale.ROOT, "%04d", i) + "k".repeat(4092), "v".repeat(4096));
    }
    MemberRecord big = new MemberRecord("ghost-big", self, 0, r.nextLong(), MemberState.ALIVE, md);
    return new PushPull(false, false, 0, "intruder", List.of(big));
  }

  private void pushPull(Transport t, byte[] frame) {
    pushPullsSent.incrementAndGet();
    byte[] response;
    try {
      response = t.request(o.target, frame, REQUEST_TIMEOUT).get();
    } catch (ExecutionException e) {
      pushPullsRefused.incrementAndGet(); // closed without an answer, or the answer did not open
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    pushPullsAnswered.incrementAndGet();
    try {
      if (codec.decodeFrame(response, 0, response.length) instanceof PushPull state) {
        for (MemberRecord r : state.members()) {
          if (o.victims.contains(r.name())) {
            learned.put(r.name(), r);
          }
        }
      }
    } catch (DecodeException e) {
      log("push-pull answer did not decode: " + e.getMessage());
    }
  }

  private static void log(String line) {
    System.err.println("[hostile] " + line);
  }

  // --- the plaintext transport the forged traffic leaves by -----------------------------------

  /** Datagrams from one UDP socket, requests over a fresh TCP connection each; no receiving. */
  private static final class RawTransport implements Transport {
    private final DatagramChannel udp;
    private final List<String> bind;
    private final TransportStats stats = new TransportStats();
    private final Map<NodeAddress, InetSocketAddress> resolved = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    final String localHost;
    final int localPort;

    RawTransport(HostileOptions o) throws IOException {
      this.bind = o.bind;
      this.udp = DatagramChannel.open();
      udp.bind(new InetSocketAddress(bind.isEmpty() ? null : literal(bind.get(0)), 0));
      InetSocketAddress local = (InetSocketAddress) udp.getLocalAddress();
      String host = bind.isEmpty() ? null : bind.get(0);
      if (host == null) {
        // the address the route to the target leaves from
        udp.connect(socketAddress(o.target));
        host = ((InetSocketAddress) udp.getLocalAddress()).getAddress().getHostAddress();
        udp.disconnect();
      }
      this.localHost = host;
      this.localPort = local.getPort();
    }

    private InetSocketAddress socketAddress(NodeAddress a) {
      return resolved.computeIfAbsent(a, x -> new InetSocketAddress(literal(x.host()), x.port()));
    }

    @Override
    public void start(TransportHandler handler) {}

    @Override
    public NodeAddress boundAddress() {
      return new NodeAddress(localHost, localPort);
    }

    @Override
    public void sendDatagram(NodeAddress to, byte[] packet) {
      try {
        udp.send(ByteBuffer.wrap(packet), socketAddress(to));
        stats.sent(packet.length);
      } catch (IOException e) {
        stats.drop(TransportStats.Drop.SEND_FAILED);
      }
    }

    /** One request frame (kind 1, length, bytes) and its answer, over a new connection. */
    @Override
    public CompletableFuture<byte[]> request(NodeAddress to, byte[] request, Duration timeout) {
      try (Socket s = new Socket()) {
        if (!bind.isEmpty()) {
          String from = bind.get((int) (requests.getAndIncrement() % bind.size()));
          s.bind(new InetSocketAddress(literal(from), 0));
        }
        s.connect(socketAddress(to), (int) CONNECT_TIMEOUT_MS);
        s.setSoTimeout((int) timeout.toMillis());
        OutputStream out = s.getOutputStream();
        ByteBuffer header = ByteBuffer.allocate(5).put((byte) 1).putInt(request.length);
        out.write(header.array());
        out.write(request);
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        int length = in.readInt();
        if (length < 0 || length > 64 * 1024 * 1024) {
          throw new IOException("bad response length " + length);
        }
        return CompletableFuture.completedFuture(in.readNBytes(length));
      } catch (IOException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public TransportStats stats() {
      return stats;
    }

    @Override
    public void close() {
      try {
        udp.close();
      } catch (IOException e) {
        // closing: nothing left to do with it
      }
    }
  }

  private static InetAddress literal(String host) {
    try {
      return InetAddress.getAllByName(host)[0]; // an IP literal (checked): parsed, never looked up
    } catch (IOException e) {
      throw new IllegalArgumentException("not an IP address: " + host, e);
    }
  }

  // --- idle connections ----------------------------------------------------------------------

  /**
   * Holds {@code --idle-connections} connections that send nothing, on one selector thread; a
   * connection the target closes (or never accepts) is opened again {@value #REOPEN_DELAY_MS} ms
   * later.
   */
  private final class IdleConnections implements Runnable {
    private final int count;
    private final List<InetSocketAddress> sources = new ArrayList<>();
    private final PriorityQueue<long[]> reopen =
        new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    private final ByteBuffer sink = ByteBuffer.allocate(512);
    private int open;
    final AtomicLong opened = new AtomicLong();
    final AtomicLong closed = new AtomicLong();
    final AtomicLong reset = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong peak = new AtomicLong();

    IdleConnections(HostileOptions o) {
      this.count = o.idleConnections;
      for (String b : o.bind) {
        sources.add(new InetSocketAddress(literal(b), 0));
      }
    }

    /** One slot: its channel and when its connect began. */
    private record Slot(int index, long since) {}

    @Override
    public void run() {
      if (count == 0) {
        return;
      }
      try (Selector selector = Selector.open()) {
        for (int i = 0; i < count; i++) {
          connect(selector, i);
        }
        long lastSweep = System.nanoTime();
        while (!stopping) {
          long now = System.nanoTime();
          while (!reopen.isEmpty() && reopen.peek()[0] <= now) {
            connect(selector, (int) reopen.poll()[1]);
          }
          if (now - lastSweep > 500_000_000L) {
            lastSweep = now;
            sweepStuckConnects(selector, now);
          }
          selector.select(100);
          for (SelectionKey k : selector.selectedKeys()) {
            handle(k);
          }
          selector.selectedKeys().clear();
        }
        for (SelectionKey k : selector.keys()) {
          k.channel().close();
        }
      } catch (IOException e) {
        log("idle connections stopped: " + e);
      }
    }

    private void connect(Selector selector, int index) {
      SocketChannel ch = null;
      try {
        ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.SO_LINGER, 0); // our close resets: no TIME_WAIT pile
        if (!sources.isEmpty()) {
          ch.bind(sources.get(index % sources.size()));
        }
        Slot slot = new Slot(index, System.nanoTime());
        if (ch.connect(plain.socketAddress(o.target))) {
          ch.register(selector, SelectionKey.OP_READ, slot);
          connected();
        } else {
          ch.register(selector, SelectionKey.OP_CONNECT, slot);
        }
      } catch (IOException e) {
        failed.incrementAndGet();
        closeQuietly(ch);
        later(index);
      }
    }

    private void connected() {
      opened.incrementAndGet();
      open++;
      peak.accumulateAndGet(open, Math::max);
    }

    private void handle(SelectionKey k) {
      Slot slot = (Slot) k.attachment();
      SocketChannel ch = (SocketChannel) k.channel();
      if (!k.isValid()) {
        return;
      }
      if (k.isConnectable()) {
        try {
          ch.finishConnect();
          k.interestOps(SelectionKey.OP_READ);
          connected();
        } catch (IOException e) {
          failed.incrementAndGet();
          drop(k, slot.index(), false);
        }
        return;
      }
      if (k.isReadable()) {
        try {
          sink.clear();
          if (ch.read(sink) < 0) {
            closed.incrementAndGet();
            drop(k, slot.index(), true);
          }
        } catch (IOException e) {
          reset.incrementAndGet();
          drop(k, slot.index(), true);
        }
      }
    }

    /** Gives up on connects the target has not completed (a full accept queue). */
    private void sweepStuckConnects(Selector selector, long now) {
      for (SelectionKey k : selector.keys()) {
        Slot slot = (Slot) k.attachment();
        if (k.isValid()
            && (k.interestOps() & SelectionKey.OP_CONNECT) != 0
            && now - slot.since() > TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS)) {
          failed.incrementAndGet();
          drop(k, slot.index(), false);
        }
      }
    }

    private void drop(SelectionKey k, int index, boolean wasOpen) {
      if (wasOpen) {
        open--;
      }
      k.cancel();
      closeQuietly(k.channel());
      later(index);
    }

    private void later(int index) {
      reopen.add(
          new long[] {System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REOPEN_DELAY_MS), index});
    }

    private void closeQuietly(java.nio.channels.Channel ch) {
      if (ch == null) {
        return;
      }
      try {
        ch.close();
      } catch (IOException e) {
        // already gone
      }
    }
  }
}
