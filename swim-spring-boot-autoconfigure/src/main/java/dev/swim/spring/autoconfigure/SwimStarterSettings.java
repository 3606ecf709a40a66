package dev.swim.spring.autoconfigure;

import dev.swim.core.settings.Setting;
import java.util.List;

/**
 * The starter's own switches, declared like the member's settings in {@code SwimSettings} so that
 * the binding, the configuration metadata and the configuration reference derive from them too.
 */
public final class SwimStarterSettings {
  private SwimStarterSettings() {}

  /** Whether the application runs a SWIM member at all. */
  public static final Setting<Boolean> ENABLED =
      Setting.<Boolean>declare(
              "swim.enabled",
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
              "swim.events.enabled",
              Setting.Type.BOOLEAN,
              "Whether membership changes and user events are published as Spring application"
                  + " events.")
          .byDefault(true)
          .build();

  /** Whether the swim.* meters are registered. */
  public static final Setting<Boolean> METRICS_ENABLED =
      Setting.<Boolean>declare(
              "swim.metrics.enabled",
              Setting.Type.BOOLEAN,
              "Whether to register the swim.* meters when a MeterRegistry is present.")
          .byDefault(true)
          .build();

  /** Every switch above. */
  public static final List<Setting<?>> ALL =
      List.of(ENABLED, AUTO_STARTUP, JOIN_VALIDATE_SEEDS, EVENTS_ENABLED, METRICS_ENABLED);
}
