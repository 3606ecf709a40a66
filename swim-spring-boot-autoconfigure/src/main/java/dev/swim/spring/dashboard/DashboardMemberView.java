package dev.swim.spring.dashboard;

import dev.swim.core.member.Member;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One member as the dashboard shows it. Every string here may come from the network; it travels as
 * JSON data and the page renders it as text.
 *
 * @param name the member's unique name
 * @param address where it receives gossip, as host:port
 * @param state ALIVE, SUSPECT, DEAD or LEFT
 * @param incarnation its incarnation number
 * @param since when this node saw its state change, in epoch milliseconds
 * @param local whether it is this node
 * @param rttMs the round-trip time to it in milliseconds, or null where not known (the core
 *     measures probe round trips for the node as a whole, not per member)
 * @param metadata its string metadata, sorted by key
 */
public record DashboardMemberView(
    String name,
    String address,
    String state,
    long incarnation,
    long since,
    boolean local,
    @Nullable Double rttMs,
    Map<String, String> metadata) {

  /** Copies the metadata, sorted. */
  public DashboardMemberView {
    metadata = new TreeMap<>(metadata);
  }

  /**
   * The view of {@code member}.
   *
   * @param member the member
   * @param localName this node's name
   * @return the view
   */
  public static DashboardMemberView of(Member member, String localName) {
    return new DashboardMemberView(
        member.name(),
        member.address().toString(),
        member.state().name(),
        member.incarnation(),
        member.since(),
        member.name().equals(localName),
        null,
        member.metadata());
  }

  /** This view as a JSON object. */
  public String toJson() {
    Json json = new Json(128 + metadata.size() * 32);
    write(json);
    return json.toString();
  }

  void write(Json json) {
    json.beginObject()
        .field("name", name)
        .field("address", address)
        .field("state", state)
        .field("incarnation", incarnation)
        .field("since", since)
        .field("local", local)
        .field("rttMs", rttMs)
        .stringMap("metadata", metadata)
        .endObject();
  }
}
