package dev.parley.examroom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.examroom.ExamRoomApp;
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

/** The chat's events end to end, with the official JavaScript client, on SQLite. */
class ChatFlowTest {
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

  @BeforeEach
  void start() throws InterruptedException {
    app = ExamRoomApp.start(TestDatabases.sqlite(dir, "--chat.presence.offline.grace=300ms"));
    api = new Api("http://127.0.0.1:" + app.address().getPort());
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private JsClient connect(String user, String password) {
    String token = api.login(user, password);
    JsClient client = node.connect("http://127.0.0.1:" + app.address().getPort(),
        Map.of("auth", Map.of("token", token)));
    client.awaitEvent("connect");
    return client;
  }

  private JsClient alice() {
    return connect("candidate1", "candidate-demo-1");
  }

  private JsClient bob() {
    return connect("candidate2", "candidate-demo-2");
  }

  private static JsonNode call(JsClient client, String event, Object payload) {
    JsonNode reply = client.emitWithAck(event, Duration.ofSeconds(10), payload).get("args").get(0);
    return reply;
  }

  private static JsonNode ok(JsClient client, String event, Object payload) {
    JsonNode reply = call(client, event, payload);
    assertThat(reply.get("ok").asBoolean()).as(event + ": " + reply).isTrue();
    return reply;
  }

  @Test
  void joiningAnnouncesTheUserAndSendsParticipantsAndHistory() {
    JsClient a = alice();
    ok(a, "join_room", Map.of("roomId", "lobby"));
    assertThat(a.awaitEvent("participants_list").get(0).get("participants")).hasSize(1);
    assertThat(a.awaitEvent("chat_history").get(0).get("messages")).isEmpty();
    JsClient b = bob();
    ok(b, "join_room", Map.of("roomId", "lobby"));
    JsonNode joined = a.awaitEvent("user_joined").get(0);
    assertThat(joined.get("user").get("displayName").asText()).isEqualTo("Carla Candidate");
    assertThat(a.awaitEvent("participants_list").get(0).get("participants")).hasSize(2);
    b.disconnect();
    assertThat(a.awaitEvent("user_left").get(0).get("user").get("displayName").asText())
        .isEqualTo("Carla Candidate");
  }

  @Test
  void messagesReachTheRoomUnderBothSeedNamesAndAResendShowsOnce() {
    JsClient a = alice();
    JsClient b = bob();
    ok(a, "join_room", Map.of("roomId", "lobby"));
    ok(b, "join_room", Map.of("roomId", "lobby"));
    JsonNode sent = ok(a, "chat_message", Map.of("roomId", "lobby", "text", "hello", "clientMessageId", "m-1"));
    long id = sent.get("message").get("id").asLong();
    assertThat(b.awaitEvent("message_received").get(0).get("id").asLong()).isEqualTo(id);
    assertThat(b.awaitEvent("chat_update").get(0).get("text").asText()).isEqualTo("hello");
    JsonNode resent = ok(a, "chat_message", Map.of("roomId", "lobby", "text", "hello", "clientMessageId", "m-1"));
    assertThat(resent.get("duplicate").asBoolean()).isTrue();
    assertThat(resent.get("message").get("id").asLong()).isEqualTo(id);
    ok(a, "chat_message", Map.of("roomId", "lobby", "text", "marker", "clientMessageId", "m-2"));
    await().until(() -> b.events("message_received").size() == 2);
    assertThat(b.events("message_received")).extracting(e -> e.args().get(0).get("text").asText())
        .containsExactly("hello", "marker");
  }

  @Test
  void aClientBackFromAnAbsenceFillsItsGapByOffsetOverTheSocketOrRest() {
    JsClient a = alice();
    JsClient b = bob();
    ok(a, "join_room", Map.of("roomId", "lobby"));
    ok(b, "join_room", Map.of("roomId", "lobby"));
    long held = ok(a, "chat_message", Map.of("roomId", "lobby", "text", "before", "clientMessageId", "g-0"))
        .get("message").get("id").asLong();
    assertThat(b.awaitEvent("message_received").get(0).get("id").asLong()).isEqualTo(held);
    b.disconnect();
    List<Long> missed = new java.util.ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      missed.add(ok(a, "chat_message", Map.of("roomId", "lobby", "text", "while away " + i, "clientMessageId",
          "g-" + i)).get("message").get("id").asLong());
    }
    JsClient back = bob();
    JsonNode first = ok(back, "history", Map.of("roomId", "lobby", "after", held, "limit", 2));
    assertThat(first.get("hasMore").asBoolean()).isTrue();
    JsonNode second = ok(back, "history", Map.of("roomId", "lobby", "after",
        first.get("messages").get(1).get("id").asLong(), "limit", 2));
    assertThat(second.get("hasMore").asBoolean()).isFalse();
    List<Long> filled = new java.util.ArrayList<>();
    first.get("messages").forEach(m -> filled.add(m.get("id").asLong()));
    second.get("messages").forEach(m -> filled.add(m.get("id").asLong()));
    assertThat(filled).containsExactlyElementsOf(missed);

    String token = api.login("candidate2", "candidate-demo-2");
    JsonNode page = api.get("/api/chat/rooms/lobby/messages?after=" + held, token).body();
    assertThat(page.get("messages")).extracting(m -> m.get("id").asLong()).containsExactlyElementsOf(missed);
    assertThat(api.get("/api/chat/rooms/lobby/messages?after=" + held + "&before=" + held, token).status())
        .isEqualTo(400);
    for (Object bad : List.of("x", -1, 1.5)) {
      assertThat(call(back, "history", Map.of("roomId", "lobby", "after", bad)).get("error").asText())
          .as("after %s", bad).isEqualTo("invalid");
    }
    assertThat(call(back, "history", Map.of("roomId", "lobby", "after", held, "before", held + 2))
        .get("error").asText()).isEqualTo("invalid");
  }

  @Test
  void typingIsThrottledRelayedAndClearedOnDisconnect() {
    JsClient a = alice();
    JsClient b = bob();
    ok(a, "join_room", Map.of("roomId", "lobby"));
    ok(b, "join_room", Map.of("roomId", "lobby"));
    for (int i = 0; i < 5; i++) {
      ok(a, "typing", Map.of("roomId", "lobby", "isTyping", true));
    }
    JsonNode typing = b.awaitEvent("user_typing").get(0);
    assertThat(typing.get("isTyping").asBoolean()).isTrue();
    ok(a, "chat_message", Map.of("roomId", "lobby", "text", "done", "clientMessageId", "t-1"));
    b.awaitEvent("message_received");
    // sending stops typing; the five typing events gave one relay
    assertThat(b.awaitEvent("user_typing").get(0).get("isTyping").asBoolean()).isFalse();
    assertThat(b.events("user_typing")).hasSize(2);
    assertThat(a.events("user_typing")).isEmpty();
    ok(a, "typing", Map.of("roomId", "lobby", "isTyping", true));
    assertThat(b.awaitEvent("user_typing").get(0).get("isTyping").asBoolean()).isTrue();
    a.closeEngine();
    assertThat(b.awaitEvent("user_typing").get(0).get("isTyping").asBoolean()).isFalse();
  }

  @Test
  void aPrivateMessageReachesEveryTabOfTheRecipientAndNobodyElse() {
    JsClient a = alice();
    JsClient b1 = bob();
    JsClient b2 = bob();
    JsClient examiner = connect("examiner", "examiner-demo-1");
    String bobId = api.get("/api/me", api.login("candidate2", "candidate-demo-2")).body().get("user").get("id")
        .asText();
    String room = ok(a, "open_dm", Map.of("userId", bobId)).get("room").get("id").asText();
    ok(a, "chat_message", Map.of("roomId", room, "text", "just for you", "clientMessageId", "dm-1"));
    assertThat(b1.awaitEvent("message_received").get(0).get("text").asText()).isEqualTo("just for you");
    assertThat(b2.awaitEvent("message_received").get(0).get("text").asText()).isEqualTo("just for you");
    JsonNode denied = call(examiner, "join_room", Map.of("roomId", room));
    assertThat(denied.get("error").asText()).isEqualTo("forbidden");
    ok(a, "join_room", Map.of("roomId", "lobby"));
    ok(examiner, "join_room", Map.of("roomId", "lobby"));
    ok(a, "chat_message", Map.of("roomId", "lobby", "text", "public", "clientMessageId", "pub-1"));
    examiner.awaitEvent("message_received");
    assertThat(examiner.events("message_received")).hasSize(1);
  }

  @Test
  void receiptsReachTheSender() {
    JsClient a = alice();
    JsClient b = bob();
    ok(a, "join_room", Map.of("roomId", "lobby"));
    ok(b, "join_room", Map.of("roomId", "lobby"));
    long id = ok(a, "chat_message", Map.of("roomId", "lobby", "text", "read me", "clientMessageId", "r-1"))
        .get("message").get("id").asLong();
    ok(b, "receipt", Map.of("messageId", id, "status", "delivered"));
    assertThat(a.awaitEvent("receipt").get(0).get("status").asText()).isEqualTo("delivered");
    ok(b, "receipt", Map.of("messageId", id, "status", "seen"));
    assertThat(a.awaitEvent("receipt").get(0).get("status").asText()).isEqualTo("seen");
    assertThat(b.events("receipt")).isEmpty();
  }

  @Test
  void aReaderOfABusyRoomMaySendAReceiptPerMessagePastTheLibrarysDefaultEventRate() {
    JsClient a = alice();
    JsClient b = bob();
    ok(a, "join_room", Map.of("roomId", "lobby"));
    ok(b, "join_room", Map.of("roomId", "lobby"));
    long id = ok(a, "chat_message", Map.of("roomId", "lobby", "text", "busy", "clientMessageId", "busy-1"))
        .get("message").get("id").asLong();
    // 150 events at once: past the library's default budget (burst 50, then a disconnect after 50 drops), within the
    // exam room's (socket.event.burst 200)
    for (int i = 0; i < 150; i++) {
      b.emit("receipt", Map.of("messageId", id, "status", "delivered"));
    }
    ok(b, "receipt", Map.of("messageId", id, "status", "seen"));
    assertThat(b.events("rate-limit")).isEmpty();
    assertThat(b.events("disconnect")).isEmpty();
  }

  @Test
  void aPageOfMessagesIsSeenWithOneBatchedReceipt() {
    JsClient a = alice();
    JsClient b = bob();
    ok(a, "join_room", Map.of("roomId", "lobby"));
    ok(b, "join_room", Map.of("roomId", "lobby"));
    List<Long> ids = new java.util.ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      ids.add(ok(a, "chat_message", Map.of("roomId", "lobby", "text", "page " + i, "clientMessageId", "p-" + i))
          .get("message").get("id").asLong());
    }
    // a missing id is skipped, the reader's own message changes nothing
    long own = ok(b, "chat_message", Map.of("roomId", "lobby", "text", "mine", "clientMessageId", "p-b"))
        .get("message").get("id").asLong();
    List<Long> batch = new java.util.ArrayList<>(ids);
    batch.add(own);
    batch.add(999_999L);
    ok(b, "receipt", Map.of("messageIds", batch, "status", "seen"));
    List<Long> told = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JsonNode r = a.awaitEvent("receipt").get(0);
      assertThat(r.get("status").asText()).isEqualTo("seen");
      told.add(r.get("messageId").asLong());
    }
    assertThat(told).containsExactlyElementsOf(ids);
    // the read marker moved: nothing unread for the reader
    assertThat(ok(b, "join_room", Map.of("roomId", "lobby")).get("unread").asInt()).isZero();
    assertThat(call(b, "receipt", Map.of("messageIds", List.of(), "status", "seen")).get("error").asText())
        .isEqualTo("invalid");
    assertThat(call(b, "receipt", Map.of("messageIds", List.of("x"), "status", "seen")).get("error").asText())
        .isEqualTo("invalid");
  }

  @Test
  void floodingIsRateLimitedAndOthersSeeNoMoreThanTheLimit() {
    JsClient a = alice();
    JsClient b = bob();
    ok(a, "join_room", Map.of("roomId", "lobby"));
    ok(b, "join_room", Map.of("roomId", "lobby"));
    int refused = 0;
    for (int i = 0; i < 20; i++) {
      JsonNode reply = call(a, "chat_message", Map.of("roomId", "lobby", "text", "spam " + i,
          "clientMessageId", "s-" + i));
      if (!reply.get("ok").asBoolean()) {
        assertThat(reply.get("error").asText()).isEqualTo("rate_limited");
        assertThat(reply.get("message").asText()).isEqualTo("You're sending too fast");
        refused++;
      }
    }
    assertThat(refused).isGreaterThanOrEqualTo(10);
    assertThat(a.awaitEvent("rate_limited").get(0).get("retryAfterMs").asLong()).isPositive();
    ok(b, "chat_message", Map.of("roomId", "lobby", "text", "marker", "clientMessageId", "b-m"));
    await().until(() -> b.events("message_received").stream()
        .anyMatch(e -> e.args().get(0).get("text").asText().equals("marker")));
    assertThat(b.events("message_received").size() - 1).isEqualTo(20 - refused);
  }

  @Test
  void mutedUsersAreRefusedByTheServer() {
    JsClient a = alice();
    JsClient examiner = connect("examiner", "examiner-demo-1");
    ok(a, "join_room", Map.of("roomId", "lobby"));
    ok(examiner, "join_room", Map.of("roomId", "lobby"));
    String aliceId = api.get("/api/me", api.login("candidate1", "candidate-demo-1")).body().get("user")
        .get("id").asText();
    assertThat(call(a, "mute_user", Map.of("roomId", "lobby", "userId", aliceId)).get("error").asText())
        .isEqualTo("forbidden");
    ok(examiner, "mute_user", Map.of("roomId", "lobby", "userId", aliceId, "muted", true));
    assertThat(a.awaitEvent("user_muted").get(0).get("muted").asBoolean()).isTrue();
    JsonNode refused = call(a, "chat_message", Map.of("roomId", "lobby", "text", "x", "clientMessageId", "mu-1"));
    assertThat(refused.get("error").asText()).isEqualTo("muted");
  }

  @Test
  void aKickedUserWhoReturnsAfterTheBanIsAnnouncedAgain() throws InterruptedException {
    app.close();
    app = ExamRoomApp.start(TestDatabases.sqlite(dir, "--chat.kick.duration=300ms"));
    api = new Api("http://127.0.0.1:" + app.address().getPort());
    JsClient examiner = connect("examiner", "examiner-demo-1");
    JsClient a = alice();
    ok(examiner, "join_room", Map.of("roomId", "lobby"));
    ok(a, "join_room", Map.of("roomId", "lobby"));
    examiner.awaitEvent("user_joined");
    String aliceId = api.get("/api/me", api.login("candidate1", "candidate-demo-1")).body().get("user")
        .get("id").asText();
    ok(examiner, "kick_user", Map.of("roomId", "lobby", "userId", aliceId));
    a.awaitEvent("kicked");
    await().atMost(Duration.ofSeconds(10)).until(() -> call(a, "join_room", Map.of("roomId", "lobby"))
        .path("ok").asBoolean());
    await().until(() -> examiner.events("user_joined").size() == 2);
  }

  @Test
  void seed003GeneralMessagesAndEnvelopes() {
    JsClient a = alice();
    JsClient b = bob();
    ok(b, "join_room", Map.of("roomId", "help"));
    JsonNode reply = ok(a, "message", "Hello, server!");
    assertThat(reply.get("status").asText()).isEqualTo("received");
    assertThat(a.awaitEvent("message_response").get(0).get("message").asText()).isEqualTo("Hello, server!");
    ok(a, "message", Map.of("type", "join_room", "data", Map.of("roomId", "help")));
    ok(a, "message", Map.of("type", "chat_message", "data", Map.of("roomId", "help", "userId", "ignored",
        "message", "Hello, world!")));
    assertThat(b.awaitEvent("message_received").get(0).get("text").asText()).isEqualTo("Hello, world!");
  }

  @Test
  void seed004PlainMessagesAreBroadcastToEveryoneAndTheLobbysMutesApply() {
    JsClient a = alice();
    JsClient b = bob();
    // the seed's page emits without an acknowledgement and joins no room
    a.emit("message", "Hello, everyone!");
    assertThat(b.awaitEvent("message").get(0).asText()).isEqualTo("Hello, everyone!");
    assertThat(a.awaitEvent("message").get(0).asText()).as("the sender too, as the seed").isEqualTo("Hello, everyone!");
    assertThat(a.awaitEvent("message_response").get(0).get("message").asText()).isEqualTo("Hello, everyone!");
    // seed 003's object form is answered, not broadcast
    ok(a, "message", Map.of("message", "only for the server"));
    ok(b, "message", "marker");
    await().until(() -> a.events("message").size() == 2);
    assertThat(a.events("message")).extracting(e -> e.args().get(0).asText())
        .containsExactly("Hello, everyone!", "marker");
    assertThat(call(a, "message", "   ").get("error").asText()).isEqualTo("invalid");

    JsClient examiner = connect("examiner", "examiner-demo-1");
    String aliceId = api.get("/api/me", api.login("candidate1", "candidate-demo-1")).body().get("user")
        .get("id").asText();
    ok(a, "join_room", Map.of("roomId", "lobby"));
    ok(examiner, "join_room", Map.of("roomId", "lobby"));
    ok(examiner, "mute_user", Map.of("roomId", "lobby", "userId", aliceId, "muted", true));
    assertThat(call(a, "message", "can you hear me?").get("error").asText()).isEqualTo("muted");
    ok(b, "message", "second marker");
    await().until(() -> a.events("message").size() == 3);
    assertThat(b.events("message")).extracting(e -> e.args().get(0).asText())
        .containsExactly("Hello, everyone!", "marker", "second marker");
  }

  @Test
  void presenceCountsTabsOnceAndGoesOfflineAfterTheGrace() {
    JsClient watcher = bob();
    JsClient tab1 = alice();
    JsClient tab2 = alice();
    ok(tab1, "set_presence", Map.of("status", "away"));
    ok(tab2, "set_presence", Map.of("status", "away"));
    await().untilAsserted(() -> assertThat(lastStatus(watcher, "Chen Candidate")).isEqualTo("away"));
    ok(tab2, "set_presence", Map.of("status", "online"));
    await().untilAsserted(() -> assertThat(lastStatus(watcher, "Chen Candidate")).isEqualTo("online"));
    tab1.closeEngine();
    tab2.closeEngine();
    await().atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(lastStatus(watcher, "Chen Candidate")).isEqualTo("offline"));
  }

  private static String lastStatus(JsClient client, String name) {
    List<JsClient.Event> events = client.events("presence");
    String status = null;
    for (JsClient.Event e : events) {
      if (name.equals(e.args().get(0).path("displayName").asText())) {
        status = e.args().get(0).get("status").asText();
      }
    }
    return status;
  }
}
