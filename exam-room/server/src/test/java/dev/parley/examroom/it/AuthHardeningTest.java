package dev.parley.examroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.examroom.ExamRoomApp;
import dev.parley.examroom.auth.HostileTokens;
import dev.parley.examroom.storage.TestDatabases;
import dev.parley.examroom.testing.TestHttp;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Access tokens and the refresh cookie against the reliability catalogue (J1-J5, K3), over real REST and the
 * official JavaScript client, on SQLite: hostile tokens are refused on both doors, tokens expire and logout closes
 * sockets, a token in the query string is not a credential, no token reaches a log line, and the cookie's flags.
 */
class AuthHardeningTest {
  private static final String SECRET = "auth-hardening-test-secret-" + "s".repeat(32);
  private static JsClientDriver node;
  @TempDir
  Path dir;
  private ExamRoomApp app;
  private Api api;

  @BeforeAll
  static void startNode() {
    node = JsClientDriver.start();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  private void start(String... extra) throws InterruptedException {
    String[] args = new String[extra.length + 1];
    args[0] = "--auth.jwt.secret=" + SECRET;
    System.arraycopy(extra, 0, args, 1, extra.length);
    app = ExamRoomApp.start(TestDatabases.sqlite(dir, args));
    api = new Api(url());
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private String url() {
    return "http://127.0.0.1:" + app.address().getPort();
  }

  private JsClient client(Map<String, Object> opts) {
    Map<String, Object> all = new HashMap<>(opts);
    all.put("reconnection", false);
    return node.connect(url(), all);
  }

  private JsClient connect(String token) {
    JsClient client = client(Map.of("auth", Map.of("token", token)));
    client.awaitEvent("connect");
    return client;
  }

  private String userId(String adminToken, String username) {
    for (JsonNode u : api.get("/api/users", adminToken).body().get("users")) {
      if (u.get("username").asText().equals(username)) {
        return u.get("id").asText();
      }
    }
    throw new IllegalStateException(username);
  }

  @Test
  void hostileTokensAreRefusedOnRestAndSocketIoAndNoKeyUrlIsFetched() throws Exception {
    start();
    String admin = api.login("admin", "admin-demo-1");
    String adminId = userId(admin, "admin");
    AtomicInteger fetches = new AtomicInteger();
    HttpServer keyServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    keyServer.createContext("/", exchange -> {
      fetches.incrementAndGet();
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    keyServer.start();
    try {
      Map<String, String> hostile = HostileTokens.all(SECRET.getBytes(StandardCharsets.UTF_8), adminId,
          Instant.ofEpochMilli(api.get("/api/config", null).body().get("serverTime").asLong()),
          "http://127.0.0.1:" + keyServer.getAddress().getPort());
      // the generator itself is sound: the same claims, properly signed, are accepted
      String control = HostileTokens.valid(adminId, Instant.now())
          .sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(SECRET));
      assertThat(api.get("/api/users", control).status()).isEqualTo(200);
      List<JsClient> refused = new ArrayList<>();
      TestHttp http = new TestHttp();
      for (Map.Entry<String, String> t : hostile.entrySet()) {
        TestHttp.Reply rest = http.send(http.request(url() + "/api/users", t.getValue()).GET().build());
        JsClient socket = client(Map.of("auth", Map.of("token", t.getValue())));
        JsonNode error = socket.awaitEvent("connect_error");
        refused.add(socket);
        if (t.getValue().length() > 8192) {
          // past the HTTP header limit (and for 1 MB the Socket.IO packet limit): refused before any JWT code sees
          // it, or by the verifier's own length cap
          assertThat(rest.status()).as(t.getKey()).isIn(400, 401, 413, 431);
          continue;
        }
        assertThat(rest.status()).as(t.getKey()).isEqualTo(401);
        assertThat(rest.json().get("error").asText()).as(t.getKey()).isEqualTo("unauthorized");
        assertThat(error.get(0).asText()).as(t.getKey()).isEqualTo("unauthorized");
        assertThat(error.get(1).get("reason").asText()).as(t.getKey()).isIn("invalid_token", "expired_token");
      }
      assertThat(refused).allSatisfy(s -> assertThat(s.events("connect")).isEmpty());
      assertThat(app.io().of("/").sockets()).as("no hostile socket joined anything").isEmpty();
      assertThat(fetches).as("requests to the jku/x5u URLs").hasValue(0);
    } finally {
      keyServer.stop(0);
    }
  }

  @Test
  void aSocketIsClosedWithAClearReasonWhenItsTokenExpires() throws InterruptedException {
    start("--auth.access.token.ttl=2s");
    JsClient candidate = connect(api.login("candidate1", "candidate-demo-1"));
    candidate.awaitEvent("session_expired", Duration.ofSeconds(15));
    JsonNode disconnect = candidate.awaitEvent("disconnect", Duration.ofSeconds(5));
    assertThat(disconnect.get(0).asText()).isEqualTo("io server disconnect");
  }

  @Test
  void logoutClosesEveryTabOfThatUserAndNoOtherUsersSocket() throws InterruptedException {
    start();
    String token = api.login("candidate1", "candidate-demo-1");
    JsClient tab1 = connect(token);
    JsClient tab2 = connect(api.login("candidate1", "candidate-demo-1"));
    JsClient other = connect(api.login("candidate2", "candidate-demo-2"));
    assertThat(api.post("/api/auth/logout", token, Map.of()).status()).isEqualTo(204);
    assertThat(tab1.awaitEvent("disconnect").get(0).asText()).isEqualTo("io server disconnect");
    assertThat(tab2.awaitEvent("disconnect").get(0).asText()).isEqualTo("io server disconnect");
    // the other user's socket still works: an acknowledged round trip after the logout
    JsonNode reply = other.emitWithAck("timer_sync", Duration.ofSeconds(5), Map.of("sessionId", "none"));
    assertThat(reply.has("args")).as(reply.toString()).isTrue();
    assertThat(other.events("disconnect")).isEmpty();
  }

  @Test
  void aTokenInTheQueryStringIsNotACredential() throws InterruptedException {
    start();
    String token = api.login("admin", "admin-demo-1");
    JsClient viaQuery = client(Map.of("query", Map.of("token", token, "access_token", token)));
    JsonNode error = viaQuery.awaitEvent("connect_error");
    assertThat(error.get(0).asText()).isEqualTo("unauthorized");
    assertThat(error.get(1).get("reason").asText()).isEqualTo("missing_token");
    assertThat(api.get("/api/users?token=" + token, null).status()).isEqualTo(401);
    assertThat(api.get("/api/users?access_token=" + token, null).status()).isEqualTo(401);
  }

  @Test
  void noTokenEverReachesALogLine() throws InterruptedException {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level level = root.getLevel();
    List<Appender<ILoggingEvent>> quieted = new ArrayList<>();
    root.iteratorForAppenders().forEachRemaining(quieted::add);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    // everything, down to DEBUG, goes to the list only, so the build log is not flooded
    quieted.forEach(root::detachAppender);
    root.addAppender(captured);
    root.setLevel(Level.DEBUG);
    List<String> secrets = new ArrayList<>();
    try {
      start("--auth.access.token.ttl=2s");
      String admin = api.login("admin", "admin-demo-1");
      String candidate = api.login("candidate1", "candidate-demo-1");
      secrets.add(admin);
      secrets.add(candidate);
      exerciseEveryTokenPath(admin, candidate, secrets);
    } finally {
      app.close();
      app = null;
      root.detachAppender(captured);
      quieted.forEach(root::addAppender);
      root.setLevel(level);
    }
    assertThat(captured.list).as("the test logged something at all").isNotEmpty();
    for (ILoggingEvent e : captured.list) {
      String text = e.getFormattedMessage() + " " + throwableText(e.getThrowableProxy()) + " " + e.getMDCPropertyMap();
      for (String secret : secrets) {
        // the signature is the part that makes a token usable; the whole token contains it
        String signature = secret.substring(secret.lastIndexOf('.') + 1);
        assertThat(text).as(e.getLoggerName()).doesNotContain(signature);
      }
    }
  }

  /** Every way a token travels: REST, the socket handshake, a query string, a refusal, an expiry, the refresh. */
  private void exerciseEveryTokenPath(String admin, String candidate, List<String> secrets) {
    assertThat(api.get("/api/users", admin).status()).isEqualTo(200);
    String tampered = admin.substring(0, admin.length() - 3) + (admin.endsWith("AAA") ? "BBB" : "AAA");
    assertThat(api.get("/api/users", tampered).status()).isEqualTo(401);
    JsClient ok = connect(candidate);
    ok.emitWithAck("join_session", Duration.ofSeconds(5), Map.of("sessionId", "nope", "lastSeq", 0));
    JsClient forged = client(Map.of("auth", Map.of("token", tampered)));
    forged.awaitEvent("connect_error");
    JsClient viaQuery = client(Map.of("query", Map.of("token", admin)));
    viaQuery.awaitEvent("connect_error");
    assertThat(api.get("/api/users?access_token=" + admin, null).status()).isEqualTo(401);
    Api.Response login = loginWithCookie("examiner", "examiner-demo-1");
    String refresh = cookieValue(login.headers().firstValue("set-cookie").orElseThrow());
    secrets.add(login.body().get("accessToken").asText());
    secrets.add(refresh);
    Api.Response refreshed = api.send(HttpRequest.newBuilder(URI.create(url() + "/api/auth/refresh"))
        .header("Cookie", "parley_refresh=" + refresh).POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(refreshed.status()).isEqualTo(200);
    secrets.add(refreshed.body().get("accessToken").asText());
    // the old refresh token again: refused (rotation), and that refusal must not log it either
    assertThat(api.send(HttpRequest.newBuilder(URI.create(url() + "/api/auth/refresh"))
        .header("Cookie", "parley_refresh=" + refresh).POST(HttpRequest.BodyPublishers.noBody()).build()).status())
        .isEqualTo(401);
    ok.awaitEvent("session_expired", Duration.ofSeconds(15));
    ok.awaitEvent("disconnect");
    assertThat(api.post("/api/auth/logout", admin, Map.of()).status()).isEqualTo(204);
  }

  private static String throwableText(IThrowableProxy t) {
    StringBuilder b = new StringBuilder();
    for (IThrowableProxy p = t; p != null; p = p.getCause()) {
      b.append(p.getClassName()).append(": ").append(p.getMessage()).append('\n');
    }
    return b.toString();
  }

  private Api.Response loginWithCookie(String username, String password) {
    return api.post("/api/auth/login", null, Map.of("username", username, "password", password));
  }

  private static String cookieValue(String setCookie) {
    return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
  }

  private static List<String> attributes(String setCookie) {
    List<String> list = new ArrayList<>();
    for (String part : setCookie.split(";")) {
      list.add(part.trim());
    }
    return list.subList(1, list.size());
  }

  @Test
  void theRefreshCookieIsHttpOnlySameSiteStrictScopedToAuthAndNotSecureUnlessConfigured()
      throws InterruptedException {
    start();
    Api.Response login = loginWithCookie("candidate1", "candidate-demo-1");
    List<String> cookies = login.headers().allValues("set-cookie");
    assertThat(cookies).hasSize(1);
    assertThat(cookies.get(0)).startsWith("parley_refresh=");
    assertThat(attributes(cookies.get(0))).contains("HttpOnly", "SameSite=Strict", "Path=/api/auth")
        .doesNotContain("Secure").anyMatch(a -> a.startsWith("Max-Age="));
    // the access token is in the body for the page's memory, never in a cookie
    assertThat(cookies.get(0)).doesNotContain(login.body().get("accessToken").asText());
    Api.Response out = api.post("/api/auth/logout", login.body().get("accessToken").asText(), Map.of());
    String cleared = out.headers().firstValue("set-cookie").orElseThrow();
    assertThat(cleared).startsWith("parley_refresh=;");
    assertThat(attributes(cleared)).contains("HttpOnly", "SameSite=Strict", "Path=/api/auth", "Max-Age=0");
  }

  @Test
  void behindHttpsTheRefreshCookieIsAlsoSecure() throws InterruptedException {
    start("--auth.secure.cookies=true");
    Api.Response login = loginWithCookie("candidate1", "candidate-demo-1");
    String cookie = login.headers().firstValue("set-cookie").orElseThrow();
    assertThat(attributes(cookie)).contains("HttpOnly", "SameSite=Strict", "Secure");
    Api.Response refreshed = api.send(HttpRequest.newBuilder(URI.create(url() + "/api/auth/refresh"))
        .header("Cookie", "parley_refresh=" + cookieValue(cookie)).POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(refreshed.status()).isEqualTo(200);
    assertThat(attributes(refreshed.headers().firstValue("set-cookie").orElseThrow()))
        .contains("HttpOnly", "SameSite=Strict", "Secure");
    String cleared = api.post("/api/auth/logout", refreshed.body().get("accessToken").asText(), Map.of()).headers()
        .firstValue("set-cookie").orElseThrow();
    assertThat(attributes(cleared)).contains("HttpOnly", "SameSite=Strict", "Secure", "Max-Age=0");
  }
}
