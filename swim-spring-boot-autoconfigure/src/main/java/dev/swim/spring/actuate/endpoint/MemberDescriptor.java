package dev.swim.spring.actuate.endpoint;

import dev.swim.core.member.Member;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * One member as {@code /actuator/swim} shows it.
 *
 * @param name the member's unique name
 * @param address where it receives gossip, as host:port
 * @param state ALIVE, SUSPECT, DEAD or LEFT
 * @param incarnation its incarnation number (only the member itself raises it)
 * @param metadata its string metadata, sorted by key
 * @param since when this node saw the state change, as an ISO-8601 instant
 */
public record MemberDescriptor(
    String name,
    String address,
    String state,
    long incarnation,
    Map<String, String> metadata,
    String since)
    implements OperationResponseBody {

  /** The descriptor of {@code member}. */
  public static MemberDescriptor of(Member member) {
    return new MemberDescriptor(
        member.name(),
        member.address().toString(),
        member.state().name(),
        member.incarnation(),
        new TreeMap<>(member.metadata()),
        Instant.ofEpochMilli(member.since()).toString());
  }
}
