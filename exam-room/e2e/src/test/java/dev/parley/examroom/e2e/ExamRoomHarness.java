package dev.parley.examroom.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.examroom.ExamRoomApp;
import dev.parley.examroom.config.AppConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exam room for one scenario: the real app in-process (SQLite in the test's temporary directory, the adjustable
 * test clock, a free port), the candidate's {@link TcpProxy} in front of it, REST for preparing data, and the requests
 * a scenario script may make mid-way (see {@link #ops}).
 */
final class ExamRoomHarness implements AutoCloseable {
  static final Map<String, String> PASSWORDS = Map.of("admin", "admin-demo-1", "examiner", "examiner-demo-1",
      "candidate1", "candidate-demo-1", "candidate2", "candidate-demo-2");

  private final Path dir;
  private final Path dataDir;
  private volatile ExamRoomApp app;
  private final int port;
  private final Api api;
  private final TcpProxy proxy;
  private String adminToken;
  private final Map<String, String> userIds = new HashMap<>();

  private ExamRoomHarness(Path dir) throws IOException, InterruptedException {
    this.dir = dir;
    this.dataDir = Files.createDirectories(dir.resolve("data"));
    this.app = ExamRoomApp.start(config(0));
    this.port = app.address().getPort();
    this.api = new Api(appUrl());
    this.proxy = new TcpProxy(port);
    for (JsonNode u : adminGet("/api/users").get("users")) {
      userIds.put(u.get("username").asText(), u.get("id").asText());
    }
  }

  static ExamRoomHarness start(Path dir) throws IOException, InterruptedException {
    return new ExamRoomHarness(dir);
  }

  private AppConfig config(int httpPort) {
    return AppConfig.load(Map.of(), new String[] {
        "--data.dir=" + dataDir,
        "--db.url=jdbc:sqlite:" + dataDir.resolve("exam-room.db"),
        "--http.host=127.0.0.1",
        "--http.port=" + httpPort,
        "--testing.adjustable.clock=true",
    });
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
    p.put("passwords", PASSWORDS);
    p.put("artifactsDir", ScenarioRunner.artifactsDir().toString());
    return p;
  }

  /**
   * What a scenario may ask for mid-way: {@code serverTime}; {@code advanceClock {ms}}; {@code advanceClockTo
   * {serverTime}}; {@code cutNetwork {ms}} (the candidate's; without {@code ms} until {@code restoreNetwork});
   * {@code blockSocketIo {blocked}}; {@code proxyStats}; {@code restart}; {@code session {id}}.
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
    ops.put("proxyStats", r -> proxy.stats());
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
