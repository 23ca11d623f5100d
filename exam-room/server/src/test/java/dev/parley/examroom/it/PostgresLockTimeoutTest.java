package dev.parley.examroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.examroom.ExamRoomApp;
import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.storage.TestDatabases;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability catalogue H3: another session holds {@code LOCK TABLE session_events} on PostgreSQL. The app's own
 * statement timeout (10 s, set on every pooled connection) ends the waiting submission with an error the examiner
 * sees, and realtime traffic that does not need that table goes on meanwhile.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PostgresLockTimeoutTest {
  @TempDir
  Path dir;
  private AppConfig config;
  private ExamRoomApp app;
  private JsClientDriver clients;

  @BeforeEach
  void start() throws InterruptedException {
    config = TestDatabases.postgres(dir);
    app = ExamRoomApp.start(config);
    clients = JsClientDriver.start();
  }

  @AfterEach
  void stop() {
    clients.close();
    app.close();
    TestDatabases.dropPostgres(config);
  }

  private JsClient connect(String token) {
    JsClient client = clients.connect("http://127.0.0.1:" + app.address().getPort(),
        Map.of("auth", Map.of("token", token)));
    client.awaitEvent("connect");
    return client;
  }

  private static JsonNode reply(JsClient client, String event, Duration deadline, Map<String, Object> payload) {
    JsonNode ack = client.emitWithAck(event, deadline, payload);
    assertThat(ack.has("args")).as(event + " answered within " + deadline + ": " + ack).isTrue();
    return ack.get("args").get(0);
  }

  @Test
  void aStatementWaitingOnAHeldLockTimesOutWithAnErrorAndRealtimeGoesOn() throws Exception {
    Api api = new Api("http://127.0.0.1:" + app.address().getPort());
    String admin = api.login("admin", "admin-demo-1");
    Map<String, String> ids = new HashMap<>();
    api.get("/api/users", admin).body().get("users").forEach(u -> ids.put(u.get("username").asText(),
        u.get("id").asText()));
    Api.Response created = api.post("/api/sessions", admin, Map.of("title", "Locked", "candidateId",
        ids.get("candidate1"), "examinerId", ids.get("examiner"), "scheduledAt",
        api.get("/api/config", null).body().get("serverTime").asLong() + 3_600_000));
    String id = created.body().get("session").get("id").asText();
    JsClient examiner = connect(api.login("examiner", "examiner-demo-1"));
    JsClient candidate = connect(api.login("candidate1", "candidate-demo-1"));

    try (Connection holder = DriverManager.getConnection(config.dbUrl()); Statement s = holder.createStatement()) {
      holder.setAutoCommit(false);
      s.execute("LOCK TABLE session_events IN ACCESS EXCLUSIVE MODE");
      CompletableFuture<JsonNode> blocked = CompletableFuture.supplyAsync(() -> reply(examiner, "admin_message",
          Duration.ofSeconds(30), Map.of("sessionId", id, "text", "stuck", "severity", "info")));
      // while that submission waits on the lock, the chat (other tables) and new connections work normally
      List<JsonNode> meanwhile = new ArrayList<>();
      meanwhile.add(reply(candidate, "join_room", Duration.ofSeconds(5), Map.of("roomId", "lobby")));
      meanwhile.add(reply(connect(admin), "join_room", Duration.ofSeconds(5), Map.of("roomId", "lobby")));
      assertThat(meanwhile).allSatisfy(r -> assertThat(r.get("ok").asBoolean()).as(r.toString()).isTrue());
      assertThat(blocked).as("still waiting on the lock").isNotDone();

      JsonNode refused = blocked.get(30, TimeUnit.SECONDS);
      assertThat(refused.get("ok").asBoolean()).isFalse();
      assertThat(refused.get("error").asText()).isEqualTo("unavailable");
      holder.rollback();
    }
    // the lock gone, the same connection pool serves the next submission, and the refused one was not saved
    assertThat(reply(examiner, "admin_message", Duration.ofSeconds(10),
        Map.of("sessionId", id, "text", "after", "severity", "info")).get("ok").asBoolean()).isTrue();
    List<String> texts = new ArrayList<>();
    api.get("/api/sessions/" + id + "/audit", admin).body().get("audit").forEach(e -> {
      if (e.get("type").asText().equals("admin_message")) {
        texts.add(e.get("data").get("text").asText());
      }
    });
    assertThat(texts).containsExactly("after");
  }
}
