package dev.swim.test.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.TransportHandler;
import dev.swim.core.transport.TransportStats;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The in-memory transport keeps the {@code Transport} contract: asynchronous delivery on the
 * receiver's own thread, datagrams from the gossip address and streams from an ephemeral one, one
 * response per request, failures as a real network gives them, bounds with counted drops, and
 * partitions.
 */
class InMemoryTransportTests {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<InMemoryTransport> transports = new ArrayList<>();

  @AfterEach
  void closeAll() {
    transports.forEach(InMemoryTransport::close);
  }

  private InMemoryTransport start(InMemoryNetwork network, Recorder handler) throws IOException {
    InMemoryTransport t = network.transport();
    transports.add(t);
    t.start(handler);
    return t;
  }

  @Test
  void aDatagramArrivesOnTheReceiversOwnThreadFromTheSendersAddress() throws Exception {
    InMemoryNetwork network = new InMemoryNetwork();
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    InMemoryTransport ta = start(network, a);
    InMemoryTransport tb = start(network, b);
    assertThat(ta.boundAddress().host()).isEqualTo("127.0.0.1");
    assertThat(ta.boundAddress().port())
        .isBetween(InMemoryNetwork.FIRST_VIRTUAL_PORT, InMemoryNetwork.LAST_VIRTUAL_PORT);
    assertThat(tb.boundAddress()).isNotEqualTo(ta.boundAddress());

    byte[] packet = utf8("ping");
    ta.sendDatagram(tb.boundAddress(), packet);
    packet[0] = 'X'; // the sender may reuse its array at once
    await(() -> b.datagrams.size() == 1);

    Received r = b.datagrams.get(0);
    assertThat(r.from()).isEqualTo(ta.boundAddress());
    assertThat(r.text()).isEqualTo("ping");
    assertThat(r.thread())
        .isEqualTo("swim-in-memory-" + tb.boundAddress())
        .isNotEqualTo(Thread.currentThread().getName());
    assertThat(ta.stats().datagramsSent()).isEqualTo(1);
    assertThat(tb.stats().datagramsReceived()).isEqualTo(1);
    assertThat(tb.stats().bytesReceived()).isEqualTo(4);
    assertThat(a.datagrams).isEmpty();
  }

  @Test
  void datagramsFromOneSenderArriveInOrder() throws Exception {
    InMemoryNetwork network = new InMemoryNetwork();
    Recorder b = new Recorder();
    InMemoryTransport ta = start(network, new Recorder());
    InMemoryTransport tb = start(network, b);
    for (int i = 0; i < 200; i++) {
      ta.sendDatagram(tb.boundAddress(), utf8(Integer.toString(i)));
    }
    await(() -> b.datagrams.size() == 200);
    for (int i = 0; i < 200; i++) {
      assertThat(b.datagrams.get(i).text()).isEqualTo(Integer.toString(i));
    }
  }

  @Test
  void aRequestGetsItsOneResponseFromAnEphemeralSourceAddress() throws Exception {
    InMemoryNetwork network = new InMemoryNetwork();
    Recorder b = new Recorder();
    b.answer = request -> CompletableFuture.completedFuture(utf8("re:" + text(request)));
    InMemoryTransport ta = start(network, new Recorder());
    InMemoryTransport tb = start(network, b);

    List<String> completedOn = new CopyOnWriteArrayList<>();
    CompletableFuture<byte[]> response =
        ta.request(tb.boundAddress(), utf8("state"), WAIT)
            .whenComplete((r, e) -> completedOn.add(Thread.currentThread().getName()));
    assertThat(text(response.get(10, TimeUnit.SECONDS))).isEqualTo("re:state");

    Received r = b.requests.get(0);
    assertThat(r.from().host()).isEqualTo(ta.boundAddress().host());
    assertThat(r.from().port())
        .as("a stream comes from an ephemeral port, never the gossip port")
        .isNotEqualTo(ta.boundAddress().port())
        .isGreaterThanOrEqualTo(InMemoryNetwork.FIRST_EPHEMERAL_PORT);
    assertThat(network.members()).doesNotContain(r.from());
    assertThat(r.thread()).isEqualTo("swim-in-memory-" + tb.boundAddress());
    // on the requester's own thread; or here, when the answer was in before whenComplete was added
    assertThat(completedOn)
        .singleElement()
        .isIn("swim-in-memory-" + ta.boundAddress(), Thread.currentThread().getName());
    assertThat(ta.stats().streamsOpened()).isEqualTo(1);
    assertThat(tb.stats().streamsAccepted()).isEqualTo(1);
  }

  @Test
  void anAnswerComputedLaterIsDeliveredToo() throws Exception {
    InMemoryNetwork network = new InMemoryNetwork();
    CompletableFuture<byte[]> later = new CompletableFuture<>();
    Recorder b = new Recorder();
    b.answer = request -> later;
    InMemoryTransport ta = start(network, new Recorder());
    InMemoryTransport tb = start(network, b);
    CompletableFuture<byte[]> response = ta.request(tb.boundAddress(), utf8("q"), WAIT);
    await(() -> b.requests.size() == 1);
    assertThat(response).isNotDone();
    later.complete(utf8("done"));
    assertThat(text(response.get(10, TimeUnit.SECONDS))).isEqualTo("done");
  }

  @Test
  void aRequestToAnAddressWhereNobodyIsBoundIsRefusedAtOnce() throws Exception {
    InMemoryNetwork network = new InMemoryNetwork();
    InMemoryTransport ta = start(network, new Recorder());
    CompletableFuture<byte[]> response =
        ta.request(new NodeAddress("127.0.0.1", 9), utf8("q"), Duration.ofMinutes(5));
    assertThatThrownBy(() -> response.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ConnectException.class);
    assertThat(network.drops(InMemoryNetwork.Drop.NO_ROUTE)).isEqualTo(1);
  }

  @Test
  void aHandlerThatAnswersNothingClosesTheStream() throws Exception {
    InMemoryNetwork network = new InMemoryNetwork();
    Recorder b = new Recorder();
    b.answer = request -> null;
    Recorder c = new Recorder();
    c.answer = request -> CompletableFuture.failedFuture(new IllegalStateException("busy"));
    InMemoryTransport ta = start(network, new Recorder());
    InMemoryTransport tb = start(network, b);
    InMemoryTransport tc = start(network, c);
    for (InMemoryTransport target : List.of(tb, tc)) {
      CompletableFuture<byte[]> response = ta.request(target.boundAddress(), utf8("q"), WAIT);
      assertThatThrownBy(() -> response.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IOException.class)
          .hasMessageContaining("closed without a response");
    }
  }

  @Test
  void aResponderThatClosesResetsTheRequestsItWasAnswering() throws Exception {
    InMemoryNetwork network = new InMemoryNetwork();
    Recorder b = new Recorder();
    b.answer = request -> new CompletableFuture<>(); // never answers
    InMemoryTransport ta = start(network, new Recorder());
    InMemoryTransport tb = start(network, b);
    CompletableFuture<byte[]> response = ta.request(tb.boundAddress(), utf8("q"), WAIT);
    await(() -> b.requests.size() == 1);
    tb.close();
    assertThatThrownBy(() -> response.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IOException.class)
        .hasMessageContaining("connection reset");
    assertThat(network.members()).containsExactly(ta.boundAddress());
  }

  @Test
  void closingFailsTheRequestsStillInFlightAndStopsSending() throws Exception {
    InMemoryNetwork network = new InMemoryNetwork();
    Recorder b = new Recorder();
    b.answer = request -> new CompletableFuture<>();
    InMemoryTransport ta = start(network, new Recorder());
    InMemoryTransport tb = start(network, b);
    CompletableFuture<byte[]> response = ta.request(tb.boundAddress(), utf8("q"), WAIT);
    ta.close();
    ta.close(); // idempotent
    assertThatThrownBy(() -> response.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IOException.class);
    ta.sendDatagram(tb.boundAddress(), utf8("late"));
    assertThat(ta.stats().drops(TransportStats.Drop.SEND_FAILED)).isEqualTo(1);
    assertThat(ta.request(tb.boundAddress(), utf8("q"), WAIT)).isCompletedExceptionally();
    assertThatThrownBy(() -> ta.start(new Recorder())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFullInboundQueueDropsWhatArrivesAndCountsIt() throws Exception {
    InMemoryNetwork network = new InMemoryNetwork("small", 4, 1024);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Recorder b = new Recorder();
    b.onDatagram =
        () -> {
          entered.countDown();
          awaitLatch(release);
        };
    InMemoryTransport ta = start(network, new Recorder());
    InMemoryTransport tb = start(network, b);

    ta.sendDatagram(tb.boundAddress(), utf8("first"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue(); // the handler holds the thread
    for (int i = 0; i < 20; i++) {
      ta.sendDatagram(tb.boundAddress(), utf8("more-" + i));
    }
    assertThat(tb.queuedInbound()).isEqualTo(4);
    assertThat(network.drops(InMemoryNetwork.Drop.QUEUE_FULL)).isEqualTo(16);
    assertThat(ta.stats().drops(TransportStats.Drop.SEND_FAILED)).isEqualTo(16);
    CompletableFuture<byte[]> refused = ta.request(tb.boundAddress(), utf8("q"), WAIT);
    assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ConnectException.class);
    assertThat(network.drops(InMemoryNetwork.Drop.QUEUE_FULL)).isEqualTo(17);

    release.countDown();
    await(() -> b.datagrams.size() == 5);
    assertThat(b.datagrams).extracting(r -> r.text()).startsWith("first", "more-0");
  }

  @Test
  void oversizedDatagramsAndFramesAreDropped() throws Exception {
    InMemoryNetwork network = new InMemoryNetwork("frames", 16, 100);
    Recorder b = new Recorder();
    b.answer = request -> CompletableFuture.completedFuture(new byte[101]);
    InMemoryTransport ta = start(network, new Recorder());
    InMemoryTransport tb = start(network, b);

    ta.sendDatagram(tb.boundAddress(), new byte[InMemoryNetwork.MAX_DATAGRAM_BYTES + 1]);
    ta.sendDatagramOverStream(tb.boundAddress(), new byte[101]);
    assertThat(ta.request(tb.boundAddress(), new byte[101], WAIT)).isCompletedExceptionally();
    assertThat(ta.stats().drops(TransportStats.Drop.OVERSIZED)).isEqualTo(3);

    CompletableFuture<byte[]> tooLong = ta.request(tb.boundAddress(), utf8("q"), WAIT);
    assertThatThrownBy(() -> tooLong.get(10, TimeUnit.SECONDS))
        .hasMessageContaining("exceeds maxFrameBytes 100");
    assertThat(network.drops(InMemoryNetwork.Drop.OVERSIZED)).isEqualTo(4);

    ta.sendDatagram(tb.boundAddress(), new byte[InMemoryNetwork.MAX_DATAGRAM_BYTES]);
    await(() -> b.datagrams.size() == 1);
  }

  @Test
  void atMostOneHundredAndTwentyEightRequestsAreInFlight() throws Exception {
    InMemoryNetwork network = new InMemoryNetwork();
    Recorder b = new Recorder();
    b.answer = request -> new CompletableFuture<>();
    InMemoryTransport ta = start(network, new Recorder());
    InMemoryTransport tb = start(network, b);
    List<CompletableFuture<byte[]>> pending = new ArrayList<>();
    for (int i = 0; i < InMemoryTransport.MAX_REQUESTS_IN_FLIGHT; i++) {
      pending.add(ta.request(tb.boundAddress(), utf8("q"), WAIT));
    }
    assertThat(ta.request(tb.boundAddress(), utf8("one more"), WAIT)).isCompletedExceptionally();
    assertThat(ta.stats().drops(TransportStats.Drop.REQUEST_LIMIT)).isEqualTo(1);
    assertThat(pending).noneMatch(CompletableFuture::isDone);
  }

  @Test
  void aPartitionCutsTrafficBetweenItsSidesUntilHealed() throws Exception {
    InMemoryNetwork network = new InMemoryNetwork();
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    Recorder c = new Recorder();
    b.answer = request -> CompletableFuture.completedFuture(utf8("b"));
    InMemoryTransport ta = start(network, a);
    InMemoryTransport tb = start(network, b);
    InMemoryTransport tc = start(network, c);

    network.partition(List.of(ta.boundAddress()));
    assertThat(network.canReach(ta.boundAddress(), tb.boundAddress())).isFalse();
    assertThat(network.canReach(tb.boundAddress(), tc.boundAddress())).isTrue();
    ta.sendDatagram(tb.boundAddress(), utf8("lost"));
    tb.sendDatagram(ta.boundAddress(), utf8("lost too"));
    tc.sendDatagram(tb.boundAddress(), utf8("from c"));
    CompletableFuture<byte[]> cut =
        ta.request(tb.boundAddress(), utf8("q"), Duration.ofMillis(300));
    assertThatThrownBy(() -> cut.get(10, TimeUnit.SECONDS))
        .as("a request across a partition is never answered: its timeout ends it")
        .hasCauseInstanceOf(TimeoutException.class);
    await(() -> b.datagrams.size() == 1);
    assertThat(b.datagrams.get(0).text()).isEqualTo("from c");
    assertThat(a.datagrams).isEmpty();
    assertThat(network.drops(InMemoryNetwork.Drop.PARTITIONED)).isEqualTo(3);

    network.heal();
    ta.sendDatagram(tb.boundAddress(), utf8("after"));
    await(() -> b.datagrams.size() == 2);
    assertThat(text(ta.request(tb.boundAddress(), utf8("q"), WAIT).get(10, TimeUnit.SECONDS)))
        .isEqualTo("b");
  }

  @Test
  void anIsolatedMemberNeitherHearsNorIsHeard() throws Exception {
    InMemoryNetwork network = new InMemoryNetwork();
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    InMemoryTransport ta = start(network, a);
    InMemoryTransport tb = start(network, b);
    network.isolate(tb.boundAddress());
    ta.sendDatagram(tb.boundAddress(), utf8("x"));
    tb.sendDatagram(ta.boundAddress(), utf8("y"));
    assertThat(network.drops(InMemoryNetwork.Drop.PARTITIONED)).isEqualTo(2);
    network.reconnect(tb.boundAddress());
    ta.sendDatagram(tb.boundAddress(), utf8("z"));
    await(() -> b.datagrams.size() == 1);
    assertThat(a.datagrams).isEmpty();
    assertThatThrownBy(
            () ->
                network.partition(
                    List.of(
                        List.of(ta.boundAddress()), List.of(ta.boundAddress(), tb.boundAddress()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two sides");
  }

  @Test
  void aDatagramOverAStreamComesFromOneEphemeralAddressAndCountsWhatIsNotAccepted()
      throws Exception {
    InMemoryNetwork network = new InMemoryNetwork();
    Recorder b = new Recorder();
    InMemoryTransport ta = start(network, new Recorder());
    InMemoryTransport tb = start(network, b);
    b.accept = false;
    ta.sendDatagramOverStream(tb.boundAddress(), utf8("one"));
    ta.sendDatagramOverStream(tb.boundAddress(), utf8("two"));
    await(() -> b.datagrams.size() == 2);
    NodeAddress from = b.datagrams.get(0).from();
    assertThat(from.host()).isEqualTo("127.0.0.1");
    assertThat(from.port()).isNotEqualTo(ta.boundAddress().port());
    assertThat(b.datagrams.get(1).from()).as("one connection per destination").isEqualTo(from);
    assertThat(tb.stats().drops(TransportStats.Drop.UNAUTHENTICATED_STREAM)).isEqualTo(2);
  }

  @Test
  void bindingFollowsTheAddressRules() throws Exception {
    InMemoryNetwork network = new InMemoryNetwork("binds", 8, 1024);
    InMemoryTransport fixed = network.transport("127.0.0.1", 7946);
    transports.add(fixed);
    fixed.start(new Recorder());
    assertThat(fixed.boundAddress()).isEqualTo(new NodeAddress("127.0.0.1", 7946));
    assertThat(fixed.network()).isSameAs(network);

    InMemoryTransport taken = network.transport("127.0.0.1", 7946);
    transports.add(taken);
    assertThatThrownBy(() -> taken.start(new Recorder()))
        .isInstanceOf(BindException.class)
        .hasMessage(
            "cannot bind in-memory 127.0.0.1:7946 in network 'binds': address already in use");

    InMemoryTransport wildcard = network.transport("0.0.0.0", 7946);
    transports.add(wildcard);
    assertThatThrownBy(() -> wildcard.start(new Recorder())).isInstanceOf(BindException.class);
    InMemoryTransport otherHost = network.transport("127.0.0.2", 7946);
    transports.add(otherHost);
    otherHost.start(new Recorder());
    assertThat(otherHost.boundAddress()).isEqualTo(new NodeAddress("127.0.0.2", 7946));

    InMemoryTransport named = network.transport("localhost", 0);
    assertThatThrownBy(() -> named.start(new Recorder()))
        .isInstanceOf(BindException.class)
        .hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> network.transport("127.0.0.1", 70000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> network.transport().boundAddress())
        .isInstanceOf(IllegalStateException.class);

    fixed.close();
    InMemoryTransport again = network.transport("0.0.0.0", 7946);
    transports.add(again);
    again.start(new Recorder());
    assertThat(again.boundAddress())
        .as("a wildcard binds loopback; a closed member's address is free again")
        .isEqualTo(new NodeAddress("127.0.0.1", 7946));
  }

  @Test
  void namedNetworksAreSharedAndPrivateOnesAreNot() {
    assertThat(InMemoryNetwork.named("shared-x")).isSameAs(InMemoryNetwork.named("shared-x"));
    assertThat(InMemoryNetwork.named("shared-x")).isNotSameAs(InMemoryNetwork.named("shared-y"));
    assertThat(new InMemoryNetwork()).isNotSameAs(new InMemoryNetwork());
    assertThatThrownBy(() -> new InMemoryNetwork("bad", 0, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new InMemoryNetwork().dropsByReason())
        .containsOnlyKeys(InMemoryNetwork.Drop.values());
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within " + WAIT).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** What a handler received (as UTF-8 text), and on which thread. */
  record Received(NodeAddress from, String text, String thread) {}

  /** Records everything it receives; answers requests as told. */
  static final class Recorder implements TransportHandler {
    final List<Received> datagrams = new CopyOnWriteArrayList<>();
    final List<Received> requests = new CopyOnWriteArrayList<>();
    volatile boolean accept = true;
    volatile Runnable onDatagram = () -> {};
    volatile Function<byte[], CompletableFuture<byte[]>> answer =
        request -> CompletableFuture.completedFuture(request);

    @Override
    public boolean onDatagram(NodeAddress from, byte[] data) {
      datagrams.add(new Received(from, text(data), Thread.currentThread().getName()));
      onDatagram.run();
      return accept;
    }

    @Override
    public CompletableFuture<byte[]> onStreamRequest(NodeAddress from, byte[] request) {
      requests.add(new Received(from, text(request), Thread.currentThread().getName()));
      return answer.apply(request);
    }
  }
}
