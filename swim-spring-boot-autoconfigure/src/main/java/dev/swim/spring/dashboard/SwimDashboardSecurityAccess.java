package dev.swim.spring.dashboard;

import java.security.Principal;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;

/**
 * The dashboard's access rule when Spring Security is present: any authenticated user, never an
 * anonymous one. This holds even where the application's own rules permit the dashboard's path to
 * everyone, so the dashboard is never less protected than an actuator endpoint that requires a
 * login.
 */
public final class SwimDashboardSecurityAccess implements SwimDashboardAccess {

  private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

  @Override
  public boolean permits(@Nullable Principal principal) {
    if (principal == null) {
      return false;
    }
    if (principal instanceof Authentication authentication) {
      return authentication.isAuthenticated() && !trust.isAnonymous(authentication);
    }
    return true;
  }
}
