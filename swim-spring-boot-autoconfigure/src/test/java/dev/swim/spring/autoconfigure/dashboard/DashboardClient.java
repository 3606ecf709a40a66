package dev.swim.spring.autoconfigure.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Real HTTP to a running dashboard: plain requests, and event streams read as they arrive. */
final class DashboardClient {

  static final Duration WAIT = Duration.ofSeconds(30);

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private DashboardClient() {}

  /** The Authorization header value of HTTP basic authentication. */
  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static HttpResponse<String> get(int port, String path, String... headers)
      throws IOException, InterruptedException {
    return CLIENT.send(
        request(port, path, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(int port, String path) throws IOException, InterruptedException {
    return CLIENT.send(
        request(port, path).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(int port, String path, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return b;
  }

  /** One server-sent event. */
  record Event(String name, String data, String retry) {}

  /** An open event stream; events are read by a thread of its own as they arrive. */
  static final class EventStream implements AutoCloseable {
    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);

    EventStream(int port, String path, String... headers) throws IOException, InterruptedException {
      // a client of its own: a pooled connection that still carries an earlier stream would
      // queue this request behind that endless response
      HttpClient own =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
      response =
          own.send(request(port, path, headers).GET().build(), HttpResponse.BodyHandlers.ofLines());
      Thread reader = new Thread(this::read, "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      String name = "message";
      StringBuilder data = new StringBuilder();
      String retry = "";
      try {
        for (String line : (Iterable<String>) response.body()::iterator) {
          if (line.isEmpty()) {
            if (data.length() > 0) {
              events.add(new Event(name, data.toString(), retry));
            }
            name = "message";
            data.setLength(0);
            retry = "";
          } else if (line.startsWith("event:")) {
            name = line.substring(6).trim();
          } else if (line.startsWith("data:")) {
            if (data.length() > 0) {
              data.append('\n');
            }
            data.append(line.substring(5).stripLeading());
          } else if (line.startsWith("retry:")) {
            retry = line.substring(6).trim();
          }
        }
      } catch (RuntimeException closedOrCut) {
        // the stream ended
      } finally {
        ended.countDown();
      }
    }

    int status() {
      return response.statusCode();
    }

    HttpHeaders headers() {
      return response.headers();
    }

    /** The next event named {@code name}, skipping others; fails after {@link #WAIT}. */
    Event next(String name) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        Event e = events.poll(100, TimeUnit.MILLISECONDS);
        if (e != null && e.name().equals(name)) {
          return e;
        }
      }
      throw new AssertionError("no '" + name + "' event within " + WAIT);
    }

    /** Whether the server ended the stream within {@link #WAIT}. */
    boolean awaitEnd() throws InterruptedException {
      return ended.await(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      response.body().close();
    }
  }
}
