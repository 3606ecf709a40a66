package dev.swim.bench;

import java.util.Set;

/**
 * One membership implementation under the cluster scenario: N nodes on loopback, node {@code i} on
 * port {@code basePort + i} (ours on address 127.0.x.y of its own, scalecube's on 127.0.0.1), every
 * node after the first joining through node 0 only. Node indexes run from 0 to N-1.
 */
interface ClusterHarness extends AutoCloseable {

  /** The {@code impl} field of the output line. */
  String impl();

  /** The implementation's version. */
  String version();

  /** The LAN defaults in use, as a JSON object with the scenario's field names. */
  String configJson();

  /**
   * Starts node {@code index}; for {@code index > 0} this is also its join call through node 0. May
   * block while the implementation joins (scalecube's start does).
   */
  void start(int index) throws Exception;

  /** Whether node {@code observer} sees all {@code n} members (itself included) alive. */
  boolean seesAllAlive(int observer, int n);

  /** Whether node {@code observer} considers node {@code target} failed (dead or removed). */
  boolean considersFailed(int observer, int target);

  /**
   * Adds the names of members that some running node currently considers failed (dead or removed)
   * or that the implementation reported failed since the last call. Skips {@code crashed} nodes as
   * observers.
   */
  void collectFailed(Set<String> into, Set<Integer> crashed);

  /** Stops node {@code index} abruptly: its sockets close, no leave message is sent. */
  void crash(int index);

  /** Whether every node {@code 0..n-1} sees all {@code n} members alive. */
  default boolean allSeeAllAlive(int n) {
    for (int i = 0; i < n; i++) {
      if (!seesAllAlive(i, n)) {
        return false;
      }
    }
    return true;
  }

  /** Those of the {@code observers} that consider node {@code target} failed. */
  default Set<Integer> consideringFailed(int target, Set<Integer> observers) {
    Set<Integer> out = new java.util.HashSet<>();
    for (int i : observers) {
      if (considersFailed(i, target)) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * Crashes node {@code index} and starts a new instance of it, same name and port, joining through
   * node 0 (the soak's churn).
   */
  default void restart(int index) throws Exception {
    throw new UnsupportedOperationException(impl() + " cannot restart a node");
  }

  /**
   * Sets node {@code index}'s {@code status} metadata entry (as the Spring layer gossips an
   * instance's readiness), or returns false when the implementation cannot.
   */
  default boolean setStatus(int index, String status) {
    return false;
  }

  /** Whether every running node other than {@code index} sees its {@code status} entry. */
  default boolean allSeeStatus(int index, String status) {
    return false;
  }

  /** What the processes running the nodes measure about themselves (CPU, memory, allocation). */
  default ProcessFigures figures() {
    return ProcessFigures.ofThisProcess();
  }

  /** Memory held (see {@link ProcessProbe#heldBytes}) above each process's own baseline. */
  default long heldBytesAboveBaseline(long baselineOfThisProcess) {
    return ProcessProbe.heldBytes() - baselineOfThisProcess;
  }

  /** Called just before the steady window opens (outside the measured interval). */
  default void beginSteady() {}

  /** Called just after the steady window closes (outside the measured interval). */
  default void endSteady() {}

  /** Extra figures over the steady window (a JSON object), or {@code null}. */
  default String extrasJson() {
    return null;
  }

  /** Stops every node still running. */
  @Override
  void close();
}
