package dev.swim.sample;

import dev.swim.spring.event.SwimUserEventPublisher;
import dev.swim.spring.event.SwimUserEventTooLargeException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cluster-wide user events over HTTP: {@code POST /events/{name}} broadcasts the request body,
 * whatever its content type, and {@code GET /events} lists the events this node received.
 */
@RestController
public class UserEventsController {

  /** The largest request body read; anything longer is refused without reading it all. */
  static final int MAX_BODY = 1024 * 1024;

  private final SwimUserEventPublisher publisher;
  private final UserEventLog log;

  UserEventsController(SwimUserEventPublisher publisher, UserEventLog log) {
    this.publisher = publisher;
    this.log = log;
  }

  /**
   * Broadcasts a user event named {@code name} whose payload is the raw request body (any content
   * type, form posts included). 202 on success; 413 when the body is over {@code
   * swim.max-user-event-size}; 400 for a bad name.
   */
  @PostMapping("/events/{name}")
  public ResponseEntity<?> broadcast(@PathVariable String name, HttpServletRequest request)
      throws IOException {
    byte[] payload;
    try (InputStream in = request.getInputStream()) {
      payload = in.readNBytes(MAX_BODY + 1);
    }
    if (payload.length > MAX_BODY) {
      return ResponseEntity.of(
              ProblemDetail.forStatusAndDetail(
                  HttpStatus.CONTENT_TOO_LARGE,
                  "User event '"
                      + name
                      + "' payload is over "
                      + MAX_BODY
                      + " bytes; the limit is "
                      + publisher.maxPayloadSize()
                      + " bytes (swim.max-user-event-size)"))
          .build();
    }
    publisher.broadcast(name, payload);
    return ResponseEntity.accepted().body(Map.of("name", name, "size", payload.length));
  }

  /** The events, oldest first, as {@code [{name, origin, payload}, ...]}. */
  @GetMapping("/events")
  public List<UserEventRecord> events() {
    return log.events();
  }

  @ExceptionHandler(SwimUserEventTooLargeException.class)
  ProblemDetail tooLarge(SwimUserEventTooLargeException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail badRequest(IllegalArgumentException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(IllegalStateException.class)
  ProblemDetail notRunning(IllegalStateException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
  }
}
