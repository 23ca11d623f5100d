package dev.parley.examroom.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.examroom.ExamRoomApp;
import dev.parley.examroom.config.AppConfig;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import dev.parley.testkit.LoopbackForwarder;
import java.nio.file.Path;
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
 * Catalogue G1: two exam-room nodes on PostgreSQL and Redis (Streams adapter); node A is a child JVM behind a
 * balancer ({@link LoopbackForwarder}, its sources spread over 127.0.0.2–9) with {@value #CLIENTS} candidate clients
 * on it, half on WebSocket and half on long-polling, during a running test. A is killed with SIGKILL; the balancer
 * then sends everyone to B. Every client comes back on B with the official client's backoff, without a storm of
 * retries or refusals, and what lives in the database survives: the test's timer, the answers, and an answer whose
 * acknowledgement was lost, stored once when resent. Meanwhile someone on B talks in the lobby, which readers on A
 * follow: back on B, each fills its gap from the database by offset ({@link FailoverChat}).
 *
 * <p>The nodes share a {@code redis-server} of the test's own: restoring {@value #CLIENTS} sessions at once is a
 * burst of {@code XRANGE} reads (each client's missed broadcasts) that must not wait behind other suites' traffic on
 * the machine's shared Redis; in early runs on the busy 2-core machine, some restores outlived the adapter's 2 s
 * command timeout and those clients got a new socket instead of theirs.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NodeKilledFailoverTest {
  private static final int CLIENTS = 200;
  /** The first candidates also read the lobby: half of them on WebSocket, half on long-polling. */
  private static final int CHAT_READERS = 10;
  private static final long PART1_MS = 600_000;

  @TempDir
  Path dir;
  private final String schema = "exam_g1_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private final String key = "exam-g1-" + UUID.randomUUID().toString().substring(0, 8);
  private OwnRedis redis;
  private ExamRoomProcess nodeA;
  private ExamRoomApp nodeB;
  private LoopbackForwarder balancer;
  private JsClientDriver driver;
  private FailoverChat chat;

  @BeforeEach
  void start() throws Exception {
    TestDb.sql("CREATE SCHEMA " + schema);
    // a Redis of its own: the restore burst of every client at once must not queue behind other suites' traffic
    redis = new OwnRedis();
    // A first: it migrates the schema and creates the demo accounts
    nodeA = new ExamRoomProcess(args("a"));
    nodeB = ExamRoomApp.start(AppConfig.load(Map.of(), args("b").toArray(String[]::new)));
    balancer = new LoopbackForwarder(nodeA.port(), true);
    driver = JsClientDriver.start();
    chat = new FailoverChat(driver, balancer.url(), key);
  }

  private List<String> args(String node) {
    List<String> args = new ArrayList<>(TestDb.nodeArgs(dir.resolve(node), schema, "redis-streams", key,
        redis.uri()));
    // the talker writes 10 messages a second: the chat's per-user rate limit is not what is tested here
    args.addAll(List.of("--chat.rate.per.second=50", "--chat.rate.burst=50"));
    return args;
  }

  @AfterEach
  void stop() throws Exception {
    try {
      // whatever started before a failure in start() is stopped
      for (AutoCloseable part : new AutoCloseable[] {chat, driver, balancer, nodeA, nodeB, redis}) {
        if (part != null) {
          part.close();
        }
      }
    } finally {
      TestDb.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private static JsonNode ok(JsClient client, String event, Map<String, Object> payload) {
    JsonNode reply = client.emitWithAck(event, Duration.ofSeconds(10), payload).get("args").get(0);
    assertThat(reply.get("ok").asBoolean()).as(event + ": " + reply).isTrue();
    return reply;
  }

  /** When the timer's part ends, in server time: what must not move when the node running it dies. */
  private static long deadline(JsonNode timer) {
    return timer.get("serverTime").asLong() + timer.get("remainingMs").asLong();
  }

  private String startTest(TestHttp b) {
    String admin = b.login("admin", "admin-demo-1");
    long now = b.get("/api/config", null).get("serverTime").asLong();
    Map<String, Object> body = new HashMap<>(Map.of("title", "Failover", "candidateId", b.userId(admin, "candidate1"),
        "examinerId", b.userId(admin, "examiner"), "scheduledAt", now + 3_600_000));
    body.put("durations", Map.of("part1", PART1_MS, "part2_prep", 60_000, "part2_talk", 60_000, "part3", 60_000));
    String id = b.post("/api/sessions", admin, body, 201).get("session").get("id").asText();
    JsClient examiner = driver.connect(TestHttp.url(nodeB),
        Map.of("transports", List.of("websocket"), "auth", Map.of("token", b.login("examiner", "examiner-demo-1"))));
    examiner.awaitEvent("connect");
    ok(examiner, "start_test", Map.of("sessionId", id));
    return id;
  }

  private List<JsClient> connectCandidates(String token) {
    List<JsClient> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      // the official client's backoff: 300 ms doubling to 3 s, each delay randomized by ±50 %
      clients.add(driver.connect(balancer.url(), Map.of("transports", List.of(i % 2 == 0 ? "websocket" : "polling"),
          "reconnection", true, "reconnectionDelay", 300, "reconnectionDelayMax", 3000,
          "randomizationFactor", 0.5, "auth", Map.of("token", token))));
    }
    await().atMost(30, TimeUnit.SECONDS).until(() -> clients.stream().allMatch(c -> !c.events("connect").isEmpty()));
    return clients;
  }

  @Test
  void nodeKilledClientsFailOver() throws Exception {
    TestHttp b = new TestHttp(TestHttp.url(nodeB));
    String sessionId = startTest(b);
    String token = b.login("candidate1", "candidate-demo-1");
    List<JsClient> candidates = connectCandidates(token);
    assertThat(candidates.get(1).events("connect").get(0).args().get(1).asText()).isEqualTo("polling");
    JsClient answering = candidates.get(0);
    ok(answering, "join_session", Map.of("sessionId", sessionId, "lastSeq", 0));
    chat.join(candidates.subList(0, CHAT_READERS), token);
    List<String> answerIds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      answerIds.add("answer-" + i + "-" + key);
      ok(answering, "chat_message", Map.of("roomId", "lobby", "text", "answer " + i, "clientMessageId",
          answerIds.get(i)));
    }
    JsonNode timerBefore = ok(answering, "timer_sync", Map.of("sessionId", sessionId)).get("timer");
    chat.startTalker(TestHttp.url(nodeB), b.login("candidate2", "candidate-demo-2"));
    // an answer A stores but whose acknowledgement the client never gets: A dies before it could matter
    String unacked = "unacked-" + key;
    answering.emit("chat_message", Map.of("roomId", "lobby", "text", "last answer", "clientMessageId", unacked));
    await().atMost(10, TimeUnit.SECONDS).until(() -> TestDb.count(schema, unacked) == 1);
    chat.holdBeforeTheKill();

    long killedAt = System.currentTimeMillis();
    nodeA.kill();
    balancer.retarget(nodeB.address().getPort());

    // everyone is back, on B: a second connect for each, over the same transport as before
    await().atMost(30, TimeUnit.SECONDS).until(() -> candidates.stream().allMatch(c -> c.events("connect").size() >= 2));
    long backAt = System.currentTimeMillis();
    int attempts = 0;
    for (JsClient c : candidates) {
      assertThat(c.events("disconnect")).as("%s lost A once", c).hasSize(1);
      attempts += c.events("reconnect_attempt").size();
      for (JsClient.Event e : c.events("connect_error")) {
        // refused by the dead node or the balancer is expected; a refusal by B (overload, per-address cap) is not
        assertThat(e.args().get(0).asText()).as("%s connect_error", c).isIn("xhr poll error", "websocket error");
      }
    }
    assertThat(attempts).as("reconnection attempts of %s clients: no storm of retries", CLIENTS)
        .isLessThanOrEqualTo(CLIENTS * 3);
    // the Streams adapter kept each socket's state in Redis: B gives every client its socket back
    assertThat(candidates).allMatch(c -> c.events("connect").get(1).args().get(2).asBoolean(), "recovered on B");
    assertThat(b.getStatus("/api/health")).as("B still healthy after taking A's clients").isEqualTo(200);

    // the timer lives in the database: same part, same deadline (to the clock's tick)
    JsonNode timerAfter = ok(answering, "timer_sync", Map.of("sessionId", sessionId)).get("timer");
    assertThat(timerAfter.get("status").asText()).isEqualTo("In Progress");
    assertThat(timerAfter.get("part").asText()).isEqualTo(timerBefore.get("part").asText());
    assertThat(Math.abs(deadline(timerAfter) - deadline(timerBefore))).isLessThanOrEqualTo(1_000);

    // the resent answer is recognised by its client id and stored once; the others are all there
    JsonNode resent = ok(answering, "chat_message", Map.of("roomId", "lobby", "text", "last answer",
        "clientMessageId", unacked));
    assertThat(resent.get("duplicate").asBoolean()).isTrue();
    assertThat(TestDb.count(schema, unacked)).isEqualTo(1);
    answerIds.add(unacked);
    List<String> stored = new ArrayList<>();
    ChatGaps.fillAfter(answering, FailoverChat.LOBBY, 0).forEach(m -> stored.add(m.get("clientMessageId").asText()));
    assertThat(stored).containsAll(answerIds);
    chat.check(schema, killedAt, backAt);
  }
}
