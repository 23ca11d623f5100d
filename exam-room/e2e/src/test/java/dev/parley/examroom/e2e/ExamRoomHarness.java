package dev.parley.examroom.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.examroom.ExamRoomApp;
import dev.parley.examroom.auth.PasswordHasher;
import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.domain.Role;
import dev.parley.examroom.domain.User;
import dev.parley.examroom.storage.Database;
import dev.parley.examroom.storage.UserRepository;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The exam room for one scenario: the real app in-process (SQLite in the test's temporary directory, the adjustable
 * test clock, a free port, plus the test's own settings), the candidate's {@link TcpProxy} in front of it (in the
 * chat's scenarios, the proxied user's), REST for preparing data, and the requests a scenario script may make mid-way
 * (see {@link #ops}).
 */
final class ExamRoomHarness implements AutoCloseable {
  static final Map<String, String> PASSWORDS = Map.of("admin", "admin-demo-1", "examiner", "examiner-demo-1",
      "candidate1", "candidate-demo-1", "candidate2", "candidate-demo-2");

  /** Messages one socket sends when seeding (within the Socket.IO server's burst of events per socket). */
  static final int SEED_PER_SOCKET = 30;

  private final Path dir;
  private final Path dataDir;
  private final List<String> settings;
  private final Map<String, String> passwords = new LinkedHashMap<>(PASSWORDS);
  private volatile ExamRoomApp app;
  private final int port;
  private final Api api;
  private final TcpProxy proxy;
  private String adminToken;
  private final Map<String, String> userIds = new HashMap<>();

  private ExamRoomHarness(Path dir, List<String> settings) throws IOException, InterruptedException {
    this.dir = dir;
    this.dataDir = Files.createDirectories(dir.resolve("data"));
    this.settings = List.copyOf(settings);
    this.app = ExamRoomApp.start(config(0));
    this.port = app.address().getPort();
    this.api = new Api(appUrl());
    this.proxy = new TcpProxy(port);
    loadUserIds();
  }

  static ExamRoomHarness start(Path dir) throws IOException, InterruptedException {
    return new ExamRoomHarness(dir, List.of());
  }

  /** With extra command-line settings ({@code --key=value}), after the harness's own. */
  static ExamRoomHarness start(Path dir, List<String> settings) throws IOException, InterruptedException {
    return new ExamRoomHarness(dir, settings);
  }

  private AppConfig config(int httpPort) {
    List<String> args = new ArrayList<>(List.of(
        "--data.dir=" + dataDir,
        "--db.url=jdbc:sqlite:" + dataDir.resolve("exam-room.db"),
        "--http.host=127.0.0.1",
        "--http.port=" + httpPort,
        "--testing.adjustable.clock=true"));
    args.addAll(settings);
    return AppConfig.load(Map.of(), args.toArray(String[]::new));
  }

  private void loadUserIds() {
    for (JsonNode u : adminGet("/api/users").get("users")) {
      userIds.put(u.get("username").asText(), u.get("id").asText());
    }
  }

  /** The app itself: what the examiner's and the admin's browsers use. */
  String appUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The candidate's way in, through the proxy. */
  String candidateUrl() {
    return "http://127.0.0.1:" + proxy.port();
  }

  TcpProxy proxy() {
    return proxy;
  }

  Api api() {
    return api;
  }

  String userId(String username) {
    return userIds.get(username);
  }

  /** A GET as admin (signing in again when the token has expired, e.g. after the clock moved days ahead). */
  JsonNode adminGet(String path) {
    if (adminToken == null) {
      adminToken = api.login("admin", PASSWORDS.get("admin"));
    }
    Api.Response r = api.get(path, adminToken);
    if (r.status() == 401) {
      adminToken = api.login("admin", PASSWORDS.get("admin"));
      r = api.get(path, adminToken);
    }
    return r.expect(200);
  }

  JsonNode adminPost(String path, Object body, int expectedStatus) {
    if (adminToken == null) {
      adminToken = api.login("admin", PASSWORDS.get("admin"));
    }
    Api.Response r = api.post(path, adminToken, body);
    if (r.status() == 401) {
      adminToken = api.login("admin", PASSWORDS.get("admin"));
      r = api.post(path, adminToken, body);
    }
    return r.expect(expectedStatus);
  }

  long serverTime() {
    return api.get("/api/config", null).expect(200).get("serverTime").asLong();
  }

  /** Moves the test clock forward, as an admin does with {@code POST /api/testing/clock}. */
  long advanceClock(long ms) {
    return adminPost("/api/testing/clock", Map.of("advanceMs", ms), 200).get("serverTime").asLong();
  }

  /**
   * A session of candidate1 with the examiner, created by the admin; {@code durations} in ms per part (the
   * session's own), or {@code null} for the defaults.
   */
  String createSession(String title, long scheduledAt, Map<String, Long> durations) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", title);
    body.put("candidateId", userId("candidate1"));
    body.put("examinerId", userId("examiner"));
    body.put("scheduledAt", scheduledAt);
    if (durations != null) {
      body.put("durations", durations);
    }
    return adminPost("/api/sessions", body, 201).get("session").get("id").asText();
  }

  JsonNode session(String id) {
    return adminGet("/api/sessions/" + id);
  }

  JsonNode audit(String id) {
    return adminGet("/api/sessions/" + id + "/audit").get("audit");
  }

  /**
   * Adds a user. The app has no way to create users (no API, no page: the demo accounts are made at start), so the
   * harness stops the app, writes the user with the app's own repository and password hashing, and starts it again
   * on the same port: for names no demo account has (e.g. markup in a display name). Returns the user's id.
   */
  synchronized String createUser(String username, String password, String displayName, String role)
      throws InterruptedException {
    app.close();
    String id = UUID.randomUUID().toString();
    try (Database db = Database.open(config(port))) {
      String hash = new PasswordHasher().hash(password);
      db.inTransaction(c -> {
        new UserRepository().insert(c, new User(id, username, displayName, Role.fromWireName(role)), hash,
            System.currentTimeMillis());
        return null;
      });
    }
    app = ExamRoomApp.start(config(port));
    passwords.put(username, password);
    loadUserIds();
    return id;
  }

  /**
   * Sends {@code count} chat messages to {@code roomId} as {@code username}, one after another, each acknowledged
   * before the next, with the official JavaScript client ({@link JsClientDriver}): data made through the server, as a
   * user would. The chat's rate limit must allow it ({@code --chat.rate.per.second}, {@code --chat.rate.burst}); the
   * Socket.IO server's own budget per socket (a burst of 50 events, then 20 a second) is respected by taking turns
   * over several sockets of the user, {@value #SEED_PER_SOCKET} messages each at most. Returns the messages' ids in
   * sending order.
   */
  List<Long> seedChat(String username, String roomId, int count, String textPrefix) {
    String token = api.login(username, passwords.get(username));
    List<Long> ids = new ArrayList<>();
    try (JsClientDriver node = JsClientDriver.start()) {
      List<JsClient> sockets = new ArrayList<>();
      for (int i = 0; i < (count + SEED_PER_SOCKET - 1) / SEED_PER_SOCKET; i++) {
        JsClient client = node.connect(appUrl(), Map.of("auth", Map.of("token", token),
            "transports", List.of("websocket")));
        client.awaitEvent("connect");
        ackOk(client, "join_room", Map.of("roomId", roomId));
        sockets.add(client);
      }
      for (int i = 1; i <= count; i++) {
        JsonNode answer = ackOk(sockets.get(i % sockets.size()), "chat_message", Map.of("roomId", roomId,
            "text", textPrefix + i, "clientMessageId", "seed-" + UUID.randomUUID()));
        ids.add(answer.get("message").get("id").asLong());
      }
    }
    return ids;
  }

  private static JsonNode ackOk(JsClient client, String event, Object payload) {
    JsonNode reply = client.emitWithAck(event, Duration.ofSeconds(10), payload);
    JsonNode answer = reply.path("args").path(0);
    if (!answer.path("ok").asBoolean()) {
      throw new IllegalStateException(event + " " + payload + " was refused: " + reply);
    }
    return answer;
  }

  /** Stops the app and starts it again on the same data directory and port. */
  synchronized void restart() throws InterruptedException {
    app.close();
    app = ExamRoomApp.start(config(port));
  }

  /** The parameters every scenario gets. */
  Map<String, Object> params() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("appUrl", appUrl());
    p.put("candidateUrl", candidateUrl());
    // the same proxy, by its role in the chat's scenarios: the one user whose network a scenario takes away
    p.put("proxyUrl", candidateUrl());
    p.put("passwords", passwords);
    p.put("userIds", userIds);
    p.put("artifactsDir", ScenarioRunner.artifactsDir().toString());
    return p;
  }

  /**
   * What a scenario may ask for mid-way: {@code serverTime}; {@code advanceClock {ms}}; {@code advanceClockTo
   * {serverTime}}; {@code cutNetwork {ms}} (the candidate's; without {@code ms} until {@code restoreNetwork});
   * {@code blockSocketIo {blocked}}; {@code blackholeNetwork} (the proxied user's cable is pulled: nothing passes
   * either way and no close reaches the app, only its heartbeat notices); {@code dropAckOnce {contains}} (the app's
   * WebSocket frames to the proxied user mentioning {@code contains} are lost up to and including the first
   * acknowledgement); {@code proxyStats}; {@code proxyEntries}; {@code restart}; {@code session {id}}.
   */
  Map<String, ScenarioRunner.Op> ops() {
    Map<String, ScenarioRunner.Op> ops = new HashMap<>();
    ops.put("serverTime", r -> Map.of("serverTime", serverTime()));
    ops.put("advanceClock", r -> Map.of("serverTime", advanceClock(r.get("ms").asLong())));
    ops.put("advanceClockTo", r -> {
      long delta = r.get("serverTime").asLong() - serverTime();
      if (delta < 0) {
        throw new IllegalArgumentException("the clock only moves forward; it is already " + -delta + " ms later");
      }
      return Map.of("serverTime", advanceClock(delta));
    });
    ops.put("cutNetwork", r -> {
      proxy.cut(r.has("ms") ? r.get("ms").asLong() : Duration.ofHours(1).toMillis());
      return Map.of("cut", true);
    });
    ops.put("restoreNetwork", r -> {
      proxy.restore();
      return Map.of("cut", false);
    });
    ops.put("blockSocketIo", r -> {
      proxy.blockSocketIo(r.get("blocked").asBoolean());
      return Map.of("blocked", r.get("blocked").asBoolean());
    });
    ops.put("blackholeNetwork", r -> {
      proxy.blackhole();
      return Map.of("blackholed", true);
    });
    ops.put("dropAckOnce", r -> {
      proxy.dropFramesUntilAck(r.get("contains").asText());
      return Map.of("armed", true);
    });
    ops.put("proxyStats", r -> proxy.stats());
    ops.put("proxyEntries", r -> proxy.entries());
    ops.put("restart", r -> {
      long t0 = System.nanoTime();
      restart();
      return Map.of("restartedInMs", (System.nanoTime() - t0) / 1_000_000);
    });
    ops.put("session", r -> session(r.get("id").asText()));
    return ops;
  }

  /** Runs a scenario script with the common parameters plus {@code extra}, and the common requests plus {@code more}. */
  ScenarioRunner.Result run(String script, Map<String, Object> extra, Map<String, ScenarioRunner.Op> more)
      throws IOException, InterruptedException {
    Map<String, Object> p = params();
    p.putAll(extra);
    Map<String, ScenarioRunner.Op> all = ops();
    all.putAll(more);
    return ScenarioRunner.run(script, p, all, dir, Duration.ofSeconds(170));
  }

  ScenarioRunner.Result run(String script, Map<String, Object> extra) throws IOException, InterruptedException {
    return run(script, extra, Map.of());
  }

  @Override
  public void close() {
    proxy.close();
    app.close();
  }
}
