package dev.parley.examroom.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalogue F1, the exam room's part: two exam-room nodes (child JVMs) on one PostgreSQL schema and their own
 * {@code redis-server} (Redis Streams adapter); in the lobby, a sender and a long-polling listener on each node,
 * both senders writing steadily. Redis is killed with SIGKILL for about 5 s, then restarted empty on its port. The
 * history checker then holds every client to this: each message acknowledged to its sender is in the database and
 * comes back through {@code history {after}} from the offset the client held before its gap; a client's live
 * delivery misses none of its own node's messages, misses the other node's only inside the outage window, and gets
 * none twice; no node dies, and cross-node delivery resumes within 5 s of the restart.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class RedisKilledDuringChatTest {
  private static final String ROOM = "lobby";
  private static final long SEND_EVERY_MS = 100;
  private static final long OUTAGE_MS = 5_000;
  /** The catalogue's bound on cross-node delivery after the restart. */
  private static final long RESUME_MS = 5_000;
  /** A message published just before the kill may die in Redis's buffers with it: the window opens that early. */
  private static final long IN_FLIGHT_MS = 1_000;

  @TempDir
  Path dir;
  private final String schema = "exam_f1_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private final String key = "exam-f1-" + UUID.randomUUID().toString().substring(0, 8);
  private final ScheduledExecutorService pacer = Executors.newScheduledThreadPool(2);
  private OwnRedis redis;
  private ExamRoomProcess nodeA;
  private ExamRoomProcess nodeB;
  private JsClientDriver driver;

  /** A client writing to the room at a steady pace; what its node acknowledged as stored, and what it refused. */
  private record Sender(String node, JsClient client, AtomicInteger count, List<JsonNode> acked, List<String> refused) {
    Sender(String node, JsClient client) {
      this(node, client, new AtomicInteger(), new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    }

    void send() {
      String id = node + "-" + count.incrementAndGet();
      JsonNode reply = client.emitWithAck("chat_message", Duration.ofSeconds(5),
          Map.of("roomId", ROOM, "text", "message " + id, "clientMessageId", id));
      JsonNode answer = reply.path("args").path(0);
      if (answer.path("ok").asBoolean()) {
        acked.add(answer.get("message"));
      } else {
        refused.add(id + ": " + reply);
      }
    }

    long lastAckedAt() {
      return acked.isEmpty() ? 0 : acked.get(acked.size() - 1).get("createdAt").asLong();
    }
  }

  @BeforeEach
  void start() throws Exception {
    TestDb.sql("CREATE SCHEMA " + schema);
    redis = new OwnRedis();
    // A first: it migrates the schema and creates the demo accounts
    nodeA = new ExamRoomProcess(args("a"));
    nodeB = new ExamRoomProcess(args("b"));
    driver = JsClientDriver.start();
  }

  private List<String> args(String node) {
    List<String> args = new ArrayList<>(TestDb.nodeArgs(dir.resolve(node), schema, "redis-streams", key,
        redis.uri()));
    // a steady stream from one user: the chat's per-user rate limit (2 a second) is not what is tested here
    args.addAll(List.of("--chat.rate.per.second=50", "--chat.rate.burst=50"));
    return args;
  }

  @AfterEach
  void stop() throws Exception {
    pacer.shutdownNow();
    try {
      for (AutoCloseable part : new AutoCloseable[] {driver, nodeA, nodeB, redis}) {
        if (part != null) {
          part.close();
        }
      }
    } finally {
      TestDb.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private JsClient inLobby(String url, String user, String password, String transport) {
    String token = new TestHttp(url).login(user, password);
    JsClient client = driver.connect(url, Map.of("transports", List.of(transport), "auth", Map.of("token", token)));
    client.awaitEvent("connect");
    JsonNode joined = client.emitWithAck("join_room", Duration.ofSeconds(10), Map.of("roomId", ROOM));
    assertThat(joined.path("args").path(0).path("ok").asBoolean()).as("join: %s", joined).isTrue();
    return client;
  }

  /** The newest {@code createdAt} of the messages of {@code node}'s sender that this client got live. */
  private static long newestFrom(JsClient client, String node) {
    return ChatGaps.live(client).stream().filter(m -> m.get("clientMessageId").asText().startsWith(node + "-"))
        .mapToLong(m -> m.get("createdAt").asLong()).max().orElse(0);
  }

  @Test
  void chatMessagesSurviveARedisOutageAndGapsAreOnlyInsideIt() throws Exception {
    Sender senderA = new Sender("a", inLobby(nodeA.url(), "candidate1", "candidate-demo-1", "websocket"));
    Sender senderB = new Sender("b", inLobby(nodeB.url(), "candidate2", "candidate-demo-2", "websocket"));
    JsClient listenerA = inLobby(nodeA.url(), "examiner", "examiner-demo-1", "polling");
    JsClient listenerB = inLobby(nodeB.url(), "admin", "admin-demo-1", "polling");
    for (Sender s : List.of(senderA, senderB)) {
      pacer.scheduleWithFixedDelay(s::send, 0, SEND_EVERY_MS, TimeUnit.MILLISECONDS);
    }
    await().atMost(20, TimeUnit.SECONDS).until(() -> newestFrom(listenerA, "b") > 0 && newestFrom(listenerB, "a") > 0
        && senderA.acked().size() >= 10 && senderB.acked().size() >= 10);

    redis.kill();
    long killedAt = System.currentTimeMillis();
    // local delivery goes on through the whole outage: each node's listener keeps hearing its own node's sender
    await().atMost(OUTAGE_MS + 15_000, TimeUnit.MILLISECONDS).until(() -> newestFrom(listenerA, "a")
        >= killedAt + OUTAGE_MS && newestFrom(listenerB, "b") >= killedAt + OUTAGE_MS);
    redis.start();
    long restartedAt = System.currentTimeMillis();
    await("cross-node delivery within " + RESUME_MS + " ms of the restart").atMost(RESUME_MS, TimeUnit.MILLISECONDS)
        .until(() -> newestFrom(listenerB, "a") > restartedAt && newestFrom(listenerA, "b") > restartedAt);
    long windowEnd = restartedAt + RESUME_MS;
    // the stream goes on past the window's end, so that what must arrive live is more than a moment's worth
    await().atMost(RESUME_MS + 15_000, TimeUnit.MILLISECONDS).until(() -> senderA.lastAckedAt() > windowEnd + 2_000
        && senderB.lastAckedAt() > windowEnd + 2_000);
    pacer.shutdown();
    assertThat(pacer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(senderA.refused()).as("sends refused on A").isEmpty();
    assertThat(senderB.refused()).as("sends refused on B").isEmpty();
    List<JsonNode> acked = new ArrayList<>(senderA.acked());
    acked.addAll(senderB.acked());
    List<Long> stored = TestDb.messageIds(schema, ROOM);
    assertThat(stored).as("every acknowledged message is stored").containsAll(ChatGaps.ids(acked));
    // everything sent after the window reaches every client live; then each client's account is complete
    List<JsClient> clients = List.of(senderA.client(), listenerA, senderB.client(), listenerB);
    List<Long> afterWindow = ChatGaps.ids(acked.stream().filter(m -> m.get("createdAt").asLong() > windowEnd)
        .toList());
    await("every message sent after the outage window, live on every client").atMost(10, TimeUnit.SECONDS)
        .until(() -> clients.stream().allMatch(c -> new HashSet<>(ChatGaps.ids(ChatGaps.live(c)))
        .containsAll(afterWindow)));
    int gaps = 0;
    for (JsClient c : clients) {
      String node = c == senderA.client() || c == listenerA ? "a" : "b";
      gaps += checkClient(c, node, acked, stored, new long[] {killedAt - IN_FLIGHT_MS, restartedAt, windowEnd});
    }
    assertThat(gaps).as("cross-node messages lost in the outage (else it tested nothing)").isPositive();

    assertThat(nodeA.alive() && nodeB.alive()).as("both nodes up").isTrue();
    for (ExamRoomProcess node : List.of(nodeA, nodeB)) {
      await().atMost(10, TimeUnit.SECONDS).until(() -> new TestHttp(node.url()).getStatus("/api/health") == 200);
    }
    assertThat(clients).allMatch(c -> c.events("disconnect").isEmpty(), "no client lost its connection");
  }

  /**
   * One client's live account and gap, held to the outage {@code window} (opens, Redis restarted, closes).
   *
   * @return how many of the other node's messages it missed live
   */
  private static int checkClient(JsClient c, String node, List<JsonNode> acked, List<Long> stored, long[] window) {
    List<JsonNode> live = ChatGaps.live(c);
    List<Long> liveIds = ChatGaps.ids(live);
    assertThat(liveIds).as("%s (node %s) got no message twice", c, node).doesNotHaveDuplicates();
    Set<Long> got = new HashSet<>(liveIds);
    List<JsonNode> missed = acked.stream().filter(m -> !got.contains(m.get("id").asLong())).toList();
    for (JsonNode m : missed) {
      long at = m.get("createdAt").asLong();
      assertThat(m.get("clientMessageId").asText()).as("%s missed a message of its own node: %s", c, m)
          .doesNotStartWith(node + "-");
      assertThat(at).as("%s missed %s outside the outage window %s..%s", c, m, window[0], window[2])
          .isBetween(window[0], window[2]);
    }
    for (JsonNode m : live) {
      long at = m.get("createdAt").asLong();
      boolean crossNode = !m.get("clientMessageId").asText().startsWith(node + "-");
      assertThat(crossNode && at > window[0] + 2 * IN_FLIGHT_MS && at < window[1])
          .as("%s got %s, published while Redis was down, late", c, m).isFalse();
    }
    // the gap filled from the database, from the offset held before it: every stored message after it, once
    long held = ChatGaps.heldBeforeGap(stored, liveIds);
    List<JsonNode> filled = ChatGaps.fillAfter(c, ROOM, held);
    assertThat(ChatGaps.ids(filled)).as("%s: history after %s", c, held)
        .containsExactlyElementsOf(stored.stream().filter(id -> id > held).toList());
    assertThat(ChatGaps.merged(liveIds, filled)).as("%s holds the whole room, each message once", c)
        .containsExactlyElementsOf(stored);
    return missed.size();
  }
}
