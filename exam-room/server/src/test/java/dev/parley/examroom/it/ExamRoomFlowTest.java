package dev.parley.examroom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.examroom.ExamRoomApp;
import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.service.DemoData;
import dev.parley.examroom.storage.TestDatabases;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exam room end to end: REST and the official JavaScript client against a real app on SQLite. */
class ExamRoomFlowTest {
  private static JsClientDriver node;
  @TempDir
  Path dir;
  private ExamRoomApp app;
  private Api api;
  private String adminToken;
  private String examinerToken;
  private String candidateToken;

  @BeforeAll
  static void startNode() {
    node = JsClientDriver.start();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @BeforeEach
  void start() throws InterruptedException {
    startApp();
    adminToken = api.login("admin", "admin-demo-1");
    examinerToken = api.login("examiner", "examiner-demo-1");
    candidateToken = api.login("candidate1", "candidate-demo-1");
  }

  private void startApp() throws InterruptedException {
    AppConfig config = TestDatabases.sqlite(dir, "--testing.adjustable.clock=true");
    app = ExamRoomApp.start(config);
    api = new Api("http://127.0.0.1:" + app.address().getPort());
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private String userId(String username) {
    for (JsonNode u : api.get("/api/users", adminToken).body().get("users")) {
      if (u.get("username").asText().equals(username)) {
        return u.get("id").asText();
      }
    }
    throw new IllegalStateException(username);
  }

  private String createSession(long scheduledAt, Map<String, Object> durations) {
    Map<String, Object> body = new java.util.HashMap<>(Map.of("title", "Flow test", "candidateId",
        userId("candidate1"), "examinerId", userId("examiner"), "scheduledAt", scheduledAt));
    if (durations != null) {
      body.put("durations", durations);
    }
    Api.Response r = api.post("/api/sessions", adminToken, body);
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201);
    return r.body().get("session").get("id").asText();
  }

  private long serverTime() {
    return api.get("/api/config", null).body().get("serverTime").asLong();
  }

  private JsClient connect(String token) {
    JsClient client = node.connect("http://127.0.0.1:" + app.address().getPort(),
        Map.of("auth", Map.of("token", token)));
    client.awaitEvent("connect");
    return client;
  }

  private static JsonNode ok(JsonNode ack) {
    assertThat(ack.path("error").isMissingNode()).as("ack error: " + ack).isTrue();
    JsonNode reply = ack.get("args").get(0);
    assertThat(reply.get("ok").asBoolean()).as(reply.toString()).isTrue();
    return reply;
  }

  private static JsonNode call(JsClient client, String event, Object payload) {
    return client.emitWithAck(event, Duration.ofSeconds(10), payload).get("args").get(0);
  }

  @Test
  void theExaminerStartsAndTheCandidateSeesPartOneWithTheServersTimer() {
    String id = createSession(serverTime() + 3_600_000, null);
    JsClient candidate = connect(candidateToken);
    JsClient examiner = connect(examinerToken);
    JsonNode joined = ok(candidate.emitWithAck("join_session", Duration.ofSeconds(10),
        Map.of("sessionId", id, "lastSeq", 0)));
    assertThat(joined.get("session").get("status").asText()).isEqualTo("Scheduled");
    ok(examiner.emitWithAck("join_session", Duration.ofSeconds(10), Map.of("sessionId", id, "lastSeq", 0)));

    JsonNode started = call(examiner, "start_test", Map.of("sessionId", id));
    assertThat(started.get("ok").asBoolean()).isTrue();
    JsonNode status = candidate.awaitEvent("test_status").get(0);
    assertThat(status.get("status").asText()).isEqualTo("In Progress");
    assertThat(status.get("part").asText()).isEqualTo("part1");
    assertThat(candidate.awaitEvent("test_started").get(0).get("part").asText()).isEqualTo("part1");
    JsonNode timer = candidate.awaitEvent("timer_update").get(0);
    assertThat(timer.get("remainingMs").asLong()).isBetween(290_000L, 300_000L);
    assertThat(timer.get("running").asBoolean()).isTrue();
    assertThat(candidate.awaitEvent("update").get(0).get("message").asText())
        .isEqualTo("Test status: In Progress – Part 1");
  }

  @Test
  void aCandidateCannotRunExaminerEventsAndNothingChanges() {
    String id = createSession(serverTime() + 3_600_000, null);
    JsClient candidate = connect(candidateToken);
    ok(candidate.emitWithAck("join_session", Duration.ofSeconds(10), Map.of("sessionId", id, "lastSeq", 0)));
    for (String event : List.of("start_test", "pause_test", "next_part", "abort_test", "admin_message")) {
      JsonNode reply = call(candidate, event, Map.of("sessionId", id, "text", "x"));
      assertThat(reply.get("ok").asBoolean()).isFalse();
      assertThat(reply.get("error").asText()).isEqualTo("forbidden");
    }
    assertThat(call(candidate, "broadcast_notice", Map.of("text", "x")).get("error").asText())
        .isEqualTo("forbidden");
    assertThat(api.get("/api/sessions/" + id, adminToken).body().get("session").get("status").asText())
        .isEqualTo("Scheduled");
    assertThat(api.get("/api/sessions/" + id + "/audit", adminToken).body().get("audit")).isEmpty();
  }

  @Test
  void forgedAndMissingTokensAreRefusedWithAReason() {
    String forged = candidateToken.substring(0, candidateToken.lastIndexOf('.') + 1) + "AAAA";
    JsClient client = node.connect("http://127.0.0.1:" + app.address().getPort(),
        Map.of("auth", Map.of("token", forged)));
    JsonNode error = client.awaitEvent("connect_error");
    assertThat(error.get(0).asText()).isEqualTo("unauthorized");
    assertThat(error.get(1).get("reason").asText()).isEqualTo("invalid_token");
    JsClient none = node.connect("http://127.0.0.1:" + app.address().getPort(), Map.of());
    assertThat(none.awaitEvent("connect_error").get(1).get("reason").asText()).isEqualTo("missing_token");
    assertThat(api.get("/api/sessions", forged).status()).isEqualTo(401);
    assertThat(api.get("/api/sessions", null).status()).isEqualTo(401);
  }

  @Test
  void messagesMissedWhileAwayAreReplayedOnceInOrder() {
    String id = createSession(serverTime() + 3_600_000, null);
    JsClient examiner = connect(examinerToken);
    ok(examiner.emitWithAck("join_session", Duration.ofSeconds(10), Map.of("sessionId", id, "lastSeq", 0)));
    JsClient candidate = connect(candidateToken);
    JsonNode first = ok(candidate.emitWithAck("join_session", Duration.ofSeconds(10),
        Map.of("sessionId", id, "lastSeq", 0)));
    long lastSeq = first.get("session").get("lastSeq").asLong();
    // the examiner first hears "not connected" (on joining), then "connected"
    await().untilAsserted(() -> assertThat(lastPresence(examiner).get("connected").asBoolean()).isTrue());
    candidate.disconnect();
    await().untilAsserted(() -> assertThat(lastPresence(examiner).get("connected").asBoolean()).isFalse());
    assertThat(lastPresence(examiner).get("since").asLong()).isPositive();

    for (int i = 1; i <= 3; i++) {
      ok(examiner.emitWithAck("admin_message", Duration.ofSeconds(10),
          Map.of("sessionId", id, "text", "message " + i, "severity", "info")));
    }
    JsClient back = connect(candidateToken);
    JsonNode rejoined = ok(back.emitWithAck("join_session", Duration.ofSeconds(10),
        Map.of("sessionId", id, "lastSeq", lastSeq)));
    List<String> texts = new java.util.ArrayList<>();
    rejoined.get("events").forEach(e -> {
      if (e.get("type").asText().equals("admin_message")) {
        texts.add(e.get("text").asText());
      }
    });
    assertThat(texts).containsExactly("message 1", "message 2", "message 3");
    await().untilAsserted(() -> assertThat(lastPresence(examiner).get("connected").asBoolean()).isTrue());
  }

  private static JsonNode lastPresence(JsClient client) {
    List<JsClient.Event> events = client.events("presence");
    assertThat(events).isNotEmpty();
    return events.get(events.size() - 1).args().get(0);
  }

  @Test
  void aTestRunsOutWithNobodyConnected() {
    String id = createSession(serverTime() - 1000,
        Map.of("part1", 300, "part2_prep", 300, "part2_talk", 300, "part3", 300));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(api.get("/api/sessions/" + id, adminToken).body().get("session").get("status").asText())
            .isEqualTo("Completed"));
    List<String> types = new java.util.ArrayList<>();
    api.get("/api/sessions/" + id + "/audit", adminToken).body().get("audit")
        .forEach(e -> types.add(e.get("type").asText()));
    assertThat(types).contains("test_started", "cue_card", "test_ended");
    assertThat(types.get(types.size() - 1)).isEqualTo("test_ended");
  }

  @Test
  void countdownNoticesFollowTheServerClock() {
    String id = createSession(serverTime() + 10 * 60_000, null);
    JsClient candidate = connect(candidateToken);
    ok(candidate.emitWithAck("join_session", Duration.ofSeconds(10), Map.of("sessionId", id, "lastSeq", 0)));
    api.post("/api/testing/clock", adminToken, Map.of("advanceMs", 5 * 60_000 + 100));
    assertThat(candidate.awaitEvent("countdown").get(0).get("message").asText())
        .isEqualTo("Test starting in 5 minutes");
    api.post("/api/testing/clock", adminToken, Map.of("advanceMs", 3 * 60_000));
    assertThat(candidate.awaitEvent("countdown").get(0).get("message").asText())
        .isEqualTo("Test starting in 2 minutes");
  }

  @Test
  void criticalNoticesReachLateJoinersAndTheRestFallback() {
    JsClient admin = connect(adminToken);
    ok(admin.emitWithAck("broadcast_notice", Duration.ofSeconds(10),
        Map.of("text", "Fire drill at 10:00", "severity", "critical")));
    JsClient late = connect(candidateToken);
    JsonNode notice = late.awaitEvent("notice").get(0);
    assertThat(notice.get("text").asText()).isEqualTo("Fire drill at 10:00");
    assertThat(notice.get("sticky").asBoolean()).isTrue();
    JsonNode alerts = api.get("/api/alerts?since=0", candidateToken).body().get("alerts");
    assertThat(alerts).hasSize(1);
    long id = alerts.get(0).get("id").asLong();
    assertThat(api.get("/api/alerts?since=" + id, candidateToken).body().get("alerts")).isEmpty();
    ok(late.emitWithAck("dismiss_notice", Duration.ofSeconds(10), Map.of("noticeId", id)));
    JsClient again = connect(candidateToken);
    again.emitWithAck("timer_sync", Duration.ofSeconds(5), Map.of("sessionId", "none"));
    assertThat(again.events("notice")).isEmpty();
  }

  @Test
  void theCandidateSeesThePublishedBandLive() {
    String id = createSession(serverTime() + 3_600_000, null);
    JsClient examiner = connect(examinerToken);
    JsClient candidate = connect(candidateToken);
    ok(examiner.emitWithAck("start_test", Duration.ofSeconds(10), Map.of("sessionId", id)));
    JsonNode scored = ok(examiner.emitWithAck("score_test", Duration.ofSeconds(10), Map.of("sessionId", id,
        "fluency", 6, "lexical", 7, "grammar", 7, "pronunciation", 7)));
    assertThat(scored.get("result").get("overall").asDouble()).isEqualTo(7.0);
    assertThat(candidate.events("result_published")).isEmpty();
    ok(examiner.emitWithAck("publish_result", Duration.ofSeconds(10), Map.of("sessionId", id)));
    JsonNode result = candidate.awaitEvent("result_published").get(0);
    assertThat(result.get("overall").asDouble()).isEqualTo(7.0);
    assertThat(call(candidate, "score_test", Map.of("sessionId", id, "fluency", 9, "lexical", 9, "grammar", 9,
        "pronunciation", 9)).get("error").asText()).isEqualTo("forbidden");
  }

  @Test
  void restartingLosesNothingAcknowledged() throws InterruptedException {
    String id = createSession(serverTime() + 3_600_000, null);
    JsClient examiner = connect(examinerToken);
    ok(examiner.emitWithAck("start_test", Duration.ofSeconds(10), Map.of("sessionId", id)));
    ok(examiner.emitWithAck("admin_message", Duration.ofSeconds(10),
        Map.of("sessionId", id, "text", "kept", "severity", "warning")));
    ok(examiner.emitWithAck("score_test", Duration.ofSeconds(10), Map.of("sessionId", id,
        "fluency", 5, "lexical", 6, "grammar", 6, "pronunciation", 6)));
    app.close();
    startApp();
    String token = api.login("examiner", "examiner-demo-1");
    JsonNode session = api.get("/api/sessions/" + id, token).body().get("session");
    assertThat(session.get("status").asText()).isEqualTo("In Progress");
    List<String> types = new java.util.ArrayList<>();
    api.get("/api/sessions/" + id + "/audit", token).body().get("audit")
        .forEach(e -> types.add(e.get("type").asText()));
    assertThat(types).containsExactly("test_status", "test_started", "admin_message");
    assertThat(api.get("/api/sessions/" + id + "/result", token).body().get("result").get("overall").asDouble())
        .isEqualTo(6.0);
  }

  @Test
  void demoAccountsAreListedInDemoMode() {
    JsonNode config = api.get("/api/config", null).body();
    assertThat(config.get("demo").asBoolean()).isTrue();
    assertThat(config.get("demoAccounts")).hasSize(DemoData.ACCOUNTS.size());
    assertThat(api.post("/api/auth/login", null, Map.of("username", "admin", "password", "wrong")).status())
        .isEqualTo(401);
  }
}
