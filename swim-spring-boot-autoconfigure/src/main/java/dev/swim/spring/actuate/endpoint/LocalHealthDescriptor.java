package dev.swim.spring.actuate.endpoint;

/**
 * This node's own condition.
 *
 * @param lifecycle where the node is in its lifecycle: CREATED, JOINING, RUNNING, LEAVING, LEFT or
 *     STOPPED
 * @param score Lifeguard local health score: 0 is healthy; higher means this node has been missing
 *     acks (it is slow or its network is), and it stretches its own probe timing accordingly
 * @param maxScore the highest score (swim.awareness-max-multiplier - 1)
 */
public record LocalHealthDescriptor(String lifecycle, int score, int maxScore) {}
