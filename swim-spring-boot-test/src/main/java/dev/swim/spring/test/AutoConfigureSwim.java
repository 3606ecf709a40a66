package dev.swim.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Chooses, for one test class, what its Spring test context's SWIM member binds and whom it talks
 * to, in place of the safe test values that apply to every test context without it.
 *
 * <p>Without this annotation, every Spring test context (a {@code @SpringBootTest} or any other)
 * gets {@link SwimTestSettings#SAFE_PROPERTIES}: {@code swim.bind-address=127.0.0.1}, {@code
 * swim.bind-port=0}, no seeds, no advertise address or port, and the {@code local} profile, above
 * every other property source, so that a test never binds the application's production port or
 * gossips with its production seeds.
 *
 * <ul>
 *   <li>{@link #properties()} sets {@code swim.*} properties above the safe values: for example
 *       {@code @AutoConfigureSwim(properties = "swim.seeds=127.0.0.1:7946")}. A value may use
 *       placeholders, such as {@code "swim.seeds=127.0.0.1:${other.port}"} with {@code other.port}
 *       registered by a {@code @DynamicPropertySource}.
 *   <li>{@link #useRealSettings()} drops the safe values: the application's {@code swim.*}
 *       settings, and the test's own properties, apply as they are.
 *   <li>{@link #transport()} {@code = IN_MEMORY} runs the member on an in-memory network instead of
 *       sockets; {@link #network()} names it.
 * </ul>
 *
 * <p>Each distinct combination of attributes is its own cached context; test classes with equal
 * attributes (or none) share one. Found on the test class, its superclasses, its interfaces and,
 * for a {@code @Nested} class, its enclosing classes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureSwim {

  /**
   * Whether to take the application's own {@code swim.*} settings as they are (its configuration
   * files, environment variables and the test's own properties) instead of the safe test values.
   * The {@link #properties()} still apply on top. Off by default.
   */
  boolean useRealSettings() default false;

  /**
   * {@code swim.*} properties as {@code key=value}, applied above every other property source, the
   * safe test values included. Only {@code swim.*} keys are accepted; set other properties with
   * {@code @SpringBootTest(properties = ...)}.
   */
  String[] properties() default {};

  /** The transport of the context's SWIM member: real sockets by default. */
  SwimTestTransport transport() default SwimTestTransport.SOCKETS;

  /**
   * The name of the in-memory network the member joins with {@link #transport()} {@code =
   * IN_MEMORY} ({@link dev.swim.test.transport.InMemoryNetwork#named(String)}); contexts that name
   * the same network reach each other. Ignored with sockets.
   */
  String network() default SwimTestSettings.DEFAULT_NETWORK;
}
