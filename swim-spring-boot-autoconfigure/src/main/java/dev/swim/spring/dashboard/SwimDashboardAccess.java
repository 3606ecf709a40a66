package dev.swim.spring.dashboard;

import java.security.Principal;
import org.jspecify.annotations.Nullable;

/**
 * Who may open the dashboard, its configuration and its event stream. Checked on every dashboard
 * request, after whatever filters the application runs (Spring Security's included): a refused
 * request without a user is answered 401, one with a user (an anonymous one included) 403.
 *
 * <p>The starter uses {@link #everyone()} without Spring Security and {@link
 * SwimDashboardSecurityAccess} (any authenticated user) with it. Declare a bean of this type to
 * decide otherwise, for example to require a role.
 */
@FunctionalInterface
public interface SwimDashboardAccess {

  /**
   * Whether the request's user may see the dashboard.
   *
   * @param principal the request's authenticated user, or null when there is none
   * @return true to serve the request
   */
  boolean permits(@Nullable Principal principal);

  /**
   * Everyone may see it: for applications without Spring Security, which must protect the page by
   * other means (docs/spring.md, "Dashboard").
   *
   * @return the access rule
   */
  static SwimDashboardAccess everyone() {
    return principal -> true;
  }
}
