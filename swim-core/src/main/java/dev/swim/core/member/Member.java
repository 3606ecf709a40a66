package dev.swim.core.member;

import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of one member as the local node sees it.
 *
 * @param name the member's unique name in the cluster
 * @param address where the member receives gossip
 * @param state ALIVE, SUSPECT, DEAD or LEFT
 * @param incarnation the member's incarnation number; only the member itself raises it
 * @param metadata the member's string metadata (immutable)
 * @param startId a random id chosen at every start of the member's process; tells a restart apart
 * @param since when this node last saw the state change, in the node's clock (milliseconds)
 */
public record Member(
    String name,
    NodeAddress address,
    MemberState state,
    long incarnation,
    Map<String, String> metadata,
    long startId,
    long since) {

  /** Copies the metadata into an immutable map. */
  public Member {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(state, "state");
    metadata = Map.copyOf(metadata);
  }
}
