package dev.swim.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The commands and links in README.md and docs/*.md point at things that exist: every {@code
 * ./script} or {@code scripts/...} they run is an executable file, every {@code -pl} module is a
 * module of the root pom, every {@code java -jar module/target/x.jar} names a module that builds
 * that jar, and every link to a Markdown file (and heading anchor) resolves.
 *
 * <p>Commands are read from fenced code blocks marked {@code bash}, {@code sh}, {@code shell} or
 * {@code console}, and from inline code spans.
 */
class ReadmeCommandsTests {

  private static final Pattern FENCE =
      Pattern.compile("(?ms)^```(bash|sh|shell|console)\\s*$\\n(.*?)^```\\s*$");
  private static final Pattern ANY_FENCE = Pattern.compile("(?ms)^```[^\\n]*$\\n.*?^```\\s*$");
  private static final Pattern INLINE_CODE = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern SCRIPT =
      Pattern.compile("(?<![\\w./$-])((?:\\./|scripts/)[\\w./-]*[\\w-])");
  private static final Pattern PROJECTS = Pattern.compile("(?:^|\\s)(?:-pl|--projects)[ =](\\S+)");
  private static final Pattern JAR = Pattern.compile("(?:^|\\s)-jar\\s+(\\S+\\.jar)");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");

  private static Path root;
  private static Set<String> modules;

  @BeforeAll
  static void findRoot() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null
        && !(Files.isRegularFile(dir.resolve("README.md"))
            && Files.isRegularFile(dir.resolve("pom.xml"))
            && Files.readString(dir.resolve("pom.xml")).contains("<modules>"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository root (README.md and the parent pom.xml)").isNotNull();
    root = dir;
    modules = new LinkedHashSet<>();
    Matcher m = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
    while (m.find()) {
      modules.add(m.group(1));
    }
    assertThat(modules).as("modules of the root pom").isNotEmpty();
  }

  @Test
  void readmeNamesItsCommands() throws IOException {
    Commands readme = commands(root.resolve("README.md"));
    assertThat(readme.scripts).as("scripts run in README.md").contains("./mvnw", "./demo.sh");
    assertThat(readme.jars).as("jars run in README.md").isNotEmpty();
  }

  @Test
  void everyScriptTheDocsRunIsAnExecutableFile() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path doc : docs()) {
      for (String script : commands(doc).scripts) {
        Path file = root.resolve(script).normalize();
        if (!Files.isRegularFile(file)) {
          problems.add(rel(doc) + ": " + script + " does not exist");
        } else if (!Files.isExecutable(file)) {
          problems.add(
              rel(doc) + ": " + script + " is not executable (git update-index --chmod=+x)");
        }
      }
    }
    assertThat(problems).as("scripts named in the docs").isEmpty();
  }

  @Test
  void everyModuleTheDocsBuildIsAModuleOfTheRootPom() throws IOException {
    Map<String, String> byArtifactId = new HashMap<>();
    for (String module : modules) {
      Path pom = root.resolve(module).resolve("pom.xml");
      if (Files.isRegularFile(pom)) {
        byArtifactId.put(artifactId(Files.readString(pom)), module);
      }
    }
    List<String> problems = new ArrayList<>();
    for (Path doc : docs()) {
      for (String project : commands(doc).projects) {
        String p = project.startsWith("!") ? project.substring(1) : project;
        if (p.startsWith(":")) {
          if (!byArtifactId.containsKey(p.substring(1))) {
            problems.add(rel(doc) + ": -pl " + project + " is no module's artifactId");
          }
          continue;
        }
        String dir = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        if (!Files.isDirectory(root.resolve(dir))) {
          problems.add(rel(doc) + ": -pl " + project + ": no directory " + dir);
        } else if (!modules.contains(dir)) {
          problems.add(
              rel(doc) + ": -pl " + project + " is not in the root pom's <modules> " + modules);
        }
      }
    }
    assertThat(problems).as("modules named with -pl in the docs").isEmpty();
  }

  @Test
  void everyJarTheDocsRunIsBuiltByAModule() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path doc : docs()) {
      for (String jar : commands(doc).jars) {
        Path path = Path.of(jar).normalize();
        int n = path.getNameCount();
        if (path.isAbsolute() || n < 3 || !"target".equals(path.getName(n - 2).toString())) {
          problems.add(rel(doc) + ": java -jar " + jar + " is not <module>/target/<name>.jar");
          continue;
        }
        String module = path.getParent().getParent().toString().replace('\\', '/');
        String name = path.getFileName().toString().replaceFirst("\\.jar$", "");
        Path pom = root.resolve(module).resolve("pom.xml");
        if (!modules.contains(module) || !Files.isRegularFile(pom)) {
          problems.add(
              rel(doc)
                  + ": java -jar "
                  + jar
                  + ": "
                  + module
                  + " is not a module of the root pom "
                  + modules);
          continue;
        }
        String xml = Files.readString(pom);
        boolean builds =
            xml.contains("<finalName>" + name + "</finalName>")
                || xml.contains(
                    "<outputFile>${project.build.directory}/" + name + ".jar</outputFile>")
                || name.equals(artifactId(xml) + "-" + version(xml));
        if (!builds) {
          problems.add(
              rel(doc)
                  + ": java -jar "
                  + jar
                  + ": "
                  + module
                  + "/pom.xml builds no "
                  + name
                  + ".jar (set <finalName>"
                  + name
                  + "</finalName>)");
        }
      }
    }
    assertThat(problems).as("jars run in the docs").isEmpty();
  }

  @Test
  void everyLinkedDocumentAndAnchorExists() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path doc : docs()) {
      for (String target : links(doc)) {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
          continue; // http:, https:, mailto:
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path linked = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
        if (!file.isEmpty() && !Files.exists(linked)) {
          problems.add(rel(doc) + ": link to " + target + ": " + rel(linked) + " does not exist");
          continue;
        }
        if (anchor != null
            && !anchor.isEmpty()
            && linked.toString().endsWith(".md")
            && !anchors(linked).contains(anchor)) {
          problems.add(
              rel(doc) + ": link to " + target + ": no heading #" + anchor + " in " + rel(linked));
        }
      }
    }
    assertThat(problems).as("links in the docs").isEmpty();
  }

  @Test
  void readmeLinksEveryDocument() throws IOException {
    Set<String> linked = new HashSet<>();
    for (String target : links(root.resolve("README.md"))) {
      linked.add(target.replaceFirst("#.*$", ""));
    }
    List<String> unlinked = new ArrayList<>();
    try (Stream<Path> files = Files.list(root.resolve("docs"))) {
      files
          .filter(p -> p.toString().endsWith(".md"))
          .map(p -> "docs/" + p.getFileName())
          .sorted()
          .filter(p -> !linked.contains(p))
          .forEach(unlinked::add);
    }
    assertThat(unlinked).as("docs/*.md not linked from README.md").isEmpty();
  }

  // ---- parsing -------------------------------------------------------------------------------

  /** What the shell commands of one Markdown file name. */
  private record Commands(Set<String> scripts, Set<String> projects, Set<String> jars) {}

  private static Commands commands(Path doc) throws IOException {
    String text = Files.readString(doc);
    List<String> lines = new ArrayList<>();
    Matcher fence = FENCE.matcher(text);
    while (fence.find()) {
      // join continuation lines, so that "-pl x \" + "-am" or "-jar \" + "x.jar" stay together
      for (String line : fence.group(2).replace("\\\n", " ").split("\n")) {
        lines.add(line.replaceFirst("^\\s*\\$\\s+", "").replaceFirst("\\s#.*$", ""));
      }
    }
    Matcher inline = INLINE_CODE.matcher(ANY_FENCE.matcher(text).replaceAll(""));
    while (inline.find()) {
      lines.add(inline.group(1));
    }
    Set<String> scripts = new TreeSet<>();
    Set<String> projects = new TreeSet<>();
    Set<String> jars = new TreeSet<>();
    for (String line : lines) {
      if (line.stripLeading().startsWith("#")) {
        continue;
      }
      Matcher s = SCRIPT.matcher(line);
      while (s.find()) {
        String path = s.group(1);
        if (!path.endsWith(".jar") && !path.contains("/target/")) {
          scripts.add(path); // a jar or a build output is checked as a jar, not as a script
        }
      }
      Matcher p = PROJECTS.matcher(line);
      while (p.find()) {
        for (String project : p.group(1).split(",")) {
          if (!project.isBlank()) {
            projects.add(project.trim());
          }
        }
      }
      Matcher j = JAR.matcher(line);
      while (j.find()) {
        jars.add(j.group(1));
      }
    }
    return new Commands(scripts, projects, jars);
  }

  private static List<String> links(Path doc) throws IOException {
    String text = ANY_FENCE.matcher(Files.readString(doc)).replaceAll("");
    text = INLINE_CODE.matcher(text).replaceAll("");
    List<String> out = new ArrayList<>();
    Matcher m = LINK.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The anchors GitHub gives the headings of {@code doc}. */
  private static Set<String> anchors(Path doc) {
    String text;
    try {
      text = ANY_FENCE.matcher(Files.readString(doc)).replaceAll("");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> out = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    Matcher m = HEADING.matcher(text);
    while (m.find()) {
      String slug = slug(m.group(1));
      int n = seen.merge(slug, 1, Integer::sum) - 1;
      out.add(n == 0 ? slug : slug + "-" + n);
    }
    return out;
  }

  /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
  static String slug(String heading) {
    String text = heading.replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1").replace("`", "");
    text = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                sb.appendCodePoint(c);
              } else if (c == ' ') {
                sb.append('-');
              }
            });
    return sb.toString();
  }

  private static List<Path> docs() throws IOException {
    List<Path> out = new ArrayList<>();
    out.add(root.resolve("README.md"));
    Path dir = root.resolve("docs");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
      }
    }
    return out;
  }

  private static String artifactId(String pomXml) {
    return ownElement(pomXml, "artifactId");
  }

  private static String version(String pomXml) {
    String own = ownElement(pomXml, "version");
    return own != null ? own : element(element(pomXml, "parent"), "version");
  }

  /** An element of the project itself, outside {@code <parent>}, dependencies and plugins. */
  private static String ownElement(String pomXml, String name) {
    String project =
        pomXml
            .replaceAll("(?s)<parent>.*?</parent>", "")
            .replaceAll("(?s)<dependencyManagement>.*?</dependencyManagement>", "")
            .replaceAll("(?s)<dependencies>.*?</dependencies>", "")
            .replaceAll("(?s)<build>.*?</build>", "")
            .replaceAll("(?s)<profiles>.*?</profiles>", "");
    return element(project, name);
  }

  private static String element(String xml, String name) {
    if (xml == null) {
      return null;
    }
    Matcher m = Pattern.compile("(?s)<" + name + ">(.*?)</" + name + ">").matcher(xml);
    return m.find() ? m.group(1).trim() : null;
  }

  private static String rel(Path p) {
    return root.relativize(p.toAbsolutePath().normalize()).toString();
  }
}
