package dev.swim.spring.dashboard;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The dashboard in a servlet (Spring MVC) application: functional endpoints under the dashboard's
 * path, read-only ({@code GET} only).
 *
 * <ul>
 *   <li>{@code {path}} redirects to {@code {path}/}, the page;
 *   <li>{@code {path}/dashboard.js}, {@code dashboard.css}, {@code favicon.svg}: its files;
 *   <li>{@code {path}/config}: where the stream and the actuator are (JSON);
 *   <li>{@code {path}/events}: the event stream ({@code text/event-stream}), 503 when too many are
 *       open.
 * </ul>
 *
 * <p>Each stream is written by a thread of its own from a pool this bean owns (bounded by the
 * feed's stream limit), so a client that reads slowly holds up nobody else.
 */
public final class SwimDashboardWebMvc implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SwimDashboardWebMvc.class);

  /** How often an idle stream thread checks whether its stream was closed. */
  private static final long POLL_MS = 250;

  private final SwimDashboardFeed feed;
  private final SwimDashboardAccess access;
  private final String path;
  private final Supplier<Optional<String>> actuatorPath;
  private final DashboardAssets assets = new DashboardAssets();
  private final ExecutorService writers;

  /**
   * Creates the endpoints.
   *
   * @param feed the event feed
   * @param access who may see the dashboard
   * @param path the dashboard's path (checked: starts with '/', does not end with one)
   * @param actuatorPath the {@code swim} actuator endpoint's path within the application, empty
   *     when it is not served over HTTP on this port (asked on the first configuration request)
   */
  public SwimDashboardWebMvc(
      SwimDashboardFeed feed,
      SwimDashboardAccess access,
      String path,
      Supplier<Optional<String>> actuatorPath) {
    this.feed = feed;
    this.access = access;
    this.path = path;
    this.actuatorPath = actuatorPath;
    AtomicInteger n = new AtomicInteger();
    this.writers =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "swim-dashboard-stream-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** The routes, for a {@code RouterFunction} bean. */
  public RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET(path, this::redirect)
        .GET(path + "/", asset("index.html"))
        .GET(path + "/dashboard.js", asset("dashboard.js"))
        .GET(path + "/dashboard.css", asset("dashboard.css"))
        .GET(path + "/favicon.svg", asset("favicon.svg"))
        .GET(path + "/config", this::config)
        .GET(path + "/events", this::events)
        .filter(
            (request, next) -> {
              Principal principal = request.principal().orElse(null);
              if (access.permits(principal)) {
                return next.handle(request);
              }
              return plain(
                  principal == null ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN,
                  "not permitted to see the SWIM dashboard");
            })
        .build();
  }

  private ServerResponse redirect(ServerRequest request) {
    // relative, so that it holds behind any context path or proxy prefix
    String last = path.substring(path.lastIndexOf('/') + 1);
    return ServerResponse.status(HttpStatus.FOUND)
        .headers(h -> common(h, DashboardAssets.CACHE_NONE))
        .header(HttpHeaders.LOCATION, last + "/")
        .build();
  }

  private HandlerFunction<ServerResponse> asset(String name) {
    DashboardAssets.Asset a = assets.get(name);
    return request -> {
      if (DashboardAssets.notModified(
          request.headers().firstHeader(HttpHeaders.IF_NONE_MATCH), a.etag())) {
        return ServerResponse.status(HttpStatus.NOT_MODIFIED)
            .headers(h -> common(h, DashboardAssets.CACHE_ASSET))
            .eTag(a.etag())
            .build();
      }
      return ServerResponse.ok()
          .headers(h -> common(h, DashboardAssets.CACHE_ASSET))
          .eTag(a.etag())
          .contentType(MediaType.parseMediaType(a.contentType()))
          .contentLength(a.body().length)
          .build(
              (req, res) -> {
                res.getOutputStream().write(a.body());
                return null;
              });
    };
  }

  private ServerResponse config(ServerRequest request) {
    byte[] body =
        DashboardAssets.utf8(
            DashboardAssets.configJson(
                request.requestPath().contextPath().value(),
                path,
                actuatorPath.get().orElse(null),
                feed.heartbeatInterval()));
    return ServerResponse.ok()
        .headers(h -> common(h, DashboardAssets.CACHE_NONE))
        .contentType(MediaType.APPLICATION_JSON)
        .contentLength(body.length)
        .build(
            (req, res) -> {
              res.getOutputStream().write(body);
              return null;
            });
  }

  private ServerResponse events(ServerRequest request) {
    return ServerResponse.ok()
        .headers(h -> common(h, DashboardAssets.CACHE_NONE))
        .contentType(MediaType.TEXT_EVENT_STREAM)
        .build(this::stream);
  }

  /** Subscribes, then hands the response to a stream thread (or answers 503). */
  private @Nullable ModelAndView stream(HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    QueueSink sink = new QueueSink(feed.queueCapacity());
    SwimDashboardFeed.Subscription subscription = feed.subscribe(sink);
    if (subscription == null) {
      refuse(res);
      return null;
    }
    AsyncContext async;
    try {
      async = req.startAsync(req, res);
    } catch (IllegalStateException e) {
      subscription.close();
      throw e;
    }
    async.setTimeout(0); // the heartbeats find out when the client is gone
    async.addListener(sink);
    try {
      writers.execute(() -> pump(async, sink, subscription));
    } catch (RejectedExecutionException e) { // shutting down
      subscription.close();
      async.complete();
    }
    return null;
  }

  private static void refuse(HttpServletResponse res) throws IOException {
    res.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
    res.setContentType("text/plain;charset=UTF-8");
    res.setHeader(HttpHeaders.RETRY_AFTER, "5");
    res.getOutputStream().write(DashboardAssets.utf8("too many dashboard streams are open\n"));
  }

  /** Writes the snapshot, then every message, until the stream is closed or the client goes. */
  private static void pump(
      AsyncContext async, QueueSink sink, SwimDashboardFeed.Subscription subscription) {
    try {
      OutputStream out = async.getResponse().getOutputStream();
      out.write(DashboardAssets.utf8(DashboardAssets.frame(subscription.snapshot(), true)));
      out.flush();
      while (!sink.closed) {
        SwimDashboardFeed.Message m = sink.queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
        if (m == null || sink.closed) {
          continue;
        }
        do {
          out.write(DashboardAssets.utf8(DashboardAssets.frame(m, false)));
          m = sink.queue.poll();
        } while (m != null && !sink.closed);
        out.flush();
      }
    } catch (IOException e) {
      log.debug("dashboard stream ended: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.debug("dashboard stream failed", e);
    } finally {
      subscription.close();
      try {
        async.complete();
      } catch (IllegalStateException alreadyDone) {
        // the container completed it after an error
      }
    }
  }

  private static ServerResponse plain(HttpStatus status, String text) {
    return ServerResponse.status(status)
        .headers(h -> common(h, DashboardAssets.CACHE_NONE))
        .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
        .body(text + "\n");
  }

  private static void common(HttpHeaders h, String cacheControl) {
    for (Map.Entry<String, String> e : DashboardAssets.headers(cacheControl).entrySet()) {
      h.set(e.getKey(), e.getValue());
    }
  }

  /** Stops the stream threads (the feed has closed their streams by now). */
  @Override
  public void destroy() {
    writers.shutdownNow();
  }

  /** One stream's queue; also told by the container when the connection fails. */
  private static final class QueueSink implements SwimDashboardFeed.Sink, AsyncListener {
    private final BlockingQueue<SwimDashboardFeed.Message> queue;
    private volatile boolean closed;

    QueueSink(int capacity) {
      this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public boolean offer(SwimDashboardFeed.Message message) {
      // a stream that is ending just drops it; only a full queue means a slow client
      return closed || queue.offer(message);
    }

    @Override
    public void close() {
      closed = true;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      closed = true;
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      closed = true;
    }

    @Override
    public void onError(AsyncEvent event) {
      closed = true;
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      // nothing to do
    }
  }
}
