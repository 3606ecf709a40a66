package dev.swim.sample;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/** A tiny HTTP client for the tests: real requests to the running server. */
final class Http {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  /** GETs {@code path} on localhost:{@code port}. */
  static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** POSTs {@code body} to {@code path} on localhost:{@code port}, with no Content-Type if null. */
  static HttpResponse<String> post(int port, String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The value of property {@code name} as {@code /actuator/env/{name}} shows it (200 expected). */
  static String envValue(int port, String name) throws IOException, InterruptedException {
    HttpResponse<String> response = get(port, "/actuator/env/" + name);
    if (response.statusCode() != 200) {
      throw new AssertionError("/actuator/env/" + name + " answered " + response.statusCode());
    }
    return JsonPath.read(response.body(), "$.property.value");
  }

  /** A fresh random AES-256 key, base64 as swim.encryption.keys takes it. */
  static String newKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }
}
