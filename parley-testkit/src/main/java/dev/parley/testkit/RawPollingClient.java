package dev.parley.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Engine.IO HTTP long-polling by hand (JDK {@link HttpClient}), for protocol and hostile-input tests.
 */
public final class RawPollingClient {
  /** An answer: status and body. */
  public record Response(int status, String body, java.net.http.HttpHeaders headers) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private String sid;

  /** @param base for example {@code http://127.0.0.1:3000/socket.io/} */
  public RawPollingClient(String base) {
    this.base = base;
  }

  /** Opens a session; returns the handshake data. */
  public JsonNode handshake() {
    Response r = get("?EIO=4&transport=polling");
    if (r.status != 200 || !r.body.startsWith("0")) {
      throw new IllegalStateException("handshake failed: " + r);
    }
    try {
      JsonNode open = JSON.readTree(r.body.substring(1));
      sid = open.get("sid").asText();
      return open;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String sid() {
    return sid;
  }

  /** GET {@code base + query}. */
  public Response get(String query) {
    return send(HttpRequest.newBuilder(URI.create(base + query)).GET().timeout(Duration.ofSeconds(30)).build());
  }

  /** A poll on this session. */
  public Response poll() {
    return get(sessionQuery());
  }

  /** A poll on this session that does not block the caller. */
  public CompletableFuture<Response> pollAsync() {
    return http.sendAsync(HttpRequest.newBuilder(URI.create(base + sessionQuery())).GET().build(),
        HttpResponse.BodyHandlers.ofString()).thenApply(r -> new Response(r.statusCode(), r.body(), r.headers()));
  }

  /** POSTs a payload on this session. */
  public Response post(String payload) {
    return post(sessionQuery(), payload, "text/plain;charset=UTF-8");
  }

  /** POSTs a body with a content type. */
  public Response post(String query, String body, String contentType) {
    return send(HttpRequest.newBuilder(URI.create(base + query)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build());
  }

  /** Sends any request. */
  public Response send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new IllegalStateException("request failed: " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String sessionQuery() {
    return "?EIO=4&transport=polling&sid=" + sid;
  }
}
