package dev.swim.core.protocol;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.wire.NameCache;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The one door a simulator has into a node that a real member never uses: nodes of one simulated
 * cluster share identical member records and queued updates through an {@link Interner}, so that
 * thousands of nodes fit in one heap. Only the swim-simulator module uses it (an architecture test
 * keeps the runtime and the starter away from it).
 */
public final class SimulationSeam {
  private SimulationSeam() {}

  /** Shares identical {@link MemberInfo} objects and encoded updates across the nodes of a run. */
  @FunctionalInterface
  public interface Interner {
    /** Returns a canonical instance equal to {@code info}. */
    MemberInfo intern(MemberInfo info);

    /**
     * Returns a canonical array with the same content as {@code encoded}, an update about to be
     * queued for gossip; the default keeps the array as it is. The node never modifies it.
     */
    default byte[] internEncoded(byte[] encoded) {
      return encoded;
    }

    /** A name cache all the nodes of the run share, or null for one per node. */
    default NameCache names() {
      return null;
    }
  }

  /** A node like {@link SwimNode}'s public constructor makes, sharing through {@code interner}. */
  public static SwimNode node(
      SwimConfig config,
      String clusterLabel,
      String name,
      NodeAddress address,
      Map<String, String> metadata,
      long startId,
      RandomGenerator random,
      Outbox outbox,
      Interner interner) {
    return new SwimNode(
        config, clusterLabel, name, address, metadata, startId, random, outbox, interner);
  }
}
