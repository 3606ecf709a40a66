package dev.swim.core.runtime;

import dev.swim.core.member.Member;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The public entry point: one member of a SWIM cluster. Build it from a {@link GossiperConfig},
 * {@link #start()} it, {@link #join(List)} seeds, read {@link #members()}, and {@link
 * #leave(Duration)} then {@link #close()}.
 *
 * <p>Thread-safe. Reads ({@link #members()}, {@link #localMember()}) return immutable snapshots and
 * never block. Listeners run in order on a dedicated thread and may call any method.
 */
public final class Gossiper implements AutoCloseable {

  /** A Gossiper on the default transport (UDP + TCP, or TCP-only; AES-GCM when keys are set). */
  public static Gossiper create(GossiperConfig config) {
    throw new UnsupportedOperationException("in progress");
  }

  /**
   * A Gossiper on a caller-supplied transport. When the config has encryption keys the transport
   * is wrapped in AES-GCM all the same.
   */
  public static Gossiper create(GossiperConfig config, Transport transport) {
    throw new UnsupportedOperationException("in progress");
  }

  private Gossiper() {}

  /** Binds the transport and starts the protocol; with seeds configured, starts joining them. */
  public void start() throws IOException {
    throw new UnsupportedOperationException("in progress");
  }

  /** Joins through {@code seeds} ({@code host[:port]}) in the background, retrying with backoff. */
  public void join(List<String> seeds) {
    throw new UnsupportedOperationException("in progress");
  }

  /**
   * Leaves gracefully: broadcasts LEFT and waits until it has gone out, at most {@code timeout}.
   *
   * @return true if the leave was fully disseminated before the timeout
   */
  public boolean leave(Duration timeout) {
    throw new UnsupportedOperationException("in progress");
  }

  /** Stops the protocol and releases the sockets, without a leave. Idempotent. */
  @Override
  public void close() {
    throw new UnsupportedOperationException("in progress");
  }

  /** Where the node is in its lifecycle. */
  public GossiperState state() {
    throw new UnsupportedOperationException("in progress");
  }

  /** The address other members reach this node at (after {@link #start()}). */
  public NodeAddress localAddress() {
    throw new UnsupportedOperationException("in progress");
  }

  /** This node as the cluster sees it. */
  public Member localMember() {
    throw new UnsupportedOperationException("in progress");
  }

  /** Every known member including this one and tombstones (DEAD, LEFT), sorted by name. */
  public List<Member> members() {
    throw new UnsupportedOperationException("in progress");
  }

  /** One member by name. */
  public Optional<Member> member(String name) {
    throw new UnsupportedOperationException("in progress");
  }

  /**
   * Replaces this node's metadata and gossips it.
   *
   * @throws IllegalArgumentException when the encoded metadata exceeds the configured limit (the
   *     message names the limit)
   */
  public void updateMetadata(Map<String, String> metadata) {
    throw new UnsupportedOperationException("in progress");
  }

  /**
   * Broadcasts a user event to every member, at most once each.
   *
   * @throws IllegalArgumentException when the payload exceeds the configured limit
   */
  public void broadcast(String name, byte[] payload) {
    throw new UnsupportedOperationException("in progress");
  }

  /** Adds a listener of membership events. */
  public void addListener(MembershipListener listener) {
    throw new UnsupportedOperationException("in progress");
  }

  /** Removes a listener. */
  public void removeListener(MembershipListener listener) {
    throw new UnsupportedOperationException("in progress");
  }

  /** Adds a listener of user events. */
  public void addUserEventListener(UserEventListener listener) {
    throw new UnsupportedOperationException("in progress");
  }

  /** A copy of the counters. */
  public GossiperStats stats() {
    throw new UnsupportedOperationException("in progress");
  }

  /** The configuration (key material is never printed by its toString). */
  public GossiperConfig config() {
    throw new UnsupportedOperationException("in progress");
  }
}
