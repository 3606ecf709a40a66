package dev.swim.spring.discovery;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.runtime.Gossiper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The service instances in the Gossiper's current membership view, shared by the blocking and the
 * reactive discovery clients and the load balancer. Reads an immutable snapshot: no lock, no I/O,
 * cheap to call on every request.
 *
 * <p>Listed: ALIVE members, and SUSPECT ones unless {@code swim.discovery.include-suspect} is
 * false, never DEAD or LEFT ones; of those, only the ones whose {@link SwimInstanceStatus} is
 * {@code UP}, unless {@code swim.discovery.include-not-ready} is true. This node is listed too,
 * once it advertises its HTTP port (and is UP).
 */
public class SwimServiceInstances {

  private final Gossiper gossiper;
  private final boolean includeSuspect;
  private final boolean includeNotReady;

  /**
   * Creates the view.
   *
   * @param gossiper the Gossiper whose members to list
   * @param includeSuspect whether SUSPECT members are listed
   * @param includeNotReady whether members whose status is not UP are listed
   */
  public SwimServiceInstances(Gossiper gossiper, boolean includeSuspect, boolean includeNotReady) {
    this.gossiper = gossiper;
    this.includeSuspect = includeSuspect;
    this.includeNotReady = includeNotReady;
  }

  /**
   * The form in which discovery compares service ids everywhere: lower case ({@link Locale#ROOT}),
   * so that {@code Orders} and {@code orders} are one service.
   *
   * @param serviceId a service id
   * @return its key
   */
  public static String serviceKey(String serviceId) {
    return serviceId.toLowerCase(Locale.ROOT);
  }

  /**
   * The listed instances of {@code serviceId} (compared by {@link #serviceKey}), sorted by instance
   * id.
   *
   * @param serviceId the service id
   * @return the instances, possibly none
   */
  public List<SwimServiceInstance> getInstances(String serviceId) {
    String key = serviceKey(serviceId);
    List<SwimServiceInstance> out = new ArrayList<>();
    for (Member m : gossiper.members()) {
      listed(m).filter(i -> serviceKey(i.serviceId()).equals(key)).ifPresent(out::add);
    }
    return out;
  }

  /** The service ids of the listed instances, sorted. */
  public List<String> getServices() {
    TreeSet<String> ids = new TreeSet<>();
    for (Member m : gossiper.members()) {
      listed(m).ifPresent(i -> ids.add(i.serviceId()));
    }
    return List.copyOf(ids);
  }

  /**
   * The instance {@code member} is listed as, or empty when it is not listed: not a service
   * instance, in a state or with a status this view leaves out.
   *
   * @param member a member snapshot
   * @return the instance, or empty
   */
  public Optional<SwimServiceInstance> listed(Member member) {
    if (!listed(member.state())) {
      return Optional.empty();
    }
    return SwimServiceInstance.of(member).filter(i -> includeNotReady || i.isUp());
  }

  private boolean listed(MemberState state) {
    return state == MemberState.ALIVE || (includeSuspect && state == MemberState.SUSPECT);
  }
}
