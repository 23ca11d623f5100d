package dev.parley.socketio.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import dev.parley.testkit.Values;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Emitters, processes without sockets that publish to the cluster: Node's {@code @socket.io/redis-emitter} reaches
 * Parley's clients, and Parley's {@link RedisEmitter} reaches both Parley's and Node's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisEmitterTest {
  private static final AtomicInteger ROOMS = new AtomicInteger();

  private final String key = RedisProbe.uniqueKey();
  private ParleyNode parley;
  private NodePeer node;
  private JsClientDriver clients;
  private RedisEmitter emitter;

  @BeforeAll
  void start() {
    parley = new ParleyNode(RedisAdapter.factory(RedisProbe.options(key).build()));
    node = NodePeer.start("classic", RedisProbe.SHARED_URI, key, SubscriptionMode.DYNAMIC);
    clients = JsClientDriver.start();
    emitter = RedisEmitter.create(RedisProbe.options(key).build());
    await().atMost(15, TimeUnit.SECONDS).until(() -> parley.serverCount() == 2);
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {emitter, clients, node, parley}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // the others still get closed
      }
    }
  }

  private JsClient connect(String url, String room) {
    JsClient client = clients.connect(url, Map.of("transports", List.of("websocket"), "auth", Map.of("room", room)));
    client.awaitEvent("connect");
    return client;
  }

  private static String room() {
    return "emitter-room-" + ROOMS.incrementAndGet();
  }

  private ObjectNode nodeEmitter(String room, String event, Object... args) {
    ObjectNode cmd = NodePeer.cmd().put("event", event);
    cmd.set("rooms", NodePeer.JSON.valueToTree(room == null ? List.of() : List.of(room)));
    cmd.set("args", NodePeer.JSON.valueToTree(Values.encode(List.of(args))));
    return cmd;
  }

  @Test
  void aMessageOfNodesRedisEmitterReachesAParleyClientInTheRoomOnly() {
    String room = room();
    String other = room();
    JsClient inRoom = connect(parley.url(), room);
    JsClient elsewhere = connect(parley.url(), other);

    node.call("emitter", nodeEmitter(room, "from-node-emitter", "hello", new byte[] {9, 8}));
    JsonNode args = inRoom.awaitEvent("from-node-emitter");
    assertThat(args.get(0).asText()).isEqualTo("hello");
    assertThat(Values.bytes(args.get(1))).containsExactly(9, 8);

    // the same subscriber connection gets Redis's messages in order: once the second arrived, the first was not sent
    node.call("emitter", nodeEmitter(other, "control"));
    elsewhere.awaitEvent("control");
    assertThat(elsewhere.events("from-node-emitter")).isEmpty();
  }

  @Test
  void nodesRedisEmitterJoinsDisconnectsAndReachesServerSideListeners() {
    String room = room();
    JsClient client = connect(parley.url(), room);
    String id = client.state().get("id").asText();

    ObjectNode join = nodeEmitter(id, "unused");
    join.put("join", room + "-joined");
    node.call("emitter", join);
    await().atMost(10, TimeUnit.SECONDS)
        .until(() -> parley.io().sockets().get(id).rooms().contains(room + "-joined"));

    node.call("emitter", nodeEmitter(null, "ping-node", "from-emitter").put("serverSide", true));
    await().atMost(10, TimeUnit.SECONDS).until(() -> parley.serverSideEvents().stream()
        .anyMatch(e -> e.toString().equals("[\"from-emitter\"]")));

    node.call("emitter", nodeEmitter(room + "-joined", "unused").put("disconnect", true));
    assertThat(client.awaitEvent("disconnect").get(0).asText()).isEqualTo("io server disconnect");
  }

  @Test
  void parleysEmitterReachesParleyAndNodeClients() throws Exception {
    String room = room();
    JsClient onParley = connect(parley.url(), room);
    JsClient onNode = connect(node.url(), room);
    JsClient adminOnNode = connect(node.url() + "/admin", room);

    emitter.to(room).emit("from-java-emitter", Map.of("n", 1), new byte[] {7}).toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    for (JsClient client : List.of(onParley, onNode)) {
      JsonNode args = client.awaitEvent("from-java-emitter");
      assertThat(args.get(0).path("n").asInt()).isEqualTo(1);
      assertThat(Values.bytes(args.get(1))).containsExactly(7);
    }

    emitter.of("admin").to(room).emit("admins-only");
    adminOnNode.awaitEvent("admins-only");
    assertThat(onNode.events("admins-only")).isEmpty();

    // an emitter is no node: the cluster still counts two
    assertThat(parley.serverCount()).isEqualTo(2);
  }

  @Test
  void parleysEmitterJoinsDisconnectsAndReachesServerSideListenersOnBothNodes() {
    String room = room();
    JsClient onParley = connect(parley.url(), room);
    JsClient onNode = connect(node.url(), room);
    String parleyId = onParley.state().get("id").asText();

    emitter.in(room).socketsJoin(room + "-vip");
    await().atMost(10, TimeUnit.SECONDS)
        .until(() -> parley.io().sockets().get(parleyId).rooms().contains(room + "-vip"));

    emitter.serverSideEmit("ping-node", "from-java-emitter");
    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
      assertThat(parley.serverSideEvents()).anyMatch(e -> e.toString().equals("[\"from-java-emitter\"]"));
      assertThat(node.call("serverSideEvents", NodePeer.cmd()).get("events").toString())
          .contains("from-java-emitter");
    });

    emitter.to(room + "-vip").emit("vip-only");
    onParley.awaitEvent("vip-only");
    emitter.in(room).disconnectSockets(false);
    onParley.awaitEvent("disconnect");
    onNode.awaitEvent("disconnect");
  }

  @Test
  void reservedEventNamesAreRefused() {
    assertThatThrownBy(() -> emitter.emit("disconnect")).isInstanceOf(IllegalArgumentException.class);
  }
}
