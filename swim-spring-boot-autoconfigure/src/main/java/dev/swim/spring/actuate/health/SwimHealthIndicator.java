package dev.swim.spring.actuate.health;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperState;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code swim} in {@code /actuator/health}: whether this node is a working member of its cluster.
 *
 * <table>
 *   <caption>Status by lifecycle</caption>
 *   <tr><th>lifecycle</th><th>status</th><th>why</th></tr>
 *   <tr><td>CREATED</td><td>UNKNOWN</td><td>not started yet (or swim.auto-startup=false)</td></tr>
 *   <tr><td>JOINING</td><td>OUT_OF_SERVICE</td><td>bound, but no seed has answered yet; the node
 *       keeps retrying with backoff</td></tr>
 *   <tr><td>RUNNING</td><td>UP</td><td>a member of a cluster (joined, or started without
 *       seeds)</td></tr>
 *   <tr><td>LEAVING, LEFT</td><td>OUT_OF_SERVICE</td><td>shutting down on purpose</td></tr>
 *   <tr><td>STOPPED</td><td>DOWN</td><td>closed: no longer gossiping</td></tr>
 * </table>
 *
 * <p>Details: {@code state} (the lifecycle), {@code membersAlive} (ALIVE members this node knows,
 * itself included) and {@code healthScore} (Lifeguard local health, 0 = healthy).
 *
 * <p>Keep it out of the liveness group: a network partition must not get the process restarted. Add
 * it to the readiness group ({@code management.endpoint.health.group.readiness.include}) if a node
 * should take traffic only once it has joined.
 */
public class SwimHealthIndicator extends AbstractHealthIndicator {

  private final Gossiper gossiper;

  /**
   * Creates the indicator.
   *
   * @param gossiper the Gossiper to report on
   */
  public SwimHealthIndicator(Gossiper gossiper) {
    super("SWIM health check failed");
    this.gossiper = gossiper;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    GossiperState state = gossiper.state();
    long alive =
        gossiper.members().stream().map(Member::state).filter(MemberState.ALIVE::equals).count();
    int healthScore = state == GossiperState.CREATED ? 0 : gossiper.statsSnapshot().healthScore();
    builder
        .status(status(state))
        .withDetail("state", state.name())
        .withDetail("membersAlive", alive)
        .withDetail("healthScore", healthScore);
  }

  /** The health status of a node in {@code state}. */
  static Status status(GossiperState state) {
    return switch (state) {
      case CREATED -> Status.UNKNOWN;
      case JOINING, LEAVING, LEFT -> Status.OUT_OF_SERVICE;
      case RUNNING -> Status.UP;
      case STOPPED -> Status.DOWN;
    };
  }
}
