package dev.parley.examroom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.examroom.ExamRoomApp;
import dev.parley.examroom.config.AppConfig;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import dev.parley.testkit.LoopbackForwarder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exam room on two nodes sharing PostgreSQL (a schema of its own) and Redis (the Redis Streams adapter). The
 * candidate reaches node A through a forwarder (their load balancer), the examiner and the admin use node B. The
 * examiner's actions on B reach the candidate on A; both nodes' clocks drive the session, yet each countdown, notice,
 * presence change and time-up transition reaches the candidate once; A is then cut off and closed, and the
 * candidate comes back on B with its socket recovered, and the test runs to its end there.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ExamRoomClusterTest {
  private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String SECRET = "cluster-test-secret-" + "x".repeat(32);

  @TempDir
  Path dir;
  private final String schema = "exam_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private final String key = "exam-cluster-" + UUID.randomUUID().toString().substring(0, 8);
  private ExamRoomApp nodeA;
  private ExamRoomApp nodeB;
  private LoopbackForwarder balancer;
  private JsClientDriver clients;

  @BeforeEach
  void start() throws Exception {
    sql("CREATE SCHEMA " + schema);
    // one after the other: the first migrates the schema and creates the demo accounts
    nodeA = ExamRoomApp.start(config("a"));
    nodeB = ExamRoomApp.start(config("b"));
    balancer = new LoopbackForwarder(nodeA.address().getPort());
    clients = JsClientDriver.start();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      clients.close();
      balancer.close();
      nodeA.close();
      nodeB.close();
    } finally {
      sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private AppConfig config(String node) {
    return AppConfig.load(Map.of(), new String[] {"--data.dir=" + dir.resolve(node), "--http.port=0",
        "--http.host=127.0.0.1", "--db.url=" + PG + "?user=postgres&currentSchema=" + schema,
        "--auth.jwt.secret=" + SECRET, "--cluster.adapter=redis-streams", "--redis.url=redis://127.0.0.1:6379",
        "--cluster.key=" + key});
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(PG, "postgres", null); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static String url(ExamRoomApp app) {
    return "http://127.0.0.1:" + app.address().getPort();
  }

  private JsClient connect(String url, String token) {
    JsClient client = clients.connect(url, Map.of("transports", List.of("websocket"), "reconnection", true,
        "reconnectionDelay", 100, "reconnectionDelayMax", 300, "auth", Map.of("token", token)));
    client.awaitEvent("connect");
    return client;
  }

  private static JsonNode ok(JsClient client, String event, Map<String, Object> payload) {
    JsonNode ack = client.emitWithAck(event, Duration.ofSeconds(10), payload);
    JsonNode reply = ack.get("args").get(0);
    assertThat(reply.get("ok").asBoolean()).as(event + ": " + reply).isTrue();
    return reply;
  }

  private static String userId(Api api, String admin, String username) {
    for (JsonNode u : api.get("/api/users", admin).body().get("users")) {
      if (u.get("username").asText().equals(username)) {
        return u.get("id").asText();
      }
    }
    throw new IllegalStateException(username);
  }

  /** The exam presence of the session a client was told of ("connected" each time); chat has its own. */
  private static List<Boolean> presence(JsClient client, String sessionId) {
    List<Boolean> list = new ArrayList<>();
    for (JsClient.Event e : client.events("presence")) {
      if (sessionId.equals(e.args().get(0).path("sessionId").asText())) {
        list.add(e.args().get(0).get("connected").asBoolean());
      }
    }
    return list;
  }

  /** The candidate's test_status events once the test started, as "status/part". */
  private static List<String> statuses(JsClient client) {
    List<String> list = new ArrayList<>();
    for (JsClient.Event e : client.events("test_status")) {
      JsonNode s = e.args().get(0);
      if (!"Waiting".equals(s.get("status").asText()) && !"Scheduled".equals(s.get("status").asText())) {
        list.add(s.get("status").asText() + "/" + s.path("part").asText("-"));
      }
    }
    return list;
  }

  @Test
  void twoNodesShareTheTestAndTheCandidateSurvivesItsNode() throws Exception {
    Api apiA = new Api(url(nodeA));
    Api apiB = new Api(url(nodeB));
    String admin = apiB.login("admin", "admin-demo-1");
    long now = apiA.get("/api/config", null).body().get("serverTime").asLong();
    Map<String, Object> body = new HashMap<>(Map.of("title", "Cluster test", "candidateId",
        userId(apiB, admin, "candidate1"), "examinerId", userId(apiB, admin, "examiner"),
        "scheduledAt", now + 37_000));
    body.put("durations", Map.of("part1", 3000, "part2_prep", 4000, "part2_talk", 2000, "part3", 2000));
    // created on A: B learns of it from the database
    Api.Response created = apiA.post("/api/sessions", apiA.login("admin", "admin-demo-1"), body);
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
    String id = created.body().get("session").get("id").asText();

    JsClient examiner = connect(url(nodeB), apiB.login("examiner", "examiner-demo-1"));
    JsClient adminClient = connect(url(nodeB), admin);
    ok(examiner, "join_session", Map.of("sessionId", id, "lastSeq", 0));
    await().atMost(10, TimeUnit.SECONDS).until(() -> presence(examiner, id).size() == 1);
    assertThat(presence(examiner, id).get(0)).isFalse();
    JsClient candidate = connect(balancer.url(), apiA.login("candidate1", "candidate-demo-1"));
    ok(candidate, "join_session", Map.of("sessionId", id, "lastSeq", 0));

    // presence: the candidate on A, announced once to the examiner on B
    await().atMost(10, TimeUnit.SECONDS).until(() -> presence(examiner, id).size() == 2);
    assertThat(presence(examiner, id).get(1)).isTrue();
    // the countdown 30 s before the start: both nodes' clocks see it due, one of them sends it
    assertThat(candidate.awaitEvent("countdown", Duration.ofSeconds(15)).get(0).get("message").asText())
        .isEqualTo("Test starting in 30 seconds");
    // an admin's notice on B reaches the candidate on A, once
    ok(adminClient, "broadcast_notice", Map.of("text", "Welcome", "severity", "info"));
    assertThat(candidate.awaitEvent("notice").get(0).get("text").asText()).isEqualTo("Welcome");

    // the examiner's action on B reaches the candidate on A; part 1 ends by the clock, with both nodes up
    ok(examiner, "start_test", Map.of("sessionId", id));
    await().atMost(15, TimeUnit.SECONDS).until(() -> statuses(candidate).contains("In Progress/part2_prep"));

    assertThat(presence(examiner, id)).as("the arrival, announced once").containsExactly(false, true);

    // node A vanishes: its connections cut, then it stops; the balancer now sends everyone to B
    balancer.retarget(0);
    balancer.severAll();
    nodeA.close();
    candidate.awaitEvent("disconnect");
    balancer.retarget(nodeB.address().getPort());
    JsonNode back = candidate.awaitEvent("connect", Duration.ofSeconds(20));
    assertThat(back.get(2).asBoolean()).as("the candidate's socket recovered on B").isTrue();

    // and keeps working there: a request, an examiner's message, and the clock of B alone to the end
    ok(candidate, "join_session", Map.of("sessionId", id, "lastSeq", 0));
    ok(examiner, "admin_message", Map.of("sessionId", id, "text", "Still with you", "severity", "info"));
    assertThat(candidate.awaitEvent("admin_message").get(0).get("text").asText()).isEqualTo("Still with you");
    candidate.awaitEvent("test_ended", Duration.ofSeconds(30));

    assertThat(statuses(candidate)).containsExactly("In Progress/part1", "In Progress/part2_prep",
        "In Progress/part2_talk", "In Progress/part3", "Completed/-");
    List<Long> seqs = new ArrayList<>();
    candidate.allEvents().stream().filter(e -> e.args().size() > 0 && e.args().get(0).has("seq")
        && e.args().get(0).path("sessionId").asText().equals(id)).forEach(e -> seqs.add(e.args().get(0).get("seq")
        .asLong()));
    assertThat(seqs).as("no session event twice").doesNotHaveDuplicates();
    assertThat(candidate.events("test_ended")).hasSize(1);
    assertThat(candidate.events("countdown")).hasSize(1);
    assertThat(candidate.events("notice")).hasSize(1);
    // before the failover: the examiner's first view, then the candidate's arrival, once
    assertThat(presence(examiner, id).subList(0, 2)).containsExactly(false, true);
  }

  @Test
  void logoutOnOneNodeClosesTheUsersSocketsOnEveryNode() {
    Api apiA = new Api(url(nodeA));
    Api apiB = new Api(url(nodeB));
    String token = apiA.login("candidate1", "candidate-demo-1");
    JsClient onA = clients.connect(url(nodeA), Map.of("transports", List.of("websocket"), "reconnection", false,
        "auth", Map.of("token", token)));
    onA.awaitEvent("connect");
    JsClient onB = clients.connect(url(nodeB), Map.of("transports", List.of("websocket"), "reconnection", false,
        "auth", Map.of("token", apiB.login("candidate1", "candidate-demo-1"))));
    onB.awaitEvent("connect");
    JsClient examinerOnA = connect(url(nodeA), apiA.login("examiner", "examiner-demo-1"));

    assertThat(apiB.post("/api/auth/logout", token, Map.of()).status()).isEqualTo(204);
    assertThat(onB.awaitEvent("disconnect").get(0).asText()).isEqualTo("io server disconnect");
    assertThat(onA.awaitEvent("disconnect", Duration.ofSeconds(10)).get(0).asText())
        .as("the socket on the other node, closed through the adapter").isEqualTo("io server disconnect");
    JsonNode reply = examinerOnA.emitWithAck("timer_sync", Duration.ofSeconds(5), Map.of("sessionId", "none"));
    assertThat(reply.has("args")).as(reply.toString()).isTrue();
    assertThat(examinerOnA.events("disconnect")).isEmpty();
  }
}
