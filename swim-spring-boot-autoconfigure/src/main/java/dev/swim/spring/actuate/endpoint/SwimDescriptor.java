package dev.swim.spring.actuate.endpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The {@code /actuator/swim} document.
 *
 * @param local this node as the cluster sees it; null until the node has started
 * @param members every member this node knows, itself and tombstones (DEAD, LEFT) included, sorted
 *     by name
 * @param counts the members by state
 * @param health this node's lifecycle and Lifeguard local health
 * @param conflicts claims that moved a live member to another address while it still answered at
 *     its held address: the member kept its address (0 until the node has started). A rising count
 *     means a member is being impersonated, or two processes share a name
 * @param rejected well-formed messages (or parts of one) the protocol refused, by reason
 *     ("implausible-incarnation", "other-instance", "oversized", "invalid-name", "invalid-address",
 *     "member-limit", "state-too-large", "relay-limit", "reply-budget", "check-limit"); every
 *     reason is present, 0 until the node has started
 * @param loopErrors exceptions the node caught while handling a timer or a message, carrying on
 *     after each (JSON {@code loop_errors}; the first of each minute is logged with its stack)
 * @param settings the settings in effect (no key material)
 */
public record SwimDescriptor(
    @Nullable MemberDescriptor local,
    List<MemberDescriptor> members,
    MemberCounts counts,
    LocalHealthDescriptor health,
    long conflicts,
    Map<String, Long> rejected,
    @JsonProperty("loop_errors") long loopErrors,
    Map<String, Object> settings)
    implements OperationResponseBody {}
