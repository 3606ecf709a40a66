package dev.swim.spring.discovery;

import java.util.Set;

/**
 * Told by {@link SwimServiceInstanceChanges} when the listed instances of some services changed.
 * Called on the thread that saw the change (the Gossiper's event thread for peers, the caller of
 * the service registry for this node): keep it short.
 */
@FunctionalInterface
public interface SwimServiceInstancesListener {

  /**
   * Some instance of each of {@code serviceIds} appeared, disappeared, or changed its endpoint,
   * metadata or status.
   *
   * @param serviceIds the changed service ids, lower case (service ids match ignoring case)
   */
  void onInstancesChanged(Set<String> serviceIds);
}
