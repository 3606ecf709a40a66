package dev.swim.spring.actuate.endpoint;

import dev.swim.core.crypto.Keyring;
import dev.swim.core.member.Member;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.runtime.GossiperState;
import dev.swim.core.runtime.GossiperStats;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
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
    GossiperState state = gossiper.state();
    boolean started = state != GossiperState.CREATED;
    List<Member> members = gossiper.members();
    GossiperConfig config = gossiper.config();
    GossiperStats stats = started ? gossiper.statsSnapshot() : null;
    LocalHealthDescriptor health =
        new LocalHealthDescriptor(
            state.name(),
            stats != null ? stats.healthScore() : 0,
            config.protocol().awarenessMaxMultiplier() - 1);
    int keyCount = gossiper.keyring().map(Keyring::size).orElse(0);
    return new SwimDescriptor(
        started ? MemberDescriptor.of(gossiper.localMember()) : null,
        members.stream().map(MemberDescriptor::of).toList(),
        MemberCounts.of(members),
        health,
        stats != null ? stats.conflicts() : 0,
        rejected(stats),
        stats != null ? stats.loopErrors() : 0,
        SettingsDescriptor.of(config, keyCount));
  }

  /** Every rejection reason in the core's order, 0 when not counted (or not started). */
  private static Map<String, Long> rejected(@Nullable GossiperStats stats) {
    Map<String, Long> counted = stats != null ? stats.rejected() : Map.of();
    Map<String, Long> m = new LinkedHashMap<>();
    for (String reason : GossiperStats.REJECTION_REASONS) {
      m.put(reason, 0L);
    }
    m.putAll(counted);
    return Collections.unmodifiableMap(m);
  }

  /**
   * One member.
   *
   * @param name the member's name
   * @return the member, or {@code null} (404) when this node does not know it
   */
  @ReadOperation
  public @Nullable MemberDescriptor member(@Selector String name) {
    return gossiper.member(name).map(MemberDescriptor::of).orElse(null);
  }
}
