package dev.swim.core.transport;

import dev.swim.core.member.NodeAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Records what a transport delivers, accepts datagrams as authentic by a chosen rule (all of them
 * unless told otherwise) and answers stream requests with a chosen function.
 */
public class RecordingHandler implements TransportHandler {

  /** One delivered datagram or request. */
  @SuppressWarnings("ArrayRecordComponent") // bytes are carried, never compared
  public record Received(NodeAddress from, byte[] data) {
    /** The bytes as UTF-8 text. */
    public String text() {
      return new String(data, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** Datagrams delivered so far, in order. */
  public final List<Received> datagrams = new CopyOnWriteArrayList<>();

  /** Stream requests delivered so far, in order. */
  public final List<Received> requests = new CopyOnWriteArrayList<>();

  private volatile BiFunction<NodeAddress, byte[], CompletableFuture<byte[]>> answer =
      (from, request) -> CompletableFuture.completedFuture(concat("re:", request));

  private volatile Predicate<byte[]> accept = data -> true;

  /** Accepts (as authentic) only the datagrams that {@code rule} holds for, from now on. */
  public RecordingHandler accepting(Predicate<byte[]> rule) {
    this.accept = rule;
    return this;
  }

  /** Answers requests with {@code fn} from now on. */
  public RecordingHandler answering(BiFunction<NodeAddress, byte[], CompletableFuture<byte[]>> fn) {
    this.answer = fn;
    return this;
  }

  @Override
  public boolean onDatagram(NodeAddress from, byte[] data) {
    datagrams.add(new Received(from, data));
    return accept.test(data);
  }

  @Override
  public CompletableFuture<byte[]> onStreamRequest(NodeAddress from, byte[] request) {
    requests.add(new Received(from, request));
    return answer.apply(from, request);
  }

  /** The texts of the datagrams delivered so far. */
  public List<String> datagramTexts() {
    return datagrams.stream().map(Received::text).toList();
  }

  /** {@code prefix} (UTF-8) followed by {@code bytes}. */
  public static byte[] concat(String prefix, byte[] bytes) {
    byte[] p = prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] out = new byte[p.length + bytes.length];
    System.arraycopy(p, 0, out, 0, p.length);
    System.arraycopy(bytes, 0, out, p.length, bytes.length);
    return out;
  }
}
