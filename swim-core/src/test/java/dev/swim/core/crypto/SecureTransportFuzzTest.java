package dev.swim.core.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.Transport;
import dev.swim.core.transport.TransportHandler;
import dev.swim.core.transport.TransportStats;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the decrypt path: whatever bytes arrive, opening them never throws,
 * and nothing that was not sealed with our key reaches the handler while incoming traffic is
 * verified. Saved inputs replay in every build; {@code JAZZER_FUZZ=1} fuzzes for real.
 *
 * <p>The saved {@code sealed-*} inputs are packets of the current format ({@code version 2 |
 * senderId | counter | ciphertext | tag}) sealed under {@link #KEY} for the label "fuzz"; {@link
 * #savedSealedInputsOpen} fails when the format changes and they are not sealed again.
 */
class SecureTransportFuzzTest {
  private static final byte[] KEY = new byte[32];
  private static final NodeAddress PEER = new NodeAddress("127.0.0.1", 7946);

  /** An inner transport that only records the handler the decorator installs. */
  private static final class CapturingTransport implements Transport {
    TransportHandler handler;
    final TransportStats stats = new TransportStats();

    @Override
    public void start(TransportHandler h) {
      handler = h;
    }

    @Override
    public NodeAddress boundAddress() {
      return PEER;
    }

    @Override
    public void sendDatagram(NodeAddress to, byte[] packet) {}

    @Override
    public CompletableFuture<byte[]> request(NodeAddress to, byte[] request, Duration timeout) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public TransportStats stats() {
      return stats;
    }

    @Override
    public void close() {}
  }

  /** Records what got through the decorator. */
  private static final class Sink implements TransportHandler {
    final List<byte[]> datagrams = new ArrayList<>();
    final List<byte[]> requests = new ArrayList<>();

    @Override
    public boolean onDatagram(NodeAddress from, byte[] data) {
      datagrams.add(data);
      return true;
    }

    @Override
    public CompletableFuture<byte[]> onStreamRequest(NodeAddress from, byte[] request) {
      requests.add(request);
      return CompletableFuture.completedFuture(new byte[] {1});
    }
  }

  private static CapturingTransport open(Sink sink) throws Exception {
    CapturingTransport inner = new CapturingTransport();
    SecureTransport secure = new SecureTransport(inner, new Keyring(List.of(KEY)), "fuzz");
    secure.start(sink);
    return inner;
  }

  /** The saved sealed inputs reach the handler, so the fuzzer starts from the accept path too. */
  @Test
  void savedSealedInputsOpen() throws Exception {
    String dir = "SecureTransportFuzzTestInputs/";
    Sink sink = new Sink();
    CapturingTransport inner = open(sink);
    for (String name : List.of("sealed-1200", "sealed-small")) {
      assertThat(inner.handler.onDatagram(PEER, resource(dir + "openDatagram/" + name)))
          .as(name)
          .isTrue();
    }
    byte[] answer =
        inner
            .handler
            .onStreamRequest(PEER, resource(dir + "openStreamRequest/sealed-request"))
            .get();
    byte[] none =
        inner.handler.onStreamRequest(PEER, resource(dir + "openStreamRequest/truncated")).get();

    assertThat(answer).as("sealed answer").hasSize(1 + SecureTransport.OVERHEAD);
    assertThat(none).as("no answer to what was dropped").isNull();

    assertThat(sink.datagrams).extracting(d -> d.length).containsExactly(1200, 7);
    assertThat(sink.requests).hasSize(1);
    assertThat(new String(sink.requests.get(0), UTF_8)).isEqualTo("SWpushpull");
    assertThat(inner.stats.dropsByReason().values().stream().mapToLong(Long::longValue).sum())
        .as("only the truncated input dropped")
        .isEqualTo(1);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = SecureTransportFuzzTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  @FuzzTest(maxDuration = "1m")
  void openDatagram(byte[] data) throws Exception {
    Sink sink = new Sink();
    CapturingTransport inner = open(sink);
    inner.handler.onDatagram(PEER, data);
    // random bytes essentially never authenticate under AES-GCM; anything that does must have
    // been sealed with our key (the saved inputs include such packets)
    for (byte[] d : sink.datagrams) {
      assertThat(d.length).isEqualTo(data.length - SecureTransport.OVERHEAD);
    }
  }

  @FuzzTest(maxDuration = "1m")
  void openStreamRequest(byte[] data) throws Exception {
    Sink sink = new Sink();
    CapturingTransport inner = open(sink);
    CompletableFuture<byte[]> response = inner.handler.onStreamRequest(PEER, data);
    if (sink.requests.isEmpty()) {
      assertThat(response == null || response.isDone()).isTrue();
    }
  }
}
