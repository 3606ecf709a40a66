package dev.swim.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.swim.core.protocol.Formulas;
import dev.swim.core.settings.Profile;
import dev.swim.core.settings.SwimSettings;
import dev.swim.spring.dashboard.DashboardMemberView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium}, driven by Selenium
 * WebDriver through Debian's {@code chromium-driver}), against three sample-app JVMs with {@code
 * swim.dashboard.enabled=true}: the page on node-1 shows three ALIVE rows; a member whose metadata
 * holds markup shows it as text; node-3 killed with SIGKILL turns SUSPECT, then DEAD within the LAN
 * profile's detection bound, and ALIVE again once restarted; with its event stream refused the page
 * falls back to polling {@code /actuator/swim} and goes live again once it can. Then, against a
 * generated list of 10,000 members, the list stays virtualised and filters by name, state and
 * metadata. Any SEVERE entry in the browser console fails the test (JavaScript errors, CSP
 * violations, failed loads), except the refused streams the fallback step provokes on purpose.
 *
 * <p>It prints its figures (page weight, crash to DEAD in the browser, render and filter times for
 * 10,000 members) as {@code MEASURED:} lines and saves {@code target/dashboard.png}; with {@code
 * -Dswim.docs.update=true} it also copies the screenshot to {@code docs/images/dashboard.png}.
 * Without /usr/bin/chromium or /usr/bin/chromedriver it fails (install the Debian packages {@code
 * chromium chromium-driver}; {@code .ci/run} does), unless {@code -DskipBrowserTests} is given.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTests {

  private static final Logger log = LoggerFactory.getLogger(DashboardBrowserTests.class);

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final String IMG = "<img src=x onerror=alert(1)>";

  private static final Duration START = Duration.ofMinutes(2);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern HTTP_PORT = Pattern.compile("Tomcat started on port (\\d+)");
  private static final int MEMBERS = 10_000;

  private final List<Node> nodes = new ArrayList<>();
  private final List<String> console = new ArrayList<>();
  private Path work;
  private ChromeDriver driver;

  // ---------------------------------------------------------------------------------------------
  // Set-up

  @BeforeAll
  void startChromium() throws IOException {
    String skip = System.getProperty("skipBrowserTests");
    Assumptions.assumeTrue(
        skip == null || skip.equals("false"), "browser tests skipped (-DskipBrowserTests)");
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(p)) {
        fail(
            p
                + " is missing: install the Debian packages chromium chromium-driver"
                + " (apt-get install -y chromium chromium-driver; .ci/run does), or skip these"
                + " tests with -DskipBrowserTests");
      }
    }
    // the nodes' and the driver's logs stay in target/ for a look after a failure
    work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "dashboard-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--user-data-dir=" + Files.createDirectory(work.resolve("chromium-profile")),
        "--window-size=1280,950");
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
    // Debian's driver, named explicitly: Selenium Manager is never asked to download anything
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(work.resolve("chromedriver.log").toFile())
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
  }

  @AfterAll
  void stopEverything() throws InterruptedException {
    if (driver != null) {
      driver.quit();
      deleteTree(work.resolve("chromium-profile"));
    }
    nodes.forEach(n -> n.process.destroy());
    for (Node n : nodes) {
      if (!n.process.waitFor(30, TimeUnit.SECONDS)) {
        n.process.destroyForcibly();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // A live cluster

  @Test
  @Order(1)
  void aLiveClusterInTheBrowser() throws Exception {
    int seedPort = freePort();
    Node n1 = launch("node-1", seedPort, null);
    Node n2 = launch("node-2", 0, seedPort, "--swim.metadata.note=" + IMG);
    Node n3 = launch("node-3", 0, seedPort);
    for (Node n : List.of(n1, n2, n3)) {
      n.awaitStarted();
    }

    // the page on node-1 ({path} redirects to {path}/), three ALIVE rows
    driver.get("http://127.0.0.1:" + n1.httpPort + "/swim");
    assertThat(driver.getCurrentUrl()).endsWith("/swim/");
    await(() -> states().equals(alive(3)), "three ALIVE rows on node-1's page", START);
    assertThat(dataset("link")).isEqualTo("live");
    assertThat(driver.findElement(By.id("n-name")).getText()).isEqualTo("node-1");
    assertThat(driver.findElement(By.id("n-encryption")).getText()).isEqualTo("off");
    assertNoSevereConsoleEntries(entry -> false);

    // markup in metadata is shown as the text it is
    WebElement row = driver.findElement(By.cssSelector("#spacer .row[data-name='node-2']"));
    WebElement note = row.findElement(By.cssSelector(".c-meta .kv[data-key='note'] .v"));
    assertThat(note.getDomProperty("textContent")).isEqualTo(IMG);
    assertThat(row.findElement(By.cssSelector(".c-meta")).getDomAttribute("title"))
        .contains("note=" + IMG);
    assertThat(driver.findElements(By.cssSelector("#members img"))).isEmpty();
    assertThat(js("return document.images.length")).isEqualTo(0L);
    assertNoAlert();

    pageWeight();

    // node-3 crashes: SUSPECT, then DEAD within the LAN profile's bound
    Duration bound = lanCrashBound(3);
    long killedAt = System.currentTimeMillis();
    n3.process.destroyForcibly(); // SIGKILL
    assertThat(n3.process.waitFor(10, TimeUnit.SECONDS)).as("node-3 killed").isTrue();
    long suspectAt = 0;
    long deadAt = 0;
    List<String> seen = new ArrayList<>();
    long giveUp = killedAt + Math.max(2 * bound.toMillis(), 60_000);
    while (deadAt == 0 && System.currentTimeMillis() < giveUp) {
      String state = states().get("node-3");
      long now = System.currentTimeMillis();
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
        seen.add(state);
      }
      if ("SUSPECT".equals(state) && suspectAt == 0) {
        suspectAt = now;
      } else if ("DEAD".equals(state)) {
        deadAt = now;
      } else {
        Thread.sleep(25);
      }
    }
    assertThat(deadAt)
        .as(
            "node-3's row turned DEAD; states seen: %s; page figures: %s",
            seen, js("return JSON.stringify(document.body.dataset);"))
        .isPositive();
    assertThat(seen)
        .as("node-3's row states after the kill")
        .containsSubsequence("SUSPECT", "DEAD");
    long crashToDead = deadAt - killedAt;
    log.info(
        "MEASURED: crash -> SUSPECT in the browser {} ms, crash -> DEAD {} ms (LAN bound {} ms),"
            + " states {}",
        suspectAt - killedAt,
        crashToDead,
        bound.toMillis(),
        seen);
    assertThat(crashToDead)
        .as("crash -> DEAD as the browser shows it")
        .isLessThan(bound.toMillis());
    assertThat(states()).containsEntry("node-1", "ALIVE").containsEntry("node-2", "ALIVE");
    assertThat(timeline()).anyMatch(e -> e.startsWith("SUSPECTED node-3"));
    assertThat(timeline()).anyMatch(e -> e.startsWith("FAILED node-3"));
    log.info(
        "MEASURED: node-1 event -> its arrival in the browser: last {} ms, max {} ms",
        dataset("lastLagMs"),
        dataset("maxLagMs"));

    // restart node-3 (same name, new address); meanwhile, node-2's page without its stream
    long restartedAt = System.currentTimeMillis();
    Node n3again = launch("node-3", 0, seedPort);
    String main = driver.getWindowHandle();
    fallsBackToPollingWhileTheStreamIsRefused(n2);
    driver.switchTo().window(main);
    n3again.awaitStarted();
    await(() -> states().equals(alive(3)), "node-3 ALIVE again on node-1's page", START);
    log.info(
        "MEASURED: restart -> ALIVE in the browser {} ms (JVM start included)",
        System.currentTimeMillis() - restartedAt);
    assertThat(timeline()).anyMatch(e -> e.startsWith("JOINED node-3") && e.contains("DEAD"));
    assertNoSevereConsoleEntries(entry -> false);
    assertNoAlert();

    screenshot();
  }

  /**
   * Takes every event-stream place node-2 has (the excess answers 503), opens node-2's page in a
   * new tab: it polls /actuator/swim and still shows the members; frees the places: it goes live.
   */
  private void fallsBackToPollingWhileTheStreamIsRefused(Node n2) throws Exception {
    List<HttpResponse<Stream<String>>> held = new ArrayList<>();
    HttpClient client = HttpClient.newHttpClient();
    try {
      for (int i = 0; i < 64; i++) {
        HttpResponse<Stream<String>> r =
            client.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + n2.httpPort + "/swim/events"))
                    .build(),
                HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() == 503) {
          r.body().close();
          break;
        }
        assertThat(r.statusCode()).isEqualTo(200);
        held.add(r);
      }
      assertThat(held).as("streams node-2 accepted before refusing").hasSizeBetween(1, 63);
      drainConsole();
      driver.switchTo().newWindow(WindowType.TAB);
      driver.get("http://127.0.0.1:" + n2.httpPort + "/swim/");
      await(() -> "polling".equals(dataset("link")), "node-2's page polling", WAIT);
      await(() -> dataset("polls") != null, "a poll of /actuator/swim answered", WAIT);
      await(
          () -> states().keySet().containsAll(List.of("node-1", "node-2")),
          "the members listed from /actuator/swim",
          WAIT);
      assertThat(driver.findElement(By.id("link")).getText()).contains("/actuator/swim");
    } finally {
      held.forEach(r -> r.body().close());
    }
    // the server frees the places at its next write (a heartbeat at the latest); the page tries
    // again every 5 s
    await(() -> "live".equals(dataset("link")), "node-2's page live again", WAIT);
    assertThat(states()).containsEntry("node-1", "ALIVE").containsEntry("node-2", "ALIVE");
    // the refused streams are the only errors the browser may have logged
    assertNoSevereConsoleEntries(
        e -> e.contains("/swim/events") && (e.contains("503") || e.contains("MIME type")));
    driver.close();
  }

  private void pageWeight() {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> entries =
        (List<Map<String, Object>>)
            js(
                "return performance.getEntriesByType('navigation')"
                    + ".concat(performance.getEntriesByType('resource'))"
                    + ".map(function (e) { return {name: e.name, transfer: e.transferSize,"
                    + " body: e.encodedBodySize}; });");
    long transfer = 0;
    long body = 0;
    List<String> parts = new ArrayList<>();
    for (Map<String, Object> e : entries) {
      transfer += ((Number) e.get("transfer")).longValue();
      body += ((Number) e.get("body")).longValue();
      String name = String.valueOf(e.get("name"));
      String file = name.substring(name.lastIndexOf('/') + 1);
      parts.add((file.isEmpty() ? "index.html" : file) + "=" + e.get("transfer"));
    }
    assertThat(parts).anyMatch(p -> p.startsWith("dashboard.js="));
    assertThat(parts).anyMatch(p -> p.startsWith("dashboard.css="));
    log.info(
        "MEASURED: page weight on first load: {} bytes transferred ({} bytes of bodies) in {}"
            + " requests {}; then the stream's snapshot, {} characters for 3 members",
        transfer,
        body,
        entries.size(),
        parts,
        dataset("snapshotChars"));
  }

  private void screenshot() throws IOException {
    // the newest events on top, the list scrolled to its start, no focus ring
    js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
    Path png = Path.of("target", "dashboard.png");
    Files.createDirectories(png.getParent());
    Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(png)).isPositive();
    log.info("saved {}", png.toAbsolutePath());
    if (Boolean.getBoolean("swim.docs.update")) {
      Path doc = Path.of("..", "docs", "images", "dashboard.png");
      Files.createDirectories(doc.getParent());
      Files.write(doc, Files.readAllBytes(png));
      log.info("copied it to {}", doc.toAbsolutePath().normalize());
    }
  }

  /**
   * The LAN profile's bound on crash detection, as the fault-injection suite computes it (its
   * {@code crash} bound, docs/operations.md) for {@code n} members: every survivor probes the node
   * within N probe periods, the suspicion times out at its minimum, and DEAD spreads; times 1.5 for
   * JVMs sharing a few cores; plus the one second the page may take to show a change.
   */
  static Duration lanCrashBound(int n) {
    long probe = SwimSettings.PROBE_INTERVAL.defaultFor(Profile.LAN).toMillis();
    long gossip = SwimSettings.GOSSIP_INTERVAL.defaultFor(Profile.LAN).toMillis();
    int fanout = SwimSettings.GOSSIP_NODES.defaultFor(Profile.LAN);
    int suspicion = SwimSettings.SUSPICION_MULTIPLIER.defaultFor(Profile.LAN);
    double dissemination = Formulas.logisticRounds(n, fanout, 0.0, 0.999) * gossip;
    double formula = n * probe + Formulas.suspicionMinMillis(suspicion, n, probe) + dissemination;
    return Duration.ofMillis(Math.round(formula * 1.5) + 1000);
  }

  // ---------------------------------------------------------------------------------------------
  // 10,000 members

  @Test
  @Order(2)
  void tenThousandMembersStayUsable() throws Exception {
    List<DashboardMemberView> members = generated(MEMBERS);
    try (SimulatedDashboardServer server = new SimulatedDashboardServer(members)) {
      drainConsole();
      driver.get(server.url());
      await(
          () -> String.valueOf(MEMBERS).equals(dataset("snapshotMembers")),
          "10,000 members rendered",
          WAIT);
      long rendered = rows();
      assertThat(rendered).as("rows in the document (virtualised)").isBetween(1L, 60L);
      assertThat(dataset("shown")).isEqualTo(String.valueOf(MEMBERS));
      log.info(
          "MEASURED: 10,000 members: snapshot ({} characters) parsed and rendered in {} ms,"
              + " first full render {} ms after navigation, {} rows in the document",
          dataset("snapshotChars"),
          dataset("snapshotMs"),
          dataset("snapshotAtMs"),
          rendered);

      // filters: state, name substring, metadata key=value
      Map<String, String> filterMs = new LinkedHashMap<>();
      new Select(driver.findElement(By.id("f-state"))).selectByVisibleText("SUSPECT");
      filterMs.put("state=SUSPECT", awaitFilter(count(members, "SUSPECT", "", "", "")));
      filterMs.put(
          "state=SUSPECT name~member-01",
          filter("f-name", "member-01", count(members, "SUSPECT", "member-01", "", "")));
      new Select(driver.findElement(By.id("f-state"))).selectByVisibleText("any");
      filterMs.put("name~member-01", awaitFilter(count(members, "", "member-01", "", "")));
      filterMs.put(
          "name~member-0999",
          filter("f-name", "member-0999", count(members, "", "member-0999", "", "")));
      filterMs.put("name~member-09999", filter("f-name", "member-09999", 1));
      assertThat(states()).containsOnlyKeys("member-09999");
      filterMs.put("none", filter("f-name", "", MEMBERS));
      filterMs.put(
          "zone=eu-3", filter("f-meta", "zone=eu-3", count(members, "", "", "zone", "eu-3")));
      filterMs.put(
          "version=1.4", filter("f-meta", "version=1.4", count(members, "", "", "version", "1.4")));
      filterMs.put("none again", filter("f-meta", "", MEMBERS));
      log.info("MEASURED: 10,000 members: filter times (ms, filtered and painted) {}", filterMs);

      // scrolled to the end, the last members are rendered, and still only a window of rows
      js(
          "var v = document.getElementById('viewport'); v.scrollTop = v.scrollHeight;"
              + " v.dispatchEvent(new Event('scroll'));");
      await(
          () -> states().containsKey(name(MEMBERS)),
          "the last member rendered after scrolling",
          WAIT);
      assertThat(rows()).isBetween(1L, 60L);

      // a change arrives: visible in its row
      js(
          "var v = document.getElementById('viewport'); v.scrollTop = 0;"
              + " v.dispatchEvent(new Event('scroll'));");
      DashboardMemberView first = members.get(1);
      await(() -> states().containsKey(first.name()), "the list back at its start", WAIT);
      assertThat(server.openStreams()).isEqualTo(1);
      server.push("FAILED", first.state(), withState(first, "DEAD"));
      await(() -> "DEAD".equals(states().get(first.name())), "the pushed change shown", WAIT);
      log.info(
          "MEASURED: 10,000 members: a pushed change reached the page {} ms after it was sent",
          dataset("lastLagMs"));
      assertNoSevereConsoleEntries(entry -> false);
      driver.get("about:blank");
    }
  }

  /** Sets filter input {@code id} to {@code value} and waits for {@code expected} matches. */
  private String filter(String id, String value, long expected) throws InterruptedException {
    WebElement input = driver.findElement(By.id(id));
    js("delete document.body.dataset.filterMs;");
    // one input event for the whole value, as a paste makes: one filter pass to measure
    js(
        "arguments[0].value = arguments[1];"
            + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        input,
        value);
    return awaitFilter(expected);
  }

  private String awaitFilter(long expected) throws InterruptedException {
    await(
        () ->
            dataset("filterMs") != null
                && String.valueOf(expected).equals(dataset("filterMatches")),
        expected + " members shown",
        WAIT);
    String ms = dataset("filterMs");
    js("delete document.body.dataset.filterMs;");
    assertThat(dataset("shown")).isEqualTo(String.valueOf(expected));
    return ms;
  }

  /** How many members the page's filters let through (name and value: substrings). */
  private static long count(
      List<DashboardMemberView> members, String state, String name, String key, String value) {
    return members.stream()
        .filter(m -> state.isEmpty() || m.state().equals(state))
        .filter(m -> m.name().contains(name))
        .filter(
            m ->
                key.isEmpty()
                    || (m.metadata().containsKey(key) && m.metadata().get(key).contains(value)))
        .count();
  }

  private static String name(int i) {
    return String.format("member-%05d", i);
  }

  /** Members 1..n: every 50th SUSPECT, every 100th DEAD, every 250th LEFT; 5 zones; 10 versions. */
  private static List<DashboardMemberView> generated(int n) {
    List<DashboardMemberView> list = new ArrayList<>(n);
    long now = System.currentTimeMillis();
    for (int i = 1; i <= n; i++) {
      String state =
          i % 250 == 0 ? "LEFT" : i % 100 == 0 ? "DEAD" : i % 50 == 0 ? "SUSPECT" : "ALIVE";
      Map<String, String> meta = new TreeMap<>();
      meta.put("zone", "eu-" + (i % 5));
      meta.put("version", "1." + (i % 10));
      meta.put("service", i % 2 == 0 ? "orders" : "billing");
      list.add(
          new DashboardMemberView(
              name(i),
              "10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256) + ":7946",
              state,
              i % 7,
              now - (i * 1000L),
              i == 1,
              null,
              meta));
    }
    return list;
  }

  private static DashboardMemberView withState(DashboardMemberView m, String state) {
    return new DashboardMemberView(
        m.name(),
        m.address(),
        state,
        m.incarnation(),
        System.currentTimeMillis(),
        m.local(),
        m.rttMs(),
        m.metadata());
  }

  // ---------------------------------------------------------------------------------------------
  // The page

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** A figure or state the page keeps in {@code data-*} attributes of its body. */
  private String dataset(String key) {
    Object v = js("return document.body.dataset[arguments[0]];", key);
    return v == null ? null : v.toString();
  }

  /** The state shown in each rendered row, by member name. */
  private Map<String, String> states() {
    @SuppressWarnings("unchecked")
    Map<String, String> m =
        (Map<String, String>)
            js(
                "var out = {};"
                    + " document.querySelectorAll('#spacer .row').forEach(function (r) {"
                    + "   if (!r.hidden && r.dataset.name) {"
                    + "     out[r.dataset.name] = r.querySelector('.state').textContent; } });"
                    + " return out;");
    return new TreeMap<>(m);
  }

  /** Rows in the document (rendered, not hidden). */
  private long rows() {
    return (Long) js("return document.querySelectorAll('#spacer .row:not([hidden])').length;");
  }

  /** The timeline's entries, newest first, as "WHAT who...". */
  private List<String> timeline() {
    @SuppressWarnings("unchecked")
    List<String> l =
        (List<String>)
            js(
                "return Array.from(document.querySelectorAll('#timeline li.ev')).map(function (li)"
                    + " { return li.querySelector('.what').textContent + ' '"
                    + " + li.querySelector('.who').textContent; });");
    return l;
  }

  private static Map<String, String> alive(int n) {
    Map<String, String> m = new TreeMap<>();
    for (int i = 1; i <= n; i++) {
      m.put("node-" + i, "ALIVE");
    }
    return m;
  }

  private void assertNoAlert() {
    try {
      String text = driver.switchTo().alert().getText();
      fail("the page opened an alert: " + text);
    } catch (NoAlertPresentException expected) {
      // no script of a member's ran
    }
  }

  private void drainConsole() {
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      console.add(e.getLevel() + " " + e.getMessage());
    }
  }

  /** Fails on any SEVERE console entry since the last check, but those {@code expected}. */
  private void assertNoSevereConsoleEntries(Predicate<String> expected) {
    int from = console.size();
    drainConsole();
    List<String> severe = new ArrayList<>();
    for (String e : console.subList(from, console.size())) {
      if (e.startsWith(Level.SEVERE.toString()) && !expected.test(e)) {
        severe.add(e);
      }
    }
    assertThat(severe).as("SEVERE browser console entries").isEmpty();
  }

  private static void await(Supplier<Boolean> condition, String what, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!Boolean.TRUE.equals(condition.get())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + within + ": " + what);
      }
      Thread.sleep(50);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // sample-app JVMs

  /** One sample-app JVM and its log. */
  private static final class Node {
    final String name;
    final Process process;
    final Path log;
    int httpPort;

    Node(String name, Process process, Path log) {
      this.name = name;
      this.process = process;
      this.log = log;
    }

    void awaitStarted() throws IOException, InterruptedException {
      long deadline = System.nanoTime() + START.toNanos();
      while (System.nanoTime() < deadline) {
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Matcher m = HTTP_PORT.matcher(out);
        if (m.find() && out.contains("Started SampleApplication")) {
          httpPort = Integer.parseInt(m.group(1));
          return;
        }
        assertThat(process.isAlive()).as("%s is running; output:%n%s", name, out).isTrue();
        Thread.sleep(100);
      }
      throw new AssertionError(name + " not started within " + START + "; see " + log);
    }
  }

  /**
   * Starts a sample-app JVM as users run it, with the dashboard on, the LAN profile, HTTP on a free
   * port and gossip on {@code gossipPort} (0: any); {@code seedPort} null for the first node.
   */
  private Node launch(String name, int gossipPort, Integer seedPort, String... extra)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx160m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    cmd.add("-cp");
    cmd.add(testClassPath());
    cmd.add(SampleApplication.class.getName());
    cmd.addAll(
        List.of(
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--swim.node-name=" + name,
            "--swim.profile=lan",
            "--swim.bind-address=127.0.0.1",
            "--swim.bind-port=" + gossipPort,
            "--swim.join.max-retry-interval=2s",
            "--swim.leave-timeout=1s",
            "--swim.dashboard.enabled=true",
            "--spring.main.banner-mode=off"));
    if (seedPort != null) {
      cmd.add("--swim.seeds=127.0.0.1:" + seedPort);
    }
    cmd.addAll(List.of(extra));
    Path log = work.resolve(name + "-" + nodes.size() + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SWIM_") || k.endsWith("JAVA_OPTIONS"));
    Node node = new Node(name, pb.start(), log);
    nodes.add(node);
    return node;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("could not delete {}: {}", dir, e.toString());
    }
  }

  /** The classpath this test runs with (Surefire's, not its manifest-only booter jar). */
  private static String testClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  /** A port free for both UDP and TCP on 127.0.0.1 right now. */
  private static int freePort() {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    for (int attempt = 0; attempt < 20; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(port, loopback)) {
          return udp.getLocalPort();
        } catch (IOException udpTaken) {
          // try another
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no port free for both UDP and TCP");
  }
}
