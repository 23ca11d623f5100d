package dev.parley.examroom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.examroom.ExamRoomApp;
import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.storage.PrivatePostgres;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability catalogue H1: PostgreSQL killed ({@code pg_ctl stop -m immediate}) while an examiner keeps submitting,
 * then started again. On a private PostgreSQL server: the shared one on 5432 must stay up for every other test.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PostgresOutageTest {
  private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
  // an error must come back within the pool's connection timeout; the rest is the test's own slack
  private static final Duration ACK_DEADLINE = CONNECTION_TIMEOUT.plusSeconds(4);

  @TempDir
  Path dir;
  private PrivatePostgres pg;
  private ExamRoomApp app;
  private JsClientDriver clients;

  /** One submission: its text, and the acknowledgement (or the client's timeout). */
  private record Outcome(String text, JsonNode ack) {
    boolean acked() {
      return ack.has("args") && ack.get("args").get(0).path("ok").asBoolean(false);
    }

    boolean refused() {
      return ack.has("args") && !ack.get("args").get(0).path("ok").asBoolean(true);
    }
  }

  @BeforeEach
  void start() throws Exception {
    Path bin = PrivatePostgres.binaries();
    Assumptions.assumeTrue(bin != null, "no PostgreSQL binaries under /usr/lib/postgresql");
    pg = PrivatePostgres.start(bin);
    app = ExamRoomApp.start(AppConfig.load(Map.of(), new String[] {"--data.dir=" + dir, "--http.port=0",
        "--http.host=127.0.0.1", "--db.url=" + pg.jdbcUrl(),
        "--db.connection.timeout=" + CONNECTION_TIMEOUT.toMillis() + "ms"}));
    clients = JsClientDriver.start();
  }

  @AfterEach
  void stop() {
    if (clients != null) {
      clients.close();
    }
    if (app != null) {
      app.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  private String url() {
    return "http://127.0.0.1:" + app.address().getPort();
  }

  private JsClient connect(String token) {
    JsClient client = clients.connect(url(), Map.of("auth", Map.of("token", token)));
    client.awaitEvent("connect");
    return client;
  }

  private String newSession(Api api, String admin) {
    String candidate = null;
    String examiner = null;
    for (JsonNode u : api.get("/api/users", admin).body().get("users")) {
      candidate = u.get("username").asText().equals("candidate1") ? u.get("id").asText() : candidate;
      examiner = u.get("username").asText().equals("examiner") ? u.get("id").asText() : examiner;
    }
    Map<String, Object> body = new HashMap<>(Map.of("title", "Outage", "candidateId", candidate,
        "examinerId", examiner, "scheduledAt", api.get("/api/config", null).body().get("serverTime").asLong()
            + 3_600_000));
    Api.Response r = api.post("/api/sessions", admin, body);
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201);
    return r.body().get("session").get("id").asText();
  }

  private static Outcome submit(JsClient examiner, String id, String text) {
    return new Outcome(text, examiner.emitWithAck("admin_message", ACK_DEADLINE,
        Map.of("sessionId", id, "text", text, "severity", "info")));
  }

  @Test
  void submissionsFailFastWhileTheDatabaseIsDownNothingAckedIsLostAndThePoolRecovers() throws Exception {
    Api api = new Api(url());
    String admin = api.login("admin", "admin-demo-1");
    String id = newSession(api, admin);
    JsClient examiner = connect(api.login("examiner", "examiner-demo-1"));
    String candidateToken = api.login("candidate1", "candidate-demo-1");
    assertThat(submit(examiner, id, "before").acked()).isTrue();

    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    AtomicBoolean submitting = new AtomicBoolean(true);
    CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> {
      for (int i = 0; submitting.get(); i++) {
        outcomes.add(submit(examiner, id, "message " + i));
      }
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> outcomes.stream().filter(Outcome::acked).count() >= 5);
    pg.stopImmediately();
    int atStop = outcomes.size();

    // while it is down: every submission is answered, with an error, before the client's deadline
    await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.stream().skip(atStop + 1L)
        .filter(Outcome::refused).count() >= 3);
    assertThat(outcomes.subList(atStop, outcomes.size())).allSatisfy(o -> assertThat(o.ack.has("args"))
        .as("answered within " + ACK_DEADLINE + ": " + o.ack).isTrue());
    Outcome refused = outcomes.stream().skip(atStop + 1L).filter(Outcome::refused).findFirst().orElseThrow();
    assertThat(refused.ack.get("args").get(0).get("error").asText()).isEqualTo("unavailable");
    // and the event loop is not blocked: a new socket connects (its handshake needs no database)
    JsClient canary = connect(candidateToken);
    assertThat(canary.emitWithAck("timer_sync", ACK_DEADLINE, Map.of("sessionId", id)).has("args")).isTrue();

    pg.startAgain();
    // the same app, the same pool: submissions succeed again once PostgreSQL is back
    await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.get(outcomes.size() - 1).acked());
    submitting.set(false);
    loop.get(30, TimeUnit.SECONDS);
    assertThat(submit(examiner, id, "after").acked()).isTrue();

    Set<String> committed = new HashSet<>();
    api.get("/api/sessions/" + id + "/audit", admin).body().get("audit").forEach(e -> {
      if (e.get("type").asText().equals("admin_message")) {
        committed.add(e.get("data").get("text").asText());
      }
    });
    Set<String> acked = new HashSet<>();
    outcomes.stream().filter(Outcome::acked).forEach(o -> acked.add(o.text()));
    assertThat(committed).as("every acknowledged message was committed").containsAll(acked)
        .contains("before", "after");
  }
}
