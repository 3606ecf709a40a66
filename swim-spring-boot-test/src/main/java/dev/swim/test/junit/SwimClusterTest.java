package dev.swim.test.junit;

import dev.swim.core.settings.Profile;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a small SWIM cluster for each test and hands it to the test as a {@link SwimCluster}
 * parameter (or a {@link VirtualSwimCluster} or {@link RealSwimCluster}, matching {@link #time()});
 * it is closed after the test. On a class it applies to every test method, on a method to that one
 * (and wins over the class's).
 *
 * <pre>{@code
 * @SwimClusterTest(members = 3, time = SwimTime.VIRTUAL)
 * class FailoverTests {
 *   @Test
 *   void aCrashedMemberIsDeclaredDead(SwimCluster cluster) {
 *     cluster.awaitConverged();
 *     cluster.crash(2);
 *     cluster.awaitState(0, cluster.name(2), MemberState.DEAD);
 *   }
 * }
 * }</pre>
 *
 * <p>Members are named {@code node-0}, {@code node-1}, ... and start by joining through {@code
 * node-0}, so a test that needs them to know each other awaits {@link SwimCluster#awaitConverged()}
 * first.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SwimClusterExtension.class)
public @interface SwimClusterTest {

  /** How many members to start (1 to {@value SwimClusterExtension#MAX_MEMBERS}). */
  int members() default 3;

  /** Virtual time in the simulator, or real Gossipers on the wall clock. */
  SwimTime time() default SwimTime.VIRTUAL;

  /** The protocol profile every member runs: {@code local} (the fastest timings) by default. */
  Profile profile() default Profile.LOCAL;

  /** The simulator's seed, for {@link SwimTime#VIRTUAL}: the same seed gives the same run. */
  long seed() default 1L;
}
