package dev.swim.core.settings;

import java.util.List;

/**
 * The Spring Boot starter's own switches: not settings of a member, but {@code swim.*} properties
 * all the same, declared once here so that whatever reads them (the starter binds them, the
 * simulator's {@code --config} skips them) and the configuration metadata and reference derive from
 * the one declaration.
 */
public final class StarterSettings {
  private StarterSettings() {}

  /** The name of {@link #ENABLED}, for the conditions that need a constant. */
  public static final String ENABLED_PROPERTY = "swim.enabled";

  /** The name of {@link #EVENTS_ENABLED}, for the conditions that need a constant. */
  public static final String EVENTS_ENABLED_PROPERTY = "swim.events.enabled";

  /** The name of {@link #METRICS_ENABLED}, for the conditions that need a constant. */
  public static final String METRICS_ENABLED_PROPERTY = "swim.metrics.enabled";

  /** Whether the application runs a SWIM member at all. */
  public static final Setting<Boolean> ENABLED =
      Setting.<Boolean>declare(
              ENABLED_PROPERTY,
              Setting.Type.BOOLEAN,
              "Whether to run a SWIM member in this application; false turns off the Gossiper, its"
                  + " lifecycle, events, endpoint, health indicator and metrics.")
          .byDefault(true)
          .build();

  /** Whether the Gossiper starts with the application context. */
  public static final Setting<Boolean> AUTO_STARTUP =
      Setting.<Boolean>declare(
              "swim.auto-startup",
              Setting.Type.BOOLEAN,
              "Whether the Gossiper starts (binds its port and joins the seeds) when the"
                  + " application context starts; when false, start the SwimGossiperLifecycle bean"
                  + " yourself.")
          .byDefault(true)
          .build();

  /** Whether startup fails when a seed host name does not resolve. */
  public static final Setting<Boolean> JOIN_VALIDATE_SEEDS =
      Setting.<Boolean>declare(
              "swim.join.validate-seeds",
              Setting.Type.BOOLEAN,
              "Whether startup fails when a seed host name cannot be resolved; turn it off when"
                  + " seed names appear only after this node starts, such as a Kubernetes headless"
                  + " service with no ready pod yet.")
          .byDefault(true)
          .build();

  /** Whether membership changes and user events are published as application events. */
  public static final Setting<Boolean> EVENTS_ENABLED =
      Setting.<Boolean>declare(
              EVENTS_ENABLED_PROPERTY,
              Setting.Type.BOOLEAN,
              "Whether membership changes and user events are published as Spring application"
                  + " events.")
          .byDefault(true)
          .build();

  /** Whether the swim.* meters are registered. */
  public static final Setting<Boolean> METRICS_ENABLED =
      Setting.<Boolean>declare(
              METRICS_ENABLED_PROPERTY,
              Setting.Type.BOOLEAN,
              "Whether to register the swim.* meters when a MeterRegistry is present.")
          .byDefault(true)
          .build();

  /** Every switch above. */
  public static final List<Setting<?>> ALL =
      List.of(ENABLED, AUTO_STARTUP, JOIN_VALIDATE_SEEDS, EVENTS_ENABLED, METRICS_ENABLED);
}
