package dev.parley.examroom.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.examroom.ExamRoomApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The exam room's REST API, as much of it as these tests need. */
final class TestHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A status and its JSON body. */
  record Response(int status, JsonNode body) {}

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  TestHttp(String base) {
    this.base = base;
  }

  static String url(ExamRoomApp app) {
    return "http://127.0.0.1:" + app.address().getPort();
  }

  Response send(String path, String token, Object body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    if (body != null) {
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(write(body)));
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  JsonNode get(String path, String token) {
    return expect(send(path, token, null), 200);
  }

  int getStatus(String path) {
    return send(path, null, null).status();
  }

  JsonNode post(String path, String token, Object body, int status) {
    return expect(send(path, token, body), status);
  }

  String login(String username, String password) {
    return post("/api/auth/login", null, Map.of("username", username, "password", password), 200)
        .get("accessToken").asText();
  }

  String userId(String token, String username) {
    for (JsonNode u : get("/api/users", token).get("users")) {
      if (u.get("username").asText().equals(username)) {
        return u.get("id").asText();
      }
    }
    throw new IllegalStateException(username);
  }

  private static JsonNode expect(Response r, int status) {
    if (r.status() != status) {
      throw new IllegalStateException("expected " + status + ", got " + r.status() + ": " + r.body());
    }
    return r.body();
  }

  private static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
