package dev.swim.spring.discovery;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.runtime.Gossiper;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The service instances in the Gossiper's current membership view, shared by the blocking and the
 * reactive discovery clients. Reads an immutable snapshot: no lock, no I/O, cheap to call on every
 * request.
 *
 * <p>Listed: ALIVE members, and SUSPECT ones unless {@code swim.discovery.include-suspect} is
 * false; never DEAD or LEFT ones. This node is listed too, once it advertises its HTTP port.
 */
public class SwimServiceInstances {

  private final Gossiper gossiper;
  private final boolean includeSuspect;

  /**
   * Creates the view.
   *
   * @param gossiper the Gossiper whose members to list
   * @param includeSuspect whether SUSPECT members are listed
   */
  public SwimServiceInstances(Gossiper gossiper, boolean includeSuspect) {
    this.gossiper = gossiper;
    this.includeSuspect = includeSuspect;
  }

  /**
   * The listed instances of {@code serviceId} (compared ignoring case), sorted by instance id.
   *
   * @param serviceId the service id
   * @return the instances, possibly none
   */
  public List<SwimServiceInstance> getInstances(String serviceId) {
    List<SwimServiceInstance> out = new ArrayList<>();
    for (Member m : gossiper.members()) {
      if (listed(m.state())) {
        SwimServiceInstance.of(m)
            .filter(i -> i.serviceId().equalsIgnoreCase(serviceId))
            .ifPresent(out::add);
      }
    }
    return out;
  }

  /** The service ids of the listed instances, sorted. */
  public List<String> getServices() {
    TreeSet<String> ids = new TreeSet<>();
    for (Member m : gossiper.members()) {
      if (listed(m.state())) {
        SwimServiceInstance.of(m).ifPresent(i -> ids.add(i.serviceId()));
      }
    }
    return List.copyOf(ids);
  }

  private boolean listed(MemberState state) {
    return state == MemberState.ALIVE || (includeSuspect && state == MemberState.SUSPECT);
  }
}
