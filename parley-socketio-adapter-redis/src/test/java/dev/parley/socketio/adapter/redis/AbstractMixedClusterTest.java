package dev.parley.socketio.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.socketio.adapter.AdapterFactory;
import dev.parley.socketio.server.Args;
import dev.parley.socketio.server.RemoteSocket;
import dev.parley.socketio.server.Socket;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import dev.parley.testkit.Values;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A mixed cluster on one Redis: a Node socket.io 4.8 server with {@code @socket.io/redis-adapter} 8.x and a Parley
 * node, a client of the official JavaScript client on each. Every cluster operation is called on each side and must
 * see and act on the other side's sockets. Subclasses pick the classic or the sharded mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class AbstractMixedClusterTest {
  private static final AtomicInteger ROOMS = new AtomicInteger();

  protected final String key = RedisProbe.uniqueKey();
  protected RedisProbe probe;
  protected ParleyNode parley;
  protected NodePeer node;
  protected JsClientDriver clients;

  /** {@code "classic"} or {@code "sharded"}, as the peer names them. */
  abstract String mode();

  abstract AdapterFactory factory(RedisAdapterOptions options);

  /** Waits until the room's subscribers are ready for a broadcast to it (sharded dynamic mode needs that). */
  abstract void awaitRoomReady(String room, int nodes);

  @BeforeAll
  void startCluster() {
    probe = new RedisProbe(RedisProbe.SHARED_URI);
    parley = new ParleyNode(factory(RedisProbe.options(key).subscriptionMode(SubscriptionMode.DYNAMIC).build()));
    node = NodePeer.start(mode(), RedisProbe.SHARED_URI, key, SubscriptionMode.DYNAMIC);
    clients = JsClientDriver.start();
    // the cluster has formed when each side counts two nodes
    await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> {
      assertThat(parley.serverCount()).isEqualTo(2);
      assertThat(node.call("serverCount", NodePeer.cmd()).get("count").asInt()).isEqualTo(2);
    });
  }

  @AfterAll
  void stopCluster() {
    try {
      if (clients != null) {
        clients.close();
      }
    } finally {
      try {
        if (node != null) {
          node.close();
        }
      } finally {
        if (parley != null) {
          parley.close();
        }
        if (probe != null) {
          probe.close();
        }
      }
    }
  }

  static String room() {
    return "room-" + ROOMS.incrementAndGet();
  }

  JsClient connect(String url, String room, String name) {
    JsClient client = clients.connect(url, Map.of("transports", List.of("websocket"),
        "auth", Map.of("room", room, "name", name)));
    client.awaitEvent("connect");
    return client;
  }

  static String id(JsClient client) {
    return client.state().get("id").asText();
  }

  Socket parleySocket(String id) {
    return parley.io().sockets().get(id);
  }

  JsonNode nodeSocket(String nsp, String id) {
    for (JsonNode socket : node.call("localSockets", NodePeer.cmd().put("nsp", nsp)).get("sockets")) {
      if (socket.get("id").asText().equals(id)) {
        return socket;
      }
    }
    return null;
  }

  static List<String> texts(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(n -> list.add(n.asText()));
    return list;
  }

  @Test
  void bothNodesCountTwoServers() {
    assertThat(parley.serverCount()).isEqualTo(2);
    assertThat(node.call("serverCount", NodePeer.cmd()).get("count").asInt()).isEqualTo(2);
  }

  @Test
  void aRoomBroadcastFromEitherNodeReachesBothClients() {
    String room = room();
    JsClient onParley = connect(parley.url(), room, "p");
    JsClient onNode = connect(node.url(), room, "n");
    JsClient elsewhere = connect(parley.url(), room(), "o");
    awaitRoomReady(room, 2);

    parley.io().to(room).emit("from-parley", "hello", new byte[] {1, 2, 3});
    for (JsClient client : List.of(onParley, onNode)) {
      JsonNode args = client.awaitEvent("from-parley");
      assertThat(args.get(0).asText()).isEqualTo("hello");
      assertThat(Values.bytes(args.get(1))).containsExactly(1, 2, 3);
    }

    ObjectNode emit = NodePeer.cmd().put("event", "from-node");
    emit.set("rooms", NodePeer.JSON.valueToTree(List.of(room)));
    emit.set("args", NodePeer.JSON.valueToTree(Values.encode(List.of("hi", new byte[] {4, 5}))));
    node.call("emit", emit);
    for (JsClient client : List.of(onParley, onNode)) {
      JsonNode args = client.awaitEvent("from-node");
      assertThat(args.get(0).asText()).isEqualTo("hi");
      assertThat(Values.bytes(args.get(1))).containsExactly(4, 5);
    }
    assertThat(elsewhere.events("from-parley")).isEmpty();
    assertThat(elsewhere.events("from-node")).isEmpty();
  }

  @Test
  void aBroadcastToTheWholeNamespaceReachesBothAndStaysInItsNamespace() {
    String room = room();
    JsClient onParley = connect(parley.url(), room, "p");
    JsClient onNode = connect(node.url(), room, "n");
    JsClient adminOnNode = connect(node.url() + "/admin", room, "a");

    node.call("emit", NodePeer.cmd().put("event", "everyone"));
    parley.io().emit("everyone-too");

    onParley.awaitEvent("everyone");
    onNode.awaitEvent("everyone-too");
    parley.io().of("/admin").emit("admins");
    adminOnNode.awaitEvent("admins");
    assertThat(adminOnNode.events("everyone-too")).isEmpty();
    assertThat(onNode.events("admins")).isEmpty();
  }

  @Test
  void fetchSocketsOnEitherNodeDescribesTheOthersSockets() throws Exception {
    String room = room();
    String onParley = id(connect(parley.url(), room, "alice"));
    String onNode = id(connect(node.url(), room, "bob"));

    JsonNode seenByNode = null;
    for (JsonNode socket : node.call("fetchSockets", NodePeer.cmd().set("rooms",
        NodePeer.JSON.valueToTree(List.of(room)))).get("sockets")) {
      if (socket.get("id").asText().equals(onParley)) {
        seenByNode = socket;
      }
    }
    assertThat(seenByNode).as("Parley's socket in Node's fetchSockets()").isNotNull();
    assertThat(seenByNode.path("data").path("node").asText()).isEqualTo("parley");
    assertThat(seenByNode.path("data").path("name").asText()).isEqualTo("alice");
    assertThat(texts(seenByNode.get("rooms"))).containsExactlyInAnyOrder(onParley, room);
    assertThat(seenByNode.path("auth").path("name").asText()).isEqualTo("alice");
    assertThat(seenByNode.path("issued").asLong()).isPositive();

    List<RemoteSocket> seenByParley = parley.io().in(room).fetchSockets().get(10, TimeUnit.SECONDS);
    assertThat(seenByParley).extracting(RemoteSocket::id).containsExactlyInAnyOrder(onParley, onNode);
    RemoteSocket bob = seenByParley.stream().filter(s -> s.id().equals(onNode)).findFirst().orElseThrow();
    assertThat(bob.data().path("node").asText()).isEqualTo("node");
    assertThat(bob.rooms()).containsExactlyInAnyOrder(onNode, room);
    assertThat(bob.handshake().auth().path("name").asText()).isEqualTo("bob");
  }

  @Test
  void serverSideEmitWithAckInBothDirections() throws Exception {
    List<Args> fromNode = parley.io().serverSideEmitWithAck(Duration.ofSeconds(5), "ping-node", "from-parley", 7)
        .get(10, TimeUnit.SECONDS);
    assertThat(fromNode).hasSize(1);
    JsonNode answer = fromNode.get(0).node(0);
    assertThat(answer.path("from").asText()).isEqualTo("node");
    assertThat(answer.path("got").toString()).isEqualTo("[\"from-parley\",7]");

    JsonNode fromParley = node.call("serverSideEmitWithAck", NodePeer.cmd().put("event", "ping-node")
        .put("timeout", 5000).set("args", NodePeer.JSON.valueToTree(List.of("from-node"))));
    assertThat(fromParley.has("error")).as(fromParley.toString()).isFalse();
    assertThat(fromParley.get("responses")).hasSize(1);
    assertThat(fromParley.get("responses").get(0).path("from").asText()).isEqualTo("parley");
    assertThat(fromParley.get("responses").get(0).path("got").toString()).isEqualTo("[\"from-node\"]");

    String marker = room();
    node.call("serverSideEmit", NodePeer.cmd().put("event", "ping-node").set("args",
        NodePeer.JSON.valueToTree(List.of(marker))));
    parley.io().serverSideEmit("ping-node", marker + "-back");
    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
      assertThat(parley.serverSideEvents()).anyMatch(e -> e.toString().equals("[\"" + marker + "\"]"));
      assertThat(node.call("serverSideEvents", NodePeer.cmd()).get("events").toString())
          .contains(marker + "-back");
    });
  }

  @Test
  void socketsJoinAndLeaveInBothDirections() {
    String room = room();
    JsClient parleyClient = connect(parley.url(), room, "p");
    JsClient nodeClient = connect(node.url(), room, "n");
    String onParley = id(parleyClient);
    String onNode = id(nodeClient);
    String joined = room + "-joined";

    node.call("socketsJoin", NodePeer.cmd().put("join", joined).set("rooms",
        NodePeer.JSON.valueToTree(List.of(onParley))));
    await().atMost(10, TimeUnit.SECONDS).until(() -> parleySocket(onParley).rooms().contains(joined));
    awaitRoomReady(joined, 1);
    node.call("emit", NodePeer.cmd().put("event", "to-joined").set("rooms",
        NodePeer.JSON.valueToTree(List.of(joined))));
    parleyClient.awaitEvent("to-joined");

    parley.io().in(onNode).socketsJoin(joined);
    await().atMost(10, TimeUnit.SECONDS).until(() -> texts(nodeSocket("/", onNode).get("rooms")).contains(joined));

    node.call("socketsLeave", NodePeer.cmd().put("leave", joined).set("rooms",
        NodePeer.JSON.valueToTree(List.of(room))));
    await().atMost(10, TimeUnit.SECONDS).until(() -> !parleySocket(onParley).rooms().contains(joined)
        && !texts(nodeSocket("/", onNode).get("rooms")).contains(joined));
    assertThat(parleySocket(onParley).rooms()).contains(room);
  }

  @Test
  void disconnectSocketsInBothDirections() {
    String room = room();
    JsClient parleyClient = connect(parley.url(), room, "p");
    JsClient nodeClient = connect(node.url(), room, "n");
    JsClient bystander = connect(parley.url(), room(), "b");

    node.call("disconnectSockets", NodePeer.cmd().set("rooms", NodePeer.JSON.valueToTree(List.of(id(parleyClient)))));
    assertThat(parleyClient.awaitEvent("disconnect").get(0).asText()).isEqualTo("io server disconnect");

    parley.io().in(id(nodeClient)).disconnectSockets(false);
    assertThat(nodeClient.awaitEvent("disconnect").get(0).asText()).isEqualTo("io server disconnect");
    assertThat(bystander.state().get("connected").asBoolean()).isTrue();
  }

  @Test
  void aBroadcastWithAcknowledgementsGathersTheAnswersOfBothNodesClients() throws Exception {
    String room = room();
    JsClient onParley = connect(parley.url(), room, "p");
    JsClient onNode = connect(node.url(), room, "n");
    onParley.ackReplyFor("question", "answer-p");
    onNode.ackReplyFor("question", "answer-n");

    List<Args> answers = parley.io().to(room).timeout(Duration.ofSeconds(5)).emitWithAck("question")
        .get(10, TimeUnit.SECONDS);
    assertThat(answers).extracting(a -> a.string(0)).containsExactlyInAnyOrder("answer-p", "answer-n");

    JsonNode fromNode = node.call("emitWithAck", NodePeer.cmd().put("event", "question").put("timeout", 5000)
        .set("rooms", NodePeer.JSON.valueToTree(List.of(room))));
    assertThat(fromNode.has("error")).as(fromNode.toString()).isFalse();
    assertThat(texts(fromNode.get("responses"))).containsExactlyInAnyOrder("answer-p", "answer-n");
  }

  @Test
  void remoteSocketsActAcrossNodes() throws Exception {
    String room = room();
    JsClient parleyClient = connect(parley.url(), room, "p");
    JsClient nodeClient = connect(node.url(), room, "n");
    String onParley = id(parleyClient);

    JsonNode found = node.call("remoteSocket", NodePeer.cmd().put("socketId", onParley).put("join", room + "-rs")
        .put("emit", "direct").set("args", NodePeer.JSON.valueToTree(List.of("to-parley"))));
    assertThat(found.get("found").asBoolean()).isTrue();
    assertThat(parleyClient.awaitEvent("direct").get(0).asText()).isEqualTo("to-parley");
    await().atMost(10, TimeUnit.SECONDS).until(() -> parleySocket(onParley).rooms().contains(room + "-rs"));

    RemoteSocket onNode = parley.io().in(id(nodeClient)).fetchSockets().get(10, TimeUnit.SECONDS).get(0);
    onNode.emit("direct", "to-node");
    assertThat(nodeClient.awaitEvent("direct").get(0).asText()).isEqualTo("to-node");
    onNode.join(room + "-rs2");
    await().atMost(10, TimeUnit.SECONDS)
        .until(() -> texts(nodeSocket("/", onNode.id()).get("rooms")).contains(room + "-rs2"));
    assertThat(Set.copyOf(texts(nodeSocket("/", onNode.id()).get("rooms")))).contains(room);
  }
}
