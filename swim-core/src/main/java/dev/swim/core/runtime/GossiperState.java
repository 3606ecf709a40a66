package dev.swim.core.runtime;

/** The local node's lifecycle, as health checks report it. */
public enum GossiperState {
  /** Built, not started. */
  CREATED,
  /** Bound; trying to reach a seed (or no seed reached yet). */
  JOINING,
  /** Member of a cluster (joined, or started with no seeds). */
  RUNNING,
  /** Broadcasting its leave. */
  LEAVING,
  /** Left the cluster; still bound until closed. */
  LEFT,
  /** Closed. */
  STOPPED
}
