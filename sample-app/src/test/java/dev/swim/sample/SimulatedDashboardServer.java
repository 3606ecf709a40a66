package dev.swim.sample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.swim.spring.dashboard.DashboardCountersView;
import dev.swim.spring.dashboard.DashboardMemberView;
import dev.swim.spring.dashboard.DashboardNodeView;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's page served with a generated member list instead of a cluster: the starter's own
 * page files (from the classpath, with the same security headers), a configuration document, and an
 * event stream that starts with a snapshot of {@code members} (serialized by the starter's own view
 * records) and then carries whatever {@link #push} is given. For measuring the page with thousands
 * of members, which a test machine cannot run as processes.
 */
final class SimulatedDashboardServer implements AutoCloseable {

  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
          + " img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final Map<String, String> ASSETS =
      Map.of(
          "/swim/", "index.html:text/html;charset=UTF-8",
          "/swim/dashboard.js", "dashboard.js:text/javascript;charset=UTF-8",
          "/swim/dashboard.css", "dashboard.css:text/css;charset=UTF-8",
          "/swim/favicon.svg", "favicon.svg:image/svg+xml");

  private static final Charset UTF8 = StandardCharsets.UTF_8;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<DashboardMemberView> members;
  private final List<BlockingQueue<String>> streams = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  SimulatedDashboardServer(List<DashboardMemberView> members) throws IOException {
    this.members = List.copyOf(members);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(executor);
    server.createContext("/swim/", this::handle);
    server.start();
  }

  /** The page's address. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/swim/";
  }

  /** Event streams open now. */
  int openStreams() {
    return streams.size();
  }

  /** Sends a {@code member} event about {@code member} to every open stream. */
  void push(String event, String previous, DashboardMemberView member) {
    String data =
        "{\"type\":\"member\",\"seq\":1,\"at\":"
            + System.currentTimeMillis()
            + ",\"event\":\""
            + event
            + "\",\"previous\":\""
            + previous
            + "\",\"member\":"
            + member.toJson()
            + "}";
    String frame = "event: member\ndata: " + data + "\n\n";
    streams.forEach(q -> q.add(frame));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
      } else if (ASSETS.containsKey(path)) {
        String[] asset = ASSETS.get(path).split(":", 2);
        send(exchange, 200, asset[1], resource(asset[0]));
      } else if (path.equals("/swim/config")) {
        // no actuator to fall back to; a heartbeat interval long enough that the page's
        // watchdog never cuts this heartbeat-less stream
        String config =
            "{\"path\":\"/swim\",\"events\":\"/swim/events\",\"actuator\":null,"
                + "\"heartbeatMs\":600000,\"pollMs\":1000}";
        send(exchange, 200, "application/json", config.getBytes(UTF8));
      } else if (path.equals("/swim/events")) {
        stream(exchange);
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  private void stream(HttpExchange exchange) throws IOException {
    BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    out.write(("retry: 1000\nevent: snapshot\ndata: " + snapshot() + "\n\n").getBytes(UTF8));
    out.flush();
    streams.add(queue);
    try {
      while (!closed) {
        String frame = queue.poll(200, TimeUnit.MILLISECONDS);
        if (frame != null) {
          out.write(frame.getBytes(UTF8));
          out.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientGone) {
      // the page went away
    } finally {
      streams.remove(queue);
    }
  }

  private String snapshot() {
    Map<String, Long> probes = new LinkedHashMap<>();
    probes.put("direct", 120_000L);
    probes.put("indirect", 40L);
    probes.put("tcp", 2L);
    probes.put("failed", 7L);
    DashboardCountersView counters =
        new DashboardCountersView(
            probes, 9, 1, 0, Map.of(), 3, Map.of("wrong-key", 3L), 0, 0.412, 3.9);
    DashboardNodeView node =
        new DashboardNodeView(
            members.get(0).name(),
            members.get(0).address(),
            "RUNNING",
            "ALIVE",
            members.get(0).incarnation(),
            0,
            7,
            System.currentTimeMillis() - 3_600_000,
            true,
            1,
            List.of("0a1b2c3d"),
            "prod",
            "lan");
    StringBuilder sb = new StringBuilder(members.size() * 220 + 2048);
    sb.append("{\"type\":\"snapshot\",\"at\":").append(System.currentTimeMillis());
    sb.append(",\"node\":").append(node.toJson());
    sb.append(",\"counters\":").append(counters.toJson());
    sb.append(
        ",\"feed\":{\"subscribers\":1,\"maxSubscribers\":16,\"rejectedSubscribers\":0,"
            + "\"slowDisconnects\":0,\"eventCapacity\":512,\"eventsEvicted\":0,"
            + "\"heartbeatMs\":600000}");
    sb.append(",\"members\":[");
    List<String> json = new ArrayList<>(members.size());
    members.forEach(m -> json.add(m.toJson()));
    sb.append(String.join(",", json)).append("],\"events\":[]}");
    return sb.toString();
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private static byte[] resource(String name) {
    ClassLoader cl = SimulatedDashboardServer.class.getClassLoader();
    try (InputStream in = cl.getResourceAsStream("META-INF/swim-dashboard/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the starter's dashboard file is missing: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
    executor.shutdownNow();
  }
}
