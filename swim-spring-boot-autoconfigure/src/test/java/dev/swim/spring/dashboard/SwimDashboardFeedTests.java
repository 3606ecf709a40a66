package dev.swim.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.swim.core.crypto.Keyring;
import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.settings.Profile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The feed on a real Gossiper (loopback, any free port): a stream starts with a snapshot and then
 * gets every change in order; the ring, the number of streams and each stream's queue are bounded,
 * with what they refuse counted; user event payloads and key material never travel.
 */
class SwimDashboardFeedTests {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private final List<Gossiper> gossipers = new ArrayList<>();
  private final List<SwimDashboardFeed> feeds = new ArrayList<>();

  @AfterEach
  void closeAll() {
    feeds.forEach(SwimDashboardFeed::destroy);
    gossipers.forEach(Gossiper::close);
  }

  private Gossiper start(GossiperConfig.Builder config) throws Exception {
    Gossiper g =
        Gossiper.create(config.bindAddress("127.0.0.1").bindPort(0).profile(Profile.LOCAL).build());
    gossipers.add(g);
    g.start();
    return g;
  }

  private Gossiper start(String name) throws Exception {
    return start(GossiperConfig.builder(name));
  }

  private SwimDashboardFeed feed(Gossiper g, int events, int subscribers, int queue, Duration hb) {
    SwimDashboardFeed feed = new SwimDashboardFeed(g, events, subscribers, queue, hb);
    feeds.add(feed);
    feed.afterPropertiesSet();
    feed.start();
    return feed;
  }

  private SwimDashboardFeed feed(Gossiper g) {
    return feed(g, 64, 4, 64, Duration.ofSeconds(30));
  }

  private static MembershipEvent joined(String name, Map<String, String> metadata) {
    Member m =
        new Member(
            name,
            new NodeAddress("127.0.0.1", 7000),
            MemberState.ALIVE,
            1,
            metadata,
            42L,
            System.currentTimeMillis());
    return new MembershipEvent(MembershipEventType.JOINED, m, null);
  }

  @Test
  void aStreamStartsWithASnapshotThenGetsEachChange() throws Exception {
    Gossiper g1 = start("feed-1");
    SwimDashboardFeed feed = feed(g1);
    Recorder r = new Recorder(100);
    SwimDashboardFeed.Subscription s = feed.subscribe(r);
    assertThat(s).isNotNull();
    SwimDashboardFeed.Message snapshot = s.snapshot();
    assertThat(snapshot.event()).isEqualTo("snapshot");
    assertThat(read(snapshot, "$.node.name")).isEqualTo("feed-1");
    assertThat(read(snapshot, "$.node.lifecycle")).isIn("JOINING", "RUNNING");
    List<String> names = JsonPath.read(snapshot.data(), "$.members[*].name");
    assertThat(names).containsExactly("feed-1");
    assertThat((Boolean) JsonPath.read(snapshot.data(), "$.members[0].local")).isTrue();
    Object rtt = JsonPath.read(snapshot.data(), "$.members[0].rttMs");
    assertThat(rtt).isNull();
    assertThat((Integer) JsonPath.read(snapshot.data(), "$.counters.probes.direct")).isNotNull();

    start(GossiperConfig.builder("feed-2").seeds(List.of("127.0.0.1:" + g1.localAddress().port())));
    SwimDashboardFeed.Message joined = r.next("member");
    assertThat(read(joined, "$.event")).isEqualTo("JOINED");
    assertThat(read(joined, "$.member.name")).isEqualTo("feed-2");
    assertThat(read(joined, "$.member.state")).isEqualTo("ALIVE");
    assertThat((Boolean) JsonPath.read(joined.data(), "$.member.local")).isFalse();
    assertThat(feed.recentEvents()).anyMatch(e -> e.contains("\"feed-2\""));

    // a later stream's snapshot holds both members and the event
    SwimDashboardFeed.Subscription later = feed.subscribe(new Recorder(10));
    assertThat(later).isNotNull();
    List<String> both = JsonPath.read(later.snapshot().data(), "$.members[*].name");
    assertThat(both).containsExactly("feed-1", "feed-2");
    List<String> events = JsonPath.read(later.snapshot().data(), "$.events[*].member.name");
    assertThat(events).contains("feed-2");
  }

  @Test
  void theRingKeepsTheLatestEventsAndCountsTheEvicted() throws Exception {
    SwimDashboardFeed feed = feed(start("ring"), 3, 4, 64, Duration.ofSeconds(30));
    for (int i = 1; i <= 5; i++) {
      feed.onMembershipEvent(joined("m-" + i, Map.of()));
    }
    assertThat(feed.recentEvents()).hasSize(3);
    assertThat(feed.eventsEvicted()).isEqualTo(2);
    SwimDashboardFeed.Subscription s = feed.subscribe(new Recorder(10));
    assertThat(s).isNotNull();
    String data = s.snapshot().data();
    List<String> names = JsonPath.read(data, "$.events[*].member.name");
    assertThat(names).containsExactly("m-3", "m-4", "m-5");
    assertThat((Integer) JsonPath.read(data, "$.feed.eventsEvicted")).isEqualTo(2);
    assertThat((Integer) JsonPath.read(data, "$.feed.eventCapacity")).isEqualTo(3);
    List<Integer> seqs = JsonPath.read(data, "$.events[*].seq");
    assertThat(seqs).containsExactly(3, 4, 5);
  }

  @Test
  void streamsAreBoundedAndTheExcessIsRefusedAndCounted() throws Exception {
    SwimDashboardFeed feed = feed(start("bounded"), 8, 2, 8, Duration.ofSeconds(30));
    SwimDashboardFeed.Subscription a = feed.subscribe(new Recorder(8));
    SwimDashboardFeed.Subscription b = feed.subscribe(new Recorder(8));
    assertThat(a).isNotNull();
    assertThat(b).isNotNull();
    assertThat(feed.subscribe(new Recorder(8))).isNull();
    assertThat(feed.rejectedSubscribers()).isEqualTo(1);
    assertThat(feed.subscribers()).isEqualTo(2);
    a.close();
    assertThat(feed.subscribers()).isEqualTo(1);
    assertThat(feed.subscribe(new Recorder(8))).isNotNull();
  }

  @Test
  void aSlowStreamIsClosedRatherThanBufferedAndOthersGetEverything() throws Exception {
    SwimDashboardFeed feed = feed(start("slow"), 64, 4, 4, Duration.ofSeconds(30));
    Recorder slow = new Recorder(4); // never drained: holds 4 messages at most
    Recorder fast = new Recorder(100);
    SwimDashboardFeed.Subscription slowSub = feed.subscribe(slow);
    assertThat(feed.subscribe(fast)).isNotNull();
    for (int i = 0; i < 10; i++) {
      feed.onMembershipEvent(joined("m-" + i, Map.of())); // returns at once: offers never block
      fast.drainTo(fast.seen);
    }
    assertThat(slow.closed).isTrue();
    assertThat(slow.queue).hasSize(4);
    assertThat(feed.slowDisconnects()).isEqualTo(1);
    assertThat(fast.closed).isFalse();
    assertThat(fast.seen).hasSize(10);
    // it keeps its place until its connection ends, and gets nothing more meanwhile
    feed.onMembershipEvent(joined("after", Map.of()));
    assertThat(slow.queue).hasSize(4);
    assertThat(feed.subscribers()).isEqualTo(2);
    assertThat(slowSub).isNotNull();
    slowSub.close();
    assertThat(feed.subscribers()).isEqualTo(1);
  }

  @Test
  void aWebFluxStreamWhoseResponseIsNeverWrittenGivesItsPlaceBack() throws Exception {
    SwimDashboardFeed feed = feed(start("unclaimed"), 64, 2, 8, Duration.ofSeconds(30));
    // grace zero: unclaimed at the first message; the other one's body was subscribed
    SwimDashboardWebFlux.FluxSink unclaimed = new SwimDashboardWebFlux.FluxSink(8, Duration.ZERO);
    unclaimed.attach(feed.subscribe(unclaimed));
    SwimDashboardWebFlux.FluxSink claimed = new SwimDashboardWebFlux.FluxSink(8, Duration.ZERO);
    claimed.claimed = true;
    claimed.attach(feed.subscribe(claimed));
    assertThat(feed.subscribe(new Recorder(8))).as("both places taken").isNull();

    feed.onMembershipEvent(joined("m-1", Map.of()));

    assertThat(feed.subscribers()).isEqualTo(1);
    assertThat(feed.slowDisconnects()).isEqualTo(1);
    Recorder next = new Recorder(8);
    assertThat(feed.subscribe(next)).as("the freed place is taken again").isNotNull();
    feed.onMembershipEvent(joined("m-2", Map.of()));
    assertThat(next.queue).hasSize(1);
    assertThat(feed.subscribers()).isEqualTo(2);
  }

  @Test
  void aWebFluxStreamClosedBeforeItWasAttachedGivesItsPlaceBackWhenAttached() throws Exception {
    SwimDashboardFeed feed = feed(start("early-close"), 64, 1, 8, Duration.ofSeconds(30));
    SwimDashboardWebFlux.FluxSink sink = new SwimDashboardWebFlux.FluxSink(8, Duration.ofHours(1));
    SwimDashboardFeed.Subscription s = feed.subscribe(sink);
    assertThat(s).isNotNull();
    sink.close(); // the feed stopped it between subscribe and attach
    sink.attach(s);
    assertThat(feed.subscribers()).isZero();
  }

  @Test
  void heartbeatsCarryThisNodeAndTheCounters() throws Exception {
    SwimDashboardFeed feed = feed(start("beat"), 8, 4, 64, Duration.ofMillis(100));
    Recorder r = new Recorder(100);
    assertThat(feed.subscribe(r)).isNotNull();
    SwimDashboardFeed.Message hb = r.next("heartbeat");
    assertThat(read(hb, "$.type")).isEqualTo("heartbeat");
    assertThat(read(hb, "$.node.name")).isEqualTo("beat");
    assertThat(read(hb, "$.node.profile")).isEqualTo("local");
    assertThat((Integer) JsonPath.read(hb.data(), "$.counters.suspicions")).isZero();
    assertThat((Integer) JsonPath.read(hb.data(), "$.feed.subscribers")).isEqualTo(1);
    assertThat(feed.heartbeatInterval()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void stoppingClosesEveryStreamAndRefusesNewOnesUntilStarted() throws Exception {
    SwimDashboardFeed feed = feed(start("stop"));
    Recorder a = new Recorder(8);
    Recorder b = new Recorder(8);
    assertThat(feed.subscribe(a)).isNotNull();
    assertThat(feed.subscribe(b)).isNotNull();
    assertThat(feed.isRunning()).isTrue();
    feed.stop();
    assertThat(feed.isRunning()).isFalse();
    assertThat(a.closed).isTrue();
    assertThat(b.closed).isTrue();
    assertThat(feed.subscribe(new Recorder(8))).isNull();
    feed.start();
    assertThat(feed.subscribe(new Recorder(8))).isNotNull();
  }

  @Test
  void userEventsTravelWithoutTheirPayload() throws Exception {
    Gossiper g = start("users");
    SwimDashboardFeed feed = feed(g);
    Recorder r = new Recorder(100);
    assertThat(feed.subscribe(r)).isNotNull();
    g.broadcast("cache-invalidate", "customer:42-secret".getBytes(StandardCharsets.UTF_8));
    SwimDashboardFeed.Message m = r.next("user");
    assertThat(read(m, "$.name")).isEqualTo("cache-invalidate");
    assertThat(read(m, "$.origin")).isEqualTo("users");
    assertThat((Integer) JsonPath.read(m.data(), "$.size")).isEqualTo(18);
    assertThat(m.data()).doesNotContain("customer");
  }

  @Test
  void keysNeverTravelOnlyEightDigitFingerprints() throws Exception {
    byte[] key = new byte[32];
    new Random(7).nextBytes(key);
    String base64 = Base64.getEncoder().encodeToString(key);
    Gossiper g =
        start(
            GossiperConfig.builder("secret")
                .encryptionKeysBase64(List.of(base64))
                .clusterLabel("prod"));
    SwimDashboardFeed feed = feed(g, 8, 4, 64, Duration.ofMillis(100));
    Recorder r = new Recorder(100);
    SwimDashboardFeed.Subscription s = feed.subscribe(r);
    assertThat(s).isNotNull();
    for (String data : List.of(s.snapshot().data(), r.next("heartbeat").data())) {
      assertThat(data).doesNotContain(base64).doesNotContain(base64.substring(0, 12));
      assertThat((Boolean) JsonPath.read(data, "$.node.encryption")).isTrue();
      assertThat((Integer) JsonPath.read(data, "$.node.keyCount")).isEqualTo(1);
      List<String> fingerprints = JsonPath.read(data, "$.node.keyFingerprints");
      assertThat(fingerprints).containsExactly(Keyring.fingerprint(key));
      assertThat(fingerprints.get(0)).matches("[0-9a-f]{8}");
      assertThat((String) JsonPath.read(data, "$.node.clusterLabel")).isEqualTo("prod");
    }
    // a longer fingerprint is cut to its first 8 digits
    DashboardNodeView view =
        new DashboardNodeView(
            "n",
            null,
            "RUNNING",
            "ALIVE",
            0,
            0,
            7,
            0,
            true,
            1,
            List.of("0123456789abcdef"),
            "",
            "lan");
    assertThat(view.keyFingerprints()).containsExactly("01234567");
    assertThat(view.toJson()).doesNotContain("89abcdef");
  }

  @Test
  void hostileNamesAndMetadataTravelAsData() throws Exception {
    SwimDashboardFeed feed = feed(start("hostile"));
    Recorder r = new Recorder(10);
    assertThat(feed.subscribe(r)).isNotNull();
    String img = "<img src=x onerror=alert(1)>";
    feed.onMembershipEvent(joined("</script><b>x", Map.of("note", img)));
    SwimDashboardFeed.Message m = r.next("member");
    assertThat(m.data()).doesNotContain("<").doesNotContain(">");
    assertThat(read(m, "$.member.metadata.note")).isEqualTo(img);
    assertThat(read(m, "$.member.name")).isEqualTo("</script><b>x");
    assertThat(DashboardAssets.frame(m, false))
        .startsWith("event: member\ndata: {")
        .endsWith("}\n\n");
    assertThat(DashboardAssets.frame(m, false).split("\n")).hasSize(2);
  }

  private static String read(SwimDashboardFeed.Message m, String path) {
    return JsonPath.read(m.data(), path);
  }

  /** A sink that records what it is offered, up to its capacity. */
  static final class Recorder implements SwimDashboardFeed.Sink {
    final BlockingQueue<SwimDashboardFeed.Message> queue;
    final List<SwimDashboardFeed.Message> seen = new ArrayList<>();
    volatile boolean closed;

    Recorder(int capacity) {
      this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public boolean offer(SwimDashboardFeed.Message message) {
      return queue.offer(message);
    }

    @Override
    public void close() {
      closed = true;
    }

    void drainTo(List<SwimDashboardFeed.Message> into) {
      queue.drainTo(into);
    }

    SwimDashboardFeed.Message next(String event) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        SwimDashboardFeed.Message m = queue.poll(100, TimeUnit.MILLISECONDS);
        if (m != null && m.event().equals(event)) {
          return m;
        }
      }
      throw new AssertionError("no '" + event + "' message within " + WAIT);
    }
  }
}
