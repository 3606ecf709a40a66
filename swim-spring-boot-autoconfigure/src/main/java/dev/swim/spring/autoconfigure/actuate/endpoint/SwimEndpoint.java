package dev.swim.spring.autoconfigure.actuate.endpoint;

import dev.swim.core.member.Member;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/swim}: this node, every member it knows, counts by state, its own health and the
 * settings in effect. {@code /actuator/swim/{name}} returns one member, or 404 for an unknown name.
 *
 * <p>Read-only, and never shows key material. Expose it with {@code
 * management.endpoints.web.exposure.include=health,swim}.
 */
@Endpoint(id = "swim")
public class SwimEndpoint {

  private final Gossiper gossiper;

  /**
   * Creates the endpoint.
   *
   * @param gossiper the Gossiper to describe
   */
  public SwimEndpoint(Gossiper gossiper) {
    this.gossiper = gossiper;
  }

  /** The whole document. */
  @ReadOperation
  public SwimDescriptor swim() {
    List<Member> members = gossiper.members();
    GossiperConfig config = gossiper.config();
    LocalHealthDescriptor health =
        new LocalHealthDescriptor(
            gossiper.state().name(),
            gossiper.stats().healthScore(),
            config.protocol().awarenessMaxMultiplier() - 1);
    return new SwimDescriptor(
        MemberDescriptor.of(gossiper.localMember()),
        members.stream().map(MemberDescriptor::of).toList(),
        MemberCounts.of(members),
        health,
        SettingsDescriptor.of(config));
  }

  /**
   * One member.
   *
   * @param name the member's name
   * @return the member, or {@code null} (404) when this node does not know it
   */
  @ReadOperation
  public MemberDescriptor member(@Selector String name) {
    return gossiper.member(name).map(MemberDescriptor::of).orElse(null);
  }
}
