package dev.swim.spring.autoconfigure.dashboard;

import dev.swim.spring.SwimConfigurationException;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code swim.dashboard.*} properties: the live membership dashboard.
 *
 * @param enabled Whether to serve the live membership dashboard (a read-only page and its event
 *     stream) in this web application. Off by default; when Spring Security is present only
 *     authenticated users can open it.
 * @param path Path the dashboard is served at, in the application's own web server: the page at
 *     {path}/ (and {path} redirects there), its event stream at {path}/events. Starts with '/',
 *     does not end with '/', and holds only letters, digits, '-', '.', '_' and '~' between slashes.
 */
@ConfigurationProperties("swim.dashboard")
public record SwimDashboardProperties(
    @DefaultValue("false") boolean enabled, @DefaultValue("/swim") String path) {

  /** The name of {@link #enabled()}, for the condition that needs a constant. */
  public static final String ENABLED_PROPERTY = "swim.dashboard.enabled";

  private static final String PATH_PROPERTY = "swim.dashboard.path";
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");

  /**
   * The path, checked.
   *
   * @return {@link #path()}, trimmed
   * @throws SwimConfigurationException naming {@code swim.dashboard.path} when it is not a usable
   *     path
   */
  public String validatedPath() {
    String p = path.trim();
    if (p.isEmpty() || p.charAt(0) != '/') {
      throw invalid("must start with '/'", p);
    }
    if (p.equals("/")) {
      throw invalid("must not be '/' (the dashboard needs a path of its own, such as /swim)", p);
    }
    if (p.endsWith("/")) {
      throw invalid("must not end with '/'", p);
    }
    for (String segment : p.substring(1).split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        throw invalid("must not contain '.' or '..' segments", p);
      }
      if (!SEGMENT.matcher(segment).matches()) {
        throw invalid(
            "must hold only letters, digits, '-', '.', '_' and '~' between single slashes", p);
      }
    }
    return p;
  }

  private static SwimConfigurationException invalid(String rule, String value) {
    return new SwimConfigurationException(
        PATH_PROPERTY, PATH_PROPERTY + " " + rule + ", was '" + printable(value) + "'", null);
  }

  /** The value as it may be logged: at most 64 characters, control characters as '?'. */
  private static String printable(String value) {
    String cut = value.length() > 64 ? value.substring(0, 64) + "..." : value;
    StringBuilder sb = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      sb.append(Character.isISOControl(c) ? '?' : c);
    }
    return sb.toString();
  }
}
