package dev.parley.socketio.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.socketio.adapter.Adapter;
import dev.parley.socketio.adapter.cluster.MessagePack;
import dev.parley.socketio.server.Socket;
import dev.parley.socketio.server.SocketIoServer;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import dev.parley.testkit.LoopbackForwarder;
import io.lettuce.core.ScanArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connection state recovery across nodes: two Parley nodes on one stream, node A in a child JVM behind a forwarder
 * (the clients' load balancer). A is killed with SIGKILL, so it never sees its clients leave; the balancer sends
 * them to B, where each gets back its own id, rooms and data, and the broadcasts it missed, in order, with
 * {@code recovered === true}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamsRecoveryTest {
  private final String key = RedisProbe.uniqueKey();
  private RedisProbe probe;
  private SocketIoServer nodeB;
  private ChildJvm nodeA;
  private LoopbackForwarder balancer;
  private JsClientDriver clients;

  @BeforeEach
  void start() throws Exception {
    probe = new RedisProbe(RedisProbe.SHARED_URI);
    nodeB = StreamsNode.start(RedisProbe.SHARED_URI, key);
    nodeA = ChildJvm.start(StreamsNode.class, RedisProbe.SHARED_URI, key);
    balancer = new LoopbackForwarder(nodeA.port());
    clients = JsClientDriver.start();
    await().atMost(15, TimeUnit.SECONDS).until(() -> serverCount(nodeB) == 2);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      clients.close();
      balancer.close();
      nodeA.close();
    } finally {
      nodeB.close(Duration.ofSeconds(1));
      probe.close();
    }
  }

  private static int serverCount(SocketIoServer io) {
    return io.adapter().serverCount().toCompletableFuture().join();
  }

  private JsClient connect(String room, String name) {
    JsClient client = clients.connect(balancer.url(), Map.of("transports", List.of("websocket"),
        "reconnection", true, "reconnectionDelay", 100, "reconnectionDelayMax", 300,
        "auth", Map.of("room", room, "name", name)));
    client.awaitEvent("connect");
    return client;
  }

  /** The sessions node A checkpointed in Redis, decoded. */
  private List<JsonNode> storedSessions() throws Exception {
    List<JsonNode> sessions = new ArrayList<>();
    for (String k : probe.sync().scan(ScanArgs.Builder.matches(key + ":session:*").limit(1000)).getKeys()) {
      byte[] raw = probe.sync().get(k);
      if (raw != null) {
        sessions.add(MessagePack.decode(Base64.getDecoder().decode(raw), 64));
      }
    }
    return sessions;
  }

  private static List<String> names(JsClient client) {
    List<String> names = new ArrayList<>();
    client.allEvents().forEach(e -> names.add(e.name()));
    return names;
  }

  @Test
  void clientsOfAKilledNodeRecoverTheirOwnStateAndMissedBroadcastsOnAnother() throws Exception {
    JsClient alice = connect("red", "alice");
    JsClient bob = connect("blue", "bob");
    String aliceId = alice.state().get("id").asText();
    String bobId = bob.state().get("id").asText();
    // each client has an offset: the last broadcast it processed
    nodeB.to("red").emit("before", 0);
    nodeB.to("blue").emit("before", 0);
    alice.awaitEvent("before");
    bob.awaitEvent("before");
    // node A keeps its connected sockets' sessions in Redis, rooms and data included
    await().atMost(10, TimeUnit.SECONDS).until(() -> storedSessions().stream()
        .filter(s -> s.path("rooms").toString().contains("red") || s.path("rooms").toString().contains("blue"))
        .count() == 2);

    balancer.retarget(0);
    nodeA.kill();
    alice.awaitEvent("disconnect");
    bob.awaitEvent("disconnect");
    for (int i = 1; i <= 3; i++) {
      nodeB.to("red").emit("missed", i);
    }
    nodeB.emit("to-everyone", "all");
    nodeB.to("blue").emit("missed", "for-bob");
    nodeB.to("red").asVolatile().emit("volatile", "never-replayed");
    balancer.retarget(StreamsNode.port(nodeB));

    JsonNode aliceBack = alice.awaitEvent("connect", Duration.ofSeconds(20));
    JsonNode bobBack = bob.awaitEvent("connect", Duration.ofSeconds(20));
    assertThat(aliceBack.get(0).asText()).isEqualTo(aliceId);
    assertThat(aliceBack.get(2).asBoolean()).as("alice recovered").isTrue();
    assertThat(bobBack.get(0).asText()).isEqualTo(bobId);
    assertThat(bobBack.get(2).asBoolean()).as("bob recovered").isTrue();

    List<Object> aliceMissed = new ArrayList<>();
    alice.events("missed").forEach(e -> aliceMissed.add(e.args().get(0).asInt()));
    assertThat(aliceMissed).containsExactly(1, 2, 3);
    assertThat(alice.events("to-everyone")).hasSize(1);
    assertThat(alice.events("volatile")).isEmpty();
    assertThat(bob.events("missed")).extracting(e -> e.args().get(0).asText()).containsExactly("for-bob");
    assertThat(bob.events("to-everyone")).hasSize(1);
    // the missed packets came before the CONNECT answer, in stream order
    List<String> aliceOrder = names(alice);
    assertThat(aliceOrder.subList(aliceOrder.lastIndexOf("disconnect") + 1, aliceOrder.size()))
        .filteredOn(name -> !name.startsWith("reconnect"))
        .startsWith("missed", "missed", "missed", "to-everyone", "connect");

    Socket aliceOnB = nodeB.sockets().get(aliceId);
    assertThat(aliceOnB.rooms()).containsExactlyInAnyOrder(aliceId, "red");
    assertThat(aliceOnB.data().toString()).contains("alice");
    assertThat(nodeB.sockets().get(bobId).rooms()).containsExactlyInAnyOrder(bobId, "blue");

    // and the recovered sockets go on working on B
    nodeB.to("red").emit("after", "x");
    assertThat(alice.awaitEvent("after").get(0).asText()).isEqualTo("x");
    assertThat(bob.events("after")).isEmpty();
  }

  @Test
  void aSessionIsRestoredOnlyByItsOwnPidInItsOwnNamespaceAndOnlyOnce() throws Exception {
    Adapter adapter = nodeB.adapter();
    String offset = new String(probe.sync().xadd(key, Map.of("nsp", "/".getBytes(), "uid", "x".getBytes(),
        "type", "2".getBytes())));
    storeSession("pid-one", "pid-one", "/", "sid-one");
    storeSession("pid-two", "pid-other", "/", "sid-two");
    storeSession("pid-three", "pid-three", "/admin", "sid-three");
    probe.sync().set(key + ":session:pid-four", "not base64 at all!".getBytes());

    assertThat(restore(adapter, "pid-two", offset)).as("a blob claiming another pid").isNull();
    assertThat(restore(adapter, "pid-three", offset)).as("another namespace's session").isNull();
    assertThat(restore(adapter, "pid-four", offset)).as("garbage").isNull();
    assertThat(restore(adapter, "pid-*", offset)).as("not a pid").isNull();
    assertThat(restore(adapter, "pid-one", "0-1")).as("an offset no longer in the stream").isNull();
    storeSession("pid-one", "pid-one", "/", "sid-one");
    var restored = restore(adapter, "pid-one", offset);
    assertThat(restored.sid()).isEqualTo("sid-one");
    assertThat(restored.rooms()).containsExactlyInAnyOrder("sid-one", "room-of-sid-one");
    assertThat(restore(adapter, "pid-one", offset)).as("restored once").isNull();
  }

  private void storeSession(String keyPid, String pid, String nsp, String sid) {
    ObjectNode session = JsonNodeFactory.instance.objectNode().put("sid", sid).put("pid", pid).put("nsp", nsp);
    session.putArray("rooms").add(sid).add("room-of-" + sid);
    session.putObject("data").put("name", sid);
    probe.sync().set(key + ":session:" + keyPid, Base64.getEncoder().encode(MessagePack.encode(session)));
  }

  private static dev.parley.socketio.adapter.SessionState restore(Adapter adapter, String pid, String offset)
      throws Exception {
    return adapter.restoreSession(pid, offset).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
