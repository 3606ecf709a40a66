package dev.swim.spring.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The dashboard in a reactive (WebFlux) application: the same routes, headers and documents as
 * {@link SwimDashboardWebMvc}, with each event stream a {@code Flux} of server-sent events fed
 * through a bounded queue.
 */
public final class SwimDashboardWebFlux {

  private final SwimDashboardFeed feed;
  private final SwimDashboardAccess access;
  private final String path;
  private final Supplier<Optional<String>> actuatorPath;
  private final DashboardAssets assets = new DashboardAssets();

  /** How long a stream's response may go unwritten before its place is taken back. */
  static final Duration UNCLAIMED_GRACE = Duration.ofSeconds(10);

  /**
   * Creates the endpoints.
   *
   * @param feed the event feed
   * @param access who may see the dashboard
   * @param path the dashboard's path (checked: starts with '/', does not end with one)
   * @param actuatorPath the {@code swim} actuator endpoint's path within the application, empty
   *     when it is not served over HTTP on this port (asked on the first configuration request)
   */
  public SwimDashboardWebFlux(
      SwimDashboardFeed feed,
      SwimDashboardAccess access,
      String path,
      Supplier<Optional<String>> actuatorPath) {
    this.feed = feed;
    this.access = access;
    this.path = path;
    this.actuatorPath = actuatorPath;
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
            (request, next) ->
                request
                    .principal()
                    .map(p -> Optional.<Principal>of(p))
                    .defaultIfEmpty(Optional.empty())
                    .flatMap(
                        p -> {
                          if (access.permits(p.orElse(null))) {
                            return next.handle(request);
                          }
                          return plain(
                              p.isEmpty() ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN,
                              "not permitted to see the SWIM dashboard");
                        }))
        .build();
  }

  private Mono<ServerResponse> redirect(ServerRequest request) {
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
          .body(
              BodyInserters.fromDataBuffers(
                  Mono.fromSupplier(
                      () -> request.exchange().getResponse().bufferFactory().wrap(a.body()))));
    };
  }

  private Mono<ServerResponse> config(ServerRequest request) {
    String body =
        DashboardAssets.configJson(
            request.requestPath().contextPath().value(),
            path,
            actuatorPath.get().orElse(null),
            feed.heartbeatInterval());
    return ServerResponse.ok()
        .headers(h -> common(h, DashboardAssets.CACHE_NONE))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body);
  }

  private Mono<ServerResponse> events(ServerRequest request) {
    FluxSink sink = new FluxSink(feed.queueCapacity(), UNCLAIMED_GRACE);
    SwimDashboardFeed.Subscription subscription = feed.subscribe(sink);
    if (subscription == null) {
      return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
          .headers(h -> common(h, DashboardAssets.CACHE_NONE))
          .header(HttpHeaders.RETRY_AFTER, "5")
          .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
          .bodyValue("too many dashboard streams are open\n");
    }
    sink.attach(subscription);
    SwimDashboardFeed.Message snapshot = subscription.snapshot();
    Flux<ServerSentEvent<String>> first =
        Flux.just(
            ServerSentEvent.builder(snapshot.data())
                .event(snapshot.event())
                .retry(DashboardAssets.RETRY)
                .build());
    Flux<ServerSentEvent<String>> rest =
        sink.messages.asFlux().map(m -> ServerSentEvent.builder(m.data()).event(m.event()).build());
    Flux<ServerSentEvent<String>> stream =
        Flux.concat(first, rest)
            .doOnSubscribe(s -> sink.claimed = true)
            .takeUntilOther(sink.closed.asMono())
            .doFinally(signal -> subscription.close());
    return ServerResponse.ok()
        .headers(h -> common(h, DashboardAssets.CACHE_NONE))
        .contentType(MediaType.TEXT_EVENT_STREAM)
        .body(BodyInserters.fromServerSentEvents(stream));
  }

  private static Mono<ServerResponse> plain(HttpStatus status, String text) {
    return ServerResponse.status(status)
        .headers(h -> common(h, DashboardAssets.CACHE_NONE))
        .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
        .bodyValue(text + "\n");
  }

  private static void common(HttpHeaders h, String cacheControl) {
    for (Map.Entry<String, String> e : DashboardAssets.headers(cacheControl).entrySet()) {
      h.set(e.getKey(), e.getValue());
    }
  }

  /**
   * One stream's bounded queue: a unicast sink whose buffer refuses what does not fit, and a signal
   * that ends the stream at once (without draining what is queued).
   *
   * <p>The stream's place in the feed is taken when the request is handled, but only the response
   * body's subscription ends it again; a response that is never written (the exchange failed in
   * between) would hold its place for good. So a stream whose body has not been subscribed {@code
   * unclaimedGrace} after it opened refuses the next message, the feed closes it as a slow one, and
   * closing an unclaimed stream frees its place itself.
   */
  static final class FluxSink implements SwimDashboardFeed.Sink {
    final Sinks.Many<SwimDashboardFeed.Message> messages;
    final Sinks.One<Boolean> closed = Sinks.one();
    private final long openedAt = System.nanoTime();
    private final long unclaimedGraceNanos;
    private volatile SwimDashboardFeed.@Nullable Subscription subscription;
    private volatile boolean closeRequested;
    volatile boolean claimed;

    FluxSink(int capacity, Duration unclaimedGrace) {
      this.messages =
          Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(capacity));
      this.unclaimedGraceNanos = unclaimedGrace.toNanos();
    }

    @Override
    public boolean offer(SwimDashboardFeed.Message message) {
      if (!claimed && System.nanoTime() - openedAt > unclaimedGraceNanos) {
        return false; // its response was never written: let the feed close it
      }
      // the feed calls this holding its lock, so emissions never race each other; a stream that
      // has ended already (cancelled, terminated) just drops the message
      return messages.tryEmitNext(message) != Sinks.EmitResult.FAIL_OVERFLOW;
    }

    /** The feed's subscription of this stream, whose place an unclaimed close frees. */
    void attach(SwimDashboardFeed.Subscription s) {
      subscription = s;
      if (closeRequested && !claimed) {
        s.close(); // closed by the feed before it was attached
      }
    }

    @Override
    public void close() {
      closeRequested = true;
      closed.tryEmitValue(Boolean.TRUE);
      SwimDashboardFeed.Subscription s = subscription;
      if (!claimed && s != null) {
        s.close(); // no body subscription will ever free the place
      }
    }
  }
}
