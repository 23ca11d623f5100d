package dev.parley.it.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.socketio.server.RecoveryOptions;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.Socket;
import dev.parley.socketio.server.SocketIoServer;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Connection state recovery with the official JavaScript client, as the reference defines it. */
class ConnectionStateRecoveryTest {
  private static JsClientDriver node;
  private SocketIoServer io;
  private final List<String> reasons = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startNode() {
    node = JsClientDriver.start();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @AfterEach
  void stop() {
    if (io != null) {
      io.close(Duration.ofMillis(300));
    }
  }

  private String start(UnaryOperator<RecoveryOptions> recovery) {
    io = SocketIoServer.create(ServerOptions.builder().host("127.0.0.1").port(0)
        .connectionStateRecovery(recovery.apply(RecoveryOptions.defaults())).build());
    io.on("connection", socket -> {
      if (!socket.isRecovered()) {
        socket.join("room1");
        socket.data(Map.of("user", socket.handshake().auth().path("user").asText("?")));
      }
      socket.onDisconnect((reason, detail) -> reasons.add(reason.description()));
      socket.emit("hello", socket.isRecovered());
    });
    return "http://127.0.0.1:" + io.start().getPort();
  }

  private static Map<String, Object> reconnecting(Map<String, Object> auth) {
    return Map.of("transports", List.of("websocket"), "reconnection", true, "reconnectionDelay", 1500,
        "reconnectionDelayMax", 1500, "randomizationFactor", 0, "auth", auth);
  }

  @Test
  void aReconnectingClientGetsItsIdRoomsDataAndTheMissedBroadcastsInOrder() {
    String url = start(r -> r);
    JsClient client = node.connect(url, reconnecting(Map.of("user", "alice")));
    JsonNode first = client.awaitEvent("connect");
    String id = first.get(0).asText();
    assertThat(first.get(2).asBoolean()).isFalse();
    assertThat(client.awaitEvent("hello").get(0).asBoolean()).isFalse();
    io.to("room1").emit("news", 0);
    client.awaitEvent("news");

    client.closeEngine();
    await().atMost(Duration.ofSeconds(5)).until(() -> reasons.contains("transport close"));
    for (int i = 1; i <= 5; i++) {
      io.to("room1").emit("news", i);
    }
    io.to("room2").emit("news", -1);
    io.emit("news", 6);

    JsonNode again = client.awaitEvent("connect", Duration.ofSeconds(10));
    assertThat(again.get(0).asText()).isEqualTo(id);
    assertThat(again.get(2).asBoolean()).as("recovered").isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.events("news").size() == 7);
    assertThat(client.events("news")).extracting(e -> e.args().get(0).asInt()).containsExactly(0, 1, 2, 3, 4, 5, 6);
    Socket socket = io.sockets().get(id);
    assertThat(socket.isRecovered()).isTrue();
    assertThat(socket.rooms()).contains("room1", id);
    assertThat(socket.data(Map.class)).containsEntry("user", "alice");
    assertThat(client.awaitEvent("hello").get(0).asBoolean()).isTrue();
  }

  /** Connects a reconnecting client, checks its first "news", then closes its transport; returns its socket. */
  private Socket connectedThenAway(JsClient client) {
    String id = client.awaitEvent("connect").get(0).asText();
    Socket socket = io.sockets().get(id);
    io.to("room1").emit("news", "0");
    client.awaitEvent("news");
    client.closeEngine();
    await().atMost(Duration.ofSeconds(5)).until(() -> reasons.contains("transport close"));
    return socket;
  }

  /**
   * With recovery on, the reference sends even {@code socket.emit} through the adapter, to the room of the socket's
   * id ({@code socket.ts} {@code emit}), so direct emits are kept and replayed like broadcasts, interleaved with them
   * in the order they were made; {@code io.to(socketId)} is a broadcast to that room.
   */
  @Test
  void directEmitsWhileAwayAreRecoveredInOrderWithTheBroadcasts() {
    String url = start(r -> r);
    JsClient client = node.connect(url, reconnecting(Map.of("user", "carol")));
    Socket socket = connectedThenAway(client);
    for (int i = 1; i <= 5; i++) {
      socket.emit("news", "direct-" + i);
      io.to("room1").emit("news", "room-" + i);
      io.to(socket.id()).emit("news", "to-id-" + i);
    }
    io.emit("news", "all");

    JsonNode again = client.awaitEvent("connect", Duration.ofSeconds(10));
    assertThat(again.get(0).asText()).isEqualTo(socket.id());
    assertThat(again.get(2).asBoolean()).as("recovered").isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.events("news").size() == 17);
    List<String> expected = new java.util.ArrayList<>(List.of("0"));
    for (int i = 1; i <= 5; i++) {
      expected.addAll(List.of("direct-" + i, "room-" + i, "to-id-" + i));
    }
    expected.add("all");
    assertThat(client.events("news")).extracting(e -> e.args().get(0).asText()).containsExactlyElementsOf(expected);
  }

  @Test
  void aSessionAwayLongerThanMaxDisconnectionDurationIsNotRecovered() {
    // the client comes back after 1.5 s, three times the duration
    String url = start(r -> new RecoveryOptions(Duration.ofMillis(500), r.skipMiddlewares(), r.guard()));
    JsClient client = node.connect(url, reconnecting(Map.of("user", "dave")));
    Socket socket = connectedThenAway(client);
    io.to("room1").emit("news", "missed");

    JsonNode again = client.awaitEvent("connect", Duration.ofSeconds(10));
    assertThat(again.get(2).asBoolean()).as("recovered").isFalse();
    assertThat(again.get(0).asText()).isNotEqualTo(socket.id());
    await().atMost(Duration.ofSeconds(5)).until(() -> client.events("hello").size() == 2);
    assertThat(client.events("hello").get(1).args().get(0).asBoolean()).isFalse();
    assertThat(client.events("news")).extracting(e -> e.args().get(0).asText()).containsExactly("0");
  }

  /**
   * The reference stores only EVENTs that ask for no acknowledgement and are not volatile
   * ({@code SessionAwareAdapter#broadcast}): an ack cannot be restored, and a volatile packet may be lost anyway.
   */
  @Test
  void volatileAndAcknowledgedPacketsAreNeverReplayed() {
    String url = start(r -> r);
    JsClient client = node.connect(url, reconnecting(Map.of("user", "erin")));
    Socket socket = connectedThenAway(client);
    io.to("room1").emit("news", "1");
    io.asVolatile().emit("news", "volatile-broadcast");
    socket.asVolatile().emit("news", "volatile-direct");
    io.timeout(Duration.ofMillis(200)).emitWithAck("news", "ack-broadcast");
    assertThat(socket.timeout(Duration.ofMillis(200)).emitWithAck("news", "ack-direct"))
        .failsWithin(Duration.ofSeconds(5));
    io.to("room1").emit("news", "2");

    JsonNode again = client.awaitEvent("connect", Duration.ofSeconds(10));
    assertThat(again.get(2).asBoolean()).as("recovered").isTrue();
    // the missed packets come before the CONNECT answer, the second "hello" after it
    await().atMost(Duration.ofSeconds(5)).until(() -> client.events("hello").size() == 2);
    assertThat(client.events("news")).extracting(e -> e.args().get(0).asText()).containsExactly("0", "1", "2");
  }

  @Test
  void theGuardRefusesAnotherUsersState() {
    String url = start(r -> r.withGuard((handshake, data) ->
        data.path("user").asText().equals(handshake.auth().path("user").asText())));
    JsClient client = node.connect(url, reconnecting(Map.of("user", "alice")));
    String id = client.awaitEvent("connect").get(0).asText();
    io.to("room1").emit("news", 0);
    client.awaitEvent("news");
    // the same private session id, presented with someone else's credentials, recovers nothing
    Socket alice = io.sockets().get(id);
    alice.data(Map.of("user", "mallory-was-here"));
    client.closeEngine();
    await().atMost(Duration.ofSeconds(5)).until(() -> reasons.contains("transport close"));
    JsonNode again = client.awaitEvent("connect", Duration.ofSeconds(10));
    assertThat(again.get(2).asBoolean()).isFalse();
    assertThat(again.get(0).asText()).isNotEqualTo(id);
  }

  @Test
  void aDeliberateDisconnectIsNotRecovered() {
    String url = start(r -> r);
    JsClient client = node.connect(url, reconnecting(Map.of("user", "bob")));
    String id = client.awaitEvent("connect").get(0).asText();
    io.emit("news", 0);
    client.awaitEvent("news");
    client.disconnect();
    await().atMost(Duration.ofSeconds(5)).until(() -> reasons.contains("client namespace disconnect"));
    client.connectAgain();
    JsonNode again = client.awaitEvent("connect", Duration.ofSeconds(10));
    assertThat(again.get(2).asBoolean()).isFalse();
    assertThat(again.get(0).asText()).isNotEqualTo(id);
  }

  @Test
  void theConnectAnswerCarriesAPrivateSessionIdOnlyWhenRecoveryIsOn() {
    String url = start(r -> r);
    dev.parley.testkit.RawWebSocketClient ws = dev.parley.testkit.RawWebSocketClient.connect(
        url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket");
    ws.nextText(Duration.ofSeconds(5));
    ws.sendText("40");
    String answer = ws.nextText(Duration.ofSeconds(5));
    assertThat(answer).startsWith("40{\"sid\":\"").contains("\"pid\":\"");
    String event = ws.nextText(Duration.ofSeconds(5));
    // a broadcast-style emit carries its offset as the last argument
    assertThat(event).matches("42\\[\"hello\",false,\"[^\"]+\"\\]");
    ws.close();
  }

  /**
   * The reference keeps every broadcast of the last {@code maxDisconnectionDuration}; Parley also caps their number,
   * and a client whose offset was pushed out must start afresh rather than be handed a history with a hole.
   */
  @Test
  void missedBroadcastsWithinTheStoredPacketsCapAreRecovered() {
    // the offset of "0" and the four missed broadcasts: five packets, the cap
    String url = start(r -> r.withMaxStoredPackets(5));
    JsClient client = node.connect(url, reconnecting(Map.of("user", "fay")));
    Socket socket = connectedThenAway(client);
    for (int i = 1; i <= 4; i++) {
      io.to("room1").emit("news", String.valueOf(i));
    }

    JsonNode again = client.awaitEvent("connect", Duration.ofSeconds(10));
    assertThat(again.get(2).asBoolean()).as("recovered").isTrue();
    assertThat(again.get(0).asText()).isEqualTo(socket.id());
    await().atMost(Duration.ofSeconds(5)).until(() -> client.events("hello").size() == 2);
    assertThat(client.events("news")).extracting(e -> e.args().get(0).asText())
        .containsExactly("0", "1", "2", "3", "4");
  }

  @Test
  void aSessionWhoseOffsetThePacketCapPushedOutStartsAfresh() {
    String url = start(r -> r.withMaxStoredPackets(5));
    JsClient client = node.connect(url, reconnecting(Map.of("user", "gus")));
    Socket socket = connectedThenAway(client);
    for (int i = 1; i <= 5; i++) {
      io.to("room1").emit("news", String.valueOf(i));
    }

    JsonNode again = client.awaitEvent("connect", Duration.ofSeconds(10));
    assertThat(again.get(2).asBoolean()).as("recovered").isFalse();
    assertThat(again.get(0).asText()).isNotEqualTo(socket.id());
    await().atMost(Duration.ofSeconds(5)).until(() -> client.events("hello").size() == 2);
    assertThat(client.events("news")).extracting(e -> e.args().get(0).asText()).containsExactly("0");
  }

  @Test
  void pastThePersistedSessionsCapTheOldestDisconnectedSessionIsForgotten() {
    String url = start(r -> r.withMaxPersistedSessions(1));
    JsClient first = node.connect(url, reconnecting(Map.of("user", "hal")));
    JsClient second = node.connect(url, reconnecting(Map.of("user", "ida")));
    String firstId = first.awaitEvent("connect").get(0).asText();
    String secondId = second.awaitEvent("connect").get(0).asText();

    first.closeEngine();
    await().atMost(Duration.ofSeconds(5)).until(() -> reasons.size() == 1);
    second.closeEngine();
    await().atMost(Duration.ofSeconds(5)).until(() -> reasons.size() == 2);

    JsonNode firstAgain = first.awaitEvent("connect", Duration.ofSeconds(10));
    JsonNode secondAgain = second.awaitEvent("connect", Duration.ofSeconds(10));
    assertThat(firstAgain.get(2).asBoolean()).as("the older session, forgotten").isFalse();
    assertThat(firstAgain.get(0).asText()).isNotEqualTo(firstId);
    assertThat(secondAgain.get(2).asBoolean()).as("the newer session, kept").isTrue();
    assertThat(secondAgain.get(0).asText()).isEqualTo(secondId);
  }
}
