package dev.parley.engineio.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.engineio.server.CorsOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who may talk to the server: CORS on polling answers and preflights, the WebSocket Origin allowlist (checked before
 * the 101), and the allowRequest hook (403 {@code {"code":4,…}}).
 */
class EngineAccessControlTest extends AbstractEchoServerTest {
  private static final String APP = "https://app.example";

  private Reply preflight(String origin) {
    return send(HttpRequest.newBuilder(URI.create(base() + "?EIO=4&transport=polling")).timeout(WAIT)
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type").build());
  }

  // ---- CORS on polling ----

  @Test
  void withoutCorsOptionsNoCorsHeaderIsSent() {
    Reply r = get("?EIO=4&transport=polling", "Origin", APP);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("access-control-allow-origin")).isNull();
    assertThat(preflight(APP).header("access-control-allow-origin")).isNull();
  }

  @Test
  void anyOriginAnswersAStarWithoutCredentials() throws InterruptedException {
    restartWith(EchoServer.suiteOptions().cors(CorsOptions.anyOrigin()));
    Reply handshake = get("?EIO=4&transport=polling", "Origin", "https://anyone.example");
    assertThat(handshake.header("access-control-allow-origin")).isEqualTo("*");
    assertThat(handshake.header("access-control-allow-credentials")).isNull();

    String sid = sidOf(handshake.body());
    Reply post = send(HttpRequest.newBuilder(URI.create(base() + pollingQuery(sid))).timeout(WAIT)
        .header("Origin", "https://anyone.example").header("Content-Type", "text/plain;charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString("4cors")).build());
    assertThat(post.body()).isEqualTo("ok");
    assertThat(post.header("access-control-allow-origin")).isEqualTo("*");

    Reply pre = preflight("https://anyone.example");
    assertThat(pre.status()).isEqualTo(204);
    assertThat(pre.header("access-control-allow-origin")).isEqualTo("*");
    assertThat(pre.header("access-control-allow-methods")).contains("GET").contains("POST");
    assertThat(pre.header("access-control-allow-headers")).containsIgnoringCase("content-type");
    assertThat(pre.header("access-control-allow-credentials")).isNull();
  }

  @Test
  void exactOriginsWithCredentialsReflectOnlyTheListedOrigin() throws InterruptedException {
    restartWith(EchoServer.suiteOptions().cors(CorsOptions.origins(List.of(APP), true)));
    Reply allowed = get("?EIO=4&transport=polling", "Origin", APP);
    assertThat(allowed.header("access-control-allow-origin")).isEqualTo(APP);
    assertThat(allowed.header("access-control-allow-credentials")).isEqualTo("true");
    assertThat(allowed.headers().allValues("vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("origin"));

    Reply pre = preflight(APP);
    assertThat(pre.status()).isEqualTo(204);
    assertThat(pre.header("access-control-allow-origin")).isEqualTo(APP);
    assertThat(pre.header("access-control-allow-credentials")).isEqualTo("true");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://evil.example", "null", "https://app.example.evil.com", "http://app.example",
      "https://app.example:8443", "https://APP.example.", "https://app.example/"})
  void otherOriginsGetNoCorsHeadersAndNeverAStarWithCredentials(String origin) throws InterruptedException {
    restartWith(EchoServer.suiteOptions().cors(CorsOptions.origins(List.of(APP), true)));
    Reply r = get("?EIO=4&transport=polling", "Origin", origin);
    assertThat(r.status()).isEqualTo(200); // CORS is the browser's to enforce; the server just does not vouch
    assertThat(r.header("access-control-allow-origin")).isNull();
    assertThat(r.header("access-control-allow-credentials")).isNull();

    Reply pre = preflight(origin);
    assertThat(pre.header("access-control-allow-origin")).isNull();
    assertThat(pre.header("access-control-allow-methods")).isNull();
  }

  @Test
  void credentialsCannotBeCombinedWithTheWildcard() {
    assertThatThrownBy(() -> CorsOptions.origins(List.of("*"), true)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- WebSocket Origin allowlist ----

  @ParameterizedTest
  @ValueSource(strings = {"https://evil.example", "null", "https://app.example.evil.com", "http://app.example",
      "https://app.example:8443", "HTTPS://APP.EXAMPLE"})
  void aWebSocketFromAnOriginNotListedIsRefusedBeforeSwitchingProtocols(String origin) throws InterruptedException {
    restartWith(EchoServer.suiteOptions().allowedOrigins(List.of(APP)));
    RawResponse r = raw(webSocketRequest("?EIO=4&transport=websocket", "Origin: " + origin + "\r\n"));

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
    assertThat(echo.engine.clientsCount()).isZero();
  }

  @Test
  void aWebSocketFromTheListedOriginIsAccepted() throws InterruptedException {
    restartWith(EchoServer.suiteOptions().allowedOrigins(List.of(APP)));
    try (Ws ws = openWebSocket("?EIO=4&transport=websocket", Map.of("Origin", APP))) {
      assertThat(ws.nextText(WAIT)).startsWith("0{");
      ws.sendText("4hi");
      assertThat(ws.nextMessage(WAIT)).isEqualTo("4hi");
    }
  }

  @Test
  void aWebSocketWithoutOriginFollowsTheMissingOriginPolicy() throws InterruptedException {
    // default: non-browser clients (no Origin) are accepted even with an allowlist
    restartWith(EchoServer.suiteOptions().allowedOrigins(List.of(APP)));
    assertThat(raw(webSocketRequest("?EIO=4&transport=websocket", "")).status()).isEqualTo(101);

    restartWith(EchoServer.suiteOptions().allowedOrigins(List.of(APP)).allowMissingOrigin(false));
    RawResponse refused = raw(webSocketRequest("?EIO=4&transport=websocket", ""));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
    assertThat(raw(webSocketRequest("?EIO=4&transport=websocket", "Origin: " + APP + "\r\n")).status())
        .isEqualTo(101);
  }

  @Test
  void anEmptyAllowlistAcceptsAnyOrigin() {
    assertThat(raw(webSocketRequest("?EIO=4&transport=websocket", "Origin: https://anyone.example\r\n")).status())
        .isEqualTo(101);
  }

  // ---- allowRequest ----

  @Test
  void allowRequestRefusalIs403ForbiddenOnBothTransports() throws InterruptedException {
    restartWith(EchoServer.suiteOptions().allowRequest(request ->
        CompletableFuture.completedFuture("let-me-in".equals(request.queryParam("token")))));

    Reply polling = get("?EIO=4&transport=polling");
    assertThat(polling.status()).isEqualTo(403);
    assertThat(polling.body()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
    RawResponse ws = raw(webSocketRequest("?EIO=4&transport=websocket", ""));
    assertThat(ws.status()).isEqualTo(403);
    assertThat(ws.body()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
    assertThat(echo.engine.clientsCount()).isZero();

    assertThat(get("?EIO=4&transport=polling&token=let-me-in").status()).isEqualTo(200);
    assertThat(raw(webSocketRequest("?EIO=4&transport=websocket&token=let-me-in", "")).status()).isEqualTo(101);
  }

  @Test
  void allowRequestMayAnswerLaterFromAnotherThread() throws InterruptedException {
    Executor later = CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS);
    restartWith(EchoServer.suiteOptions().allowRequest(request ->
        CompletableFuture.supplyAsync(() -> request.header("x-allow") != null, later)));

    assertThat(get("?EIO=4&transport=polling").status()).isEqualTo(403);
    Reply allowed = get("?EIO=4&transport=polling", "X-Allow", "yes");
    assertThat(allowed.status()).isEqualTo(200);
    String sid = sidOf(allowed.body());
    postOk(sid, "4in");
    assertThat(poll(sid)).isEqualTo("4in");
  }

  @Test
  void aFailingAllowRequestRefusesTheHandshake() throws InterruptedException {
    restartWith(EchoServer.suiteOptions().allowRequest(request ->
        CompletableFuture.failedFuture(new IllegalStateException("database down"))));

    Reply r = get("?EIO=4&transport=polling");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
    assertThat(echo.engine.clientsCount()).isZero();
  }

  @Test
  void allowRequestIsNotAskedAgainForRequestsOfAnOpenSession() throws InterruptedException {
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    restartWith(EchoServer.suiteOptions().pingInterval(Duration.ofSeconds(10)).allowRequest(request ->
        CompletableFuture.completedFuture(asked.incrementAndGet() == 1)));

    String sid = handshake();
    postOk(sid, "4one");
    assertThat(poll(sid)).isEqualTo("4one");
    assertThat(asked).hasValue(1);
    assertThat(get("?EIO=4&transport=polling").status()).isEqualTo(403);
  }
}
