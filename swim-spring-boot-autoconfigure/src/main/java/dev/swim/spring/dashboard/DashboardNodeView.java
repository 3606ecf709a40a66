package dev.swim.spring.dashboard;

import dev.swim.core.crypto.Keyring;
import dev.swim.core.member.Member;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.runtime.GossiperState;
import dev.swim.core.runtime.GossiperStats;
import dev.swim.core.settings.SwimSettings;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * This node as the dashboard's header shows it. No key material: whether packets are encrypted, how
 * many keys the keyring holds and each key's fingerprint, cut to its first 8 hex digits.
 *
 * @param name this node's name
 * @param address the address other members reach it at, or null before it has started
 * @param lifecycle CREATED, JOINING, RUNNING, LEAVING, LEFT or STOPPED
 * @param state its member state as it sees itself (ALIVE, or LEFT once it has left), or null before
 *     it has started
 * @param incarnation its incarnation number (raised each time it refutes a suspicion)
 * @param healthScore Lifeguard local health score: 0 is healthy
 * @param maxHealthScore the highest score (swim.awareness-max-multiplier - 1)
 * @param startedAt when this process started, in epoch milliseconds (the page shows the uptime)
 * @param encryption whether gossip is encrypted
 * @param keyCount how many keys the keyring holds
 * @param keyFingerprints the first 8 hex digits of the SHA-256 of each key, primary first
 * @param clusterLabel the cluster label (empty when none)
 * @param profile the timing profile: lan, wan or local
 */
public record DashboardNodeView(
    String name,
    @Nullable String address,
    String lifecycle,
    @Nullable String state,
    long incarnation,
    int healthScore,
    int maxHealthScore,
    long startedAt,
    boolean encryption,
    int keyCount,
    List<String> keyFingerprints,
    String clusterLabel,
    String profile) {

  /** The longest key fingerprint shown, in hex digits. */
  public static final int FINGERPRINT_DIGITS = 8;

  /** Copies the fingerprints, each cut to {@link #FINGERPRINT_DIGITS} characters. */
  public DashboardNodeView {
    List<String> cut = new ArrayList<>(keyFingerprints.size());
    for (String f : keyFingerprints) {
      cut.add(f.length() > FINGERPRINT_DIGITS ? f.substring(0, FINGERPRINT_DIGITS) : f);
    }
    keyFingerprints = List.copyOf(cut);
  }

  /**
   * The view of {@code gossiper}'s own node.
   *
   * @param gossiper the Gossiper
   * @param stats its latest published counters
   * @param startedAt when the process started, in epoch milliseconds
   * @return the view
   */
  public static DashboardNodeView of(Gossiper gossiper, GossiperStats stats, long startedAt) {
    GossiperConfig config = gossiper.config();
    GossiperState lifecycle = gossiper.state();
    Member local = localMember(gossiper, lifecycle);
    Keyring keyring = gossiper.keyring().orElse(null);
    return new DashboardNodeView(
        config.nodeName(),
        local != null ? local.address().toString() : null,
        lifecycle.name(),
        local != null ? local.state().name() : null,
        local != null ? local.incarnation() : 0,
        stats.healthScore(),
        config.protocol().awarenessMaxMultiplier() - 1,
        startedAt,
        config.encryptionEnabled(),
        keyring != null ? keyring.size() : 0,
        keyring != null ? keyring.fingerprints() : List.of(),
        config.clusterLabel(),
        config.get(SwimSettings.PROFILE).value());
  }

  private static @Nullable Member localMember(Gossiper gossiper, GossiperState lifecycle) {
    if (lifecycle == GossiperState.CREATED) {
      return null;
    }
    try {
      return gossiper.localMember();
    } catch (IllegalStateException startingRightNow) {
      return null;
    }
  }

  /** This view as a JSON object. */
  public String toJson() {
    Json json = new Json();
    write(json);
    return json.toString();
  }

  void write(Json json) {
    json.beginObject()
        .field("name", name)
        .field("address", address)
        .field("lifecycle", lifecycle)
        .field("state", state)
        .field("incarnation", incarnation)
        .field("healthScore", healthScore)
        .field("maxHealthScore", maxHealthScore)
        .field("startedAt", startedAt)
        .field("encryption", encryption)
        .field("keyCount", keyCount)
        .name("keyFingerprints")
        .beginArray();
    keyFingerprints.forEach(json::value);
    json.endArray().field("clusterLabel", clusterLabel).field("profile", profile).endObject();
  }
}
