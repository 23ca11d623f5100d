package dev.parley.examroom.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chat part of catalogue G1: lobby readers on the node that dies, and a talker on the surviving node writing 10
 * times a second through the failover. Two kinds of reader: those whose socket comes back on the other node (they
 * also get recovery's replay), and strays that do not reconnect by themselves and come back as a new socket, as a
 * reloaded page or a failed recovery does: only the database can give them what was said while they were away.
 * Each fills its gap by offset ({@code history {after}}) from the newest message it held when the node died.
 */
final class FailoverChat implements AutoCloseable {
  static final String LOBBY = "lobby";
  private static final int STRAYS = 4;

  private final JsClientDriver driver;
  private final String balancerUrl;
  private final String key;
  private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
  private final List<JsonNode> talked = new CopyOnWriteArrayList<>();
  private final List<JsClient> readers = new ArrayList<>();
  private final List<JsClient> strays = new ArrayList<>();
  private final Map<JsClient, Long> held = new HashMap<>();
  private String token;

  FailoverChat(JsClientDriver driver, String balancerUrl, String key) {
    this.driver = driver;
    this.balancerUrl = balancerUrl;
    this.key = key;
  }

  private static JsonNode ok(JsClient client, String event, Map<String, Object> payload) {
    JsonNode reply = client.emitWithAck(event, Duration.ofSeconds(10), payload).get("args").get(0);
    assertThat(reply.get("ok").asBoolean()).as(event + ": " + reply).isTrue();
    return reply;
  }

  private JsClient stray(int i) {
    JsClient client = driver.connect(balancerUrl, Map.of("transports", List.of(i % 2 == 0 ? "websocket" : "polling"),
        "reconnection", false, "auth", Map.of("token", token)));
    client.awaitEvent("connect");
    ok(client, "join_room", Map.of("roomId", LOBBY));
    return client;
  }

  /** The recovering readers (already connected) and the strays, all in the lobby. */
  void join(List<JsClient> recovering, String readerToken) {
    this.token = readerToken;
    recovering.forEach(r -> ok(r, "join_room", Map.of("roomId", LOBBY)));
    readers.addAll(recovering);
    for (int i = 0; i < STRAYS; i++) {
      strays.add(stray(i));
    }
  }

  /** A client on the surviving node writing to the lobby every 100 ms from now on. */
  void startTalker(String survivorUrl, String talkerToken) {
    JsClient talker = driver.connect(survivorUrl, Map.of("transports", List.of("websocket"),
        "auth", Map.of("token", talkerToken)));
    talker.awaitEvent("connect");
    ok(talker, "join_room", Map.of("roomId", LOBBY));
    AtomicInteger count = new AtomicInteger();
    pacer.scheduleWithFixedDelay(() -> {
      String id = "talk-" + count.incrementAndGet() + "-" + key;
      JsonNode reply = talker.emitWithAck("chat_message", Duration.ofSeconds(5), Map.of("roomId", LOBBY,
          "text", id, "clientMessageId", id)).path("args").path(0);
      if (reply.path("ok").asBoolean()) {
        talked.add(reply.get("message"));
      }
    }, 0, 100, TimeUnit.MILLISECONDS);
  }

  /** Once every reader hears the talker: what each holds, just before its node is killed. */
  void holdBeforeTheKill() {
    List<JsClient> all = new ArrayList<>(readers);
    all.addAll(strays);
    await().atMost(10, TimeUnit.SECONDS).until(() -> all.stream().allMatch(r -> ChatGaps.live(r).stream()
        .filter(m -> m.get("clientMessageId").asText().startsWith("talk-")).count() >= 3));
    // a message a reader gets after this may come again in its fill: the client merges by id
    all.forEach(r -> held.put(r, Collections.max(ChatGaps.ids(ChatGaps.live(r)))));
  }

  private long lastTalkedAt() {
    return talked.isEmpty() ? 0 : talked.get(talked.size() - 1).get("createdAt").asLong();
  }

  /**
   * Every reader fills its gap: the recovering ones on their recovered socket, the strays on a new one. Each gets
   * every message stored after its offset exactly once, the talker's messages of its absence among them; its live
   * delivery (recovery's replay included) gave it none twice; a stray got none of those live, so its gap was real.
   */
  void check(String schema, long killedAt, long backAt) throws Exception {
    await().atMost(10, TimeUnit.SECONDS).until(() -> lastTalkedAt() > backAt + 1_000);
    pacer.shutdown();
    assertThat(pacer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    List<Long> stored = TestDb.messageIds(schema, LOBBY);
    assertThat(stored).containsAll(ChatGaps.ids(talked));
    List<Long> whileAway = ChatGaps.ids(talked.stream().filter(m -> m.get("createdAt").asLong() >= killedAt
        && m.get("createdAt").asLong() <= backAt).toList());
    assertThat(whileAway).as("messages stored while the readers were away").isNotEmpty();
    for (JsClient reader : readers) {
      fill(reader, reader, ChatGaps.ids(ChatGaps.live(reader)), stored, whileAway);
    }
    for (int i = 0; i < strays.size(); i++) {
      JsClient gone = strays.get(i);
      assertThat(gone.events("disconnect")).as("%s lost its node", gone).hasSize(1);
      JsClient again = stray(i);
      List<Long> live = new ArrayList<>(ChatGaps.ids(ChatGaps.live(gone)));
      live.addAll(ChatGaps.ids(ChatGaps.live(again)));
      assertThat(live).as("%s got none of the messages of its absence live", gone).doesNotContainAnyElementsOf(
          whileAway);
      fill(gone, again, live, stored, whileAway);
    }
  }

  private void fill(JsClient reader, JsClient asker, List<Long> live, List<Long> stored, List<Long> whileAway) {
    long offset = held.get(reader);
    assertThat(live).as("%s got no message twice live", reader).doesNotHaveDuplicates();
    List<JsonNode> filled = ChatGaps.fillAfter(asker, LOBBY, offset);
    assertThat(ChatGaps.ids(filled)).as("%s: history after %s", reader, offset)
        .containsExactlyElementsOf(stored.stream().filter(id -> id > offset).toList())
        .containsAll(whileAway);
    long first = Collections.min(live);
    assertThat(ChatGaps.merged(live, filled)).as("%s holds every message from its first, once", reader)
        .containsExactlyElementsOf(stored.stream().filter(id -> id >= first).toList());
  }

  @Override
  public void close() {
    pacer.shutdownNow();
  }
}
