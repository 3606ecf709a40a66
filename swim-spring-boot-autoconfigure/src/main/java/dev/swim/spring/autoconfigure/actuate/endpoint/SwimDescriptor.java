package dev.swim.spring.autoconfigure.actuate.endpoint;

import java.util.List;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The {@code /actuator/swim} document.
 *
 * @param local this node as the cluster sees it; null until the node has started
 * @param members every member this node knows, itself and tombstones (DEAD, LEFT) included, sorted
 *     by name
 * @param counts the members by state
 * @param health this node's lifecycle and Lifeguard local health
 * @param settings the settings in effect (no key material)
 */
public record SwimDescriptor(
    MemberDescriptor local,
    List<MemberDescriptor> members,
    MemberCounts counts,
    LocalHealthDescriptor health,
    SettingsDescriptor settings)
    implements OperationResponseBody {}
