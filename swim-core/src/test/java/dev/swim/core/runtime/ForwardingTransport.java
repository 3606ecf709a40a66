package dev.swim.core.runtime;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.Transport;
import dev.swim.core.transport.TransportHandler;
import dev.swim.core.transport.TransportStats;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A transport that hands every call to another one: tests override what they break or record. */
class ForwardingTransport implements Transport {
  private final Transport inner;

  ForwardingTransport(Transport inner) {
    this.inner = inner;
  }

  @Override
  public void start(TransportHandler handler) throws IOException {
    inner.start(handler);
  }

  @Override
  public NodeAddress boundAddress() {
    return inner.boundAddress();
  }

  @Override
  public void sendDatagram(NodeAddress to, byte[] packet) {
    inner.sendDatagram(to, packet);
  }

  @Override
  public CompletableFuture<byte[]> request(NodeAddress to, byte[] request, Duration timeout) {
    return inner.request(to, request, timeout);
  }

  @Override
  public TransportStats stats() {
    return inner.stats();
  }

  @Override
  public void close() {
    inner.close();
  }
}
