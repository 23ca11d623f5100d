package dev.parley.socketio.adapter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.parley.socketio.adapter.BroadcastFlags;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.SocketDetails;
import dev.parley.socketio.codec.SocketPacket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cluster template across three in-process nodes ({@link LoopbackClusterBus}), counting nodes as Redis does. */
class ClusterAdapterTest {
  private static final ClusterAdapterOptions OPTIONS = ClusterAdapterOptions.builder()
      .requestTimeout(Duration.ofMillis(500)).build();

  private LoopbackClusterBus bus;
  private LoopbackClusterBus.Node a;
  private LoopbackClusterBus.Node b;
  private LoopbackClusterBus.Node c;

  @BeforeEach
  void threeNodes() {
    bus = new LoopbackClusterBus();
    a = bus.add("a", OPTIONS);
    b = bus.add("b", OPTIONS);
    c = bus.add("c", OPTIONS);
    a.nsp.connect("a1", "room");
    a.nsp.connect("a2");
    b.nsp.connect("b1", "room");
    b.nsp.connect("b2", "room", "vip");
    c.nsp.connect("c1");
  }

  @AfterEach
  void close() {
    bus.close();
  }

  static SocketPacket event(String name, Object... args) {
    ArrayNode data = JsonNodeFactory.instance.arrayNode().add(name);
    for (Object arg : args) {
      data.add(String.valueOf(arg));
    }
    return SocketPacket.event("/", data);
  }

  static BroadcastOptions to(String... rooms) {
    return BroadcastOptions.rooms(Set.of(rooms));
  }

  @Test
  void aRoomBroadcastReachesTheRoomOnEveryNodeOnce() {
    a.adapter.broadcast(event("news"), to("room"));

    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
      assertThat(a.nsp.events("a1")).containsExactly("news");
      assertThat(b.nsp.events("b1")).containsExactly("news");
      assertThat(b.nsp.events("b2")).containsExactly("news");
    });
    assertThat(a.nsp.events("a2")).isEmpty();
    assertThat(c.nsp.events("c1")).isEmpty();
    // one message on the bus for the whole broadcast, and one delivery (one encoding) per node
    assertThat(bus.published()).isEqualTo(1);
    assertThat(b.nsp.deliverCalls()).isEqualTo(1);
  }

  @Test
  void exceptAndLocalAreHonoured() {
    a.adapter.broadcast(event("all-but-vip"), new BroadcastOptions(Set.of(), Set.of("vip"), BroadcastFlags.DEFAULT));
    a.adapter.broadcast(event("local"), new BroadcastOptions(Set.of(), Set.of(),
        BroadcastFlags.DEFAULT.withLocal(true)));

    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
      assertThat(b.nsp.events("b1")).containsExactly("all-but-vip");
      assertThat(c.nsp.events("c1")).containsExactly("all-but-vip");
    });
    assertThat(b.nsp.events("b2")).isEmpty();
    assertThat(a.nsp.events("a1")).containsExactly("all-but-vip", "local");
    assertThat(bus.published()).isEqualTo(1);
  }

  @Test
  void aBroadcastWithAcksCountsEveryNodesClientsAndGathersTheirAnswers() {
    AtomicInteger servers = new AtomicInteger();
    AtomicInteger clients = new AtomicInteger();
    List<JsonNode> answers = new CopyOnWriteArrayList<>();
    List<String> answeredBy = new CopyOnWriteArrayList<>();

    a.adapter.broadcastWithAck(event("poll"), to("room"), count -> {
      servers.incrementAndGet();
      clients.addAndGet(count);
    }, (socketId, args) -> {
      answers.add(args);
      answeredBy.add(String.valueOf(socketId));
    });

    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
      assertThat(servers).hasValue(3);
      assertThat(clients).hasValue(3);
      assertThat(answers).hasSize(3);
    });
    // remote answers keep their first argument, as the reference's do; the socket id stays on its node
    assertThat(answers).extracting(n -> n.get(0).asText())
        .containsExactlyInAnyOrder("ack from a1", "ack from b1", "ack from b2");
    assertThat(answeredBy).containsExactlyInAnyOrder("a1", "null", "null");
  }

  @Test
  void fetchSocketsDescribesTheTargetedSocketsOfEveryNode() throws Exception {
    List<SocketDetails> sockets = a.adapter.fetchSockets(to("room")).toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertThat(sockets).extracting(SocketDetails::id).containsExactlyInAnyOrder("a1", "b1", "b2");
    SocketDetails b2 = sockets.stream().filter(s -> s.id().equals("b2")).findFirst().orElseThrow();
    assertThat(b2.rooms()).containsExactlyInAnyOrder("b2", "room", "vip");
    assertThat(b2.data().asText()).isEqualTo("data of b2");
    assertThat(b2.handshake().path("auth").path("node").asText()).isEqualTo("b");
  }

  @Test
  void fetchSocketsFailsAtTheTimeoutWhenANodeDoesNotAnswer() {
    bus.cutOff(c);

    CompletableFuture<List<SocketDetails>> result = a.adapter.fetchSockets(BroadcastOptions.all())
        .toCompletableFuture();

    await().atMost(5, TimeUnit.SECONDS).until(result::isDone);
    assertThat(result).failsWithin(Duration.ZERO).withThrowableOfType(Exception.class)
        .havingCause().isInstanceOf(ClusterTimeoutException.class)
        .withMessageContaining("only 1 responses received out of 2");
  }

  @Test
  void socketsJoinLeaveAndDisconnectActOnRemoteSockets() {
    a.adapter.addSockets(to("room"), Set.of("joined"));
    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
      assertThat(b.adapter.socketRooms("b1")).contains("joined");
      assertThat(a.adapter.socketRooms("a1")).contains("joined");
    });
    assertThat(c.adapter.socketRooms("c1")).doesNotContain("joined");

    c.adapter.delSockets(to("vip"), Set.of("joined"));
    await().atMost(5, TimeUnit.SECONDS).untilAsserted(
        () -> assertThat(b.adapter.socketRooms("b2")).doesNotContain("joined"));
    assertThat(b.adapter.socketRooms("b1")).contains("joined");

    c.adapter.disconnectSockets(to("joined"), false);
    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
      assertThat(a.nsp.disconnected()).containsExactly("a1");
      assertThat(b.nsp.disconnected()).containsExactly("b1");
    });
    assertThat(b.nsp.disconnected()).doesNotContain("b2");
  }

  @Test
  void serverSideEmitReachesTheOtherNodesAndCollectsTheirAnswers() throws Exception {
    ArrayNode args = JsonNodeFactory.instance.arrayNode().add("hello").add(42);

    List<JsonNode> answers = a.adapter.serverSideEmitWithAck(args, Duration.ofSeconds(2))
        .toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertThat(answers).extracting(JsonNode::asText).containsExactlyInAnyOrder("answer of b", "answer of c");
    assertThat(a.nsp.serverSideEvents()).isEmpty();
    assertThat(b.nsp.serverSideEvents()).hasSize(1);
    assertThat(b.nsp.serverSideEvents().get(0).get(1).asInt()).isEqualTo(42);

    b.adapter.serverSideEmit(JsonNodeFactory.instance.arrayNode().add("no-ack"));
    await().atMost(5, TimeUnit.SECONDS).untilAsserted(
        () -> assertThat(c.nsp.serverSideEvents()).hasSize(2));
    assertThat(b.nsp.serverSideEvents()).hasSize(1);
  }

  @Test
  void withoutOtherNodesRequestsAnswerAtOnce() throws Exception {
    try (LoopbackClusterBus alone = new LoopbackClusterBus()) {
      LoopbackClusterBus.Node only = alone.add("only", OPTIONS);
      only.nsp.connect("x");

      assertThat(only.adapter.serverSideEmitWithAck(JsonNodeFactory.instance.arrayNode().add("e"),
          Duration.ofSeconds(5)).toCompletableFuture().get(1, TimeUnit.SECONDS)).isEmpty();
      assertThat(only.adapter.fetchSockets(BroadcastOptions.all()).toCompletableFuture().get(1, TimeUnit.SECONDS))
          .extracting(SocketDetails::id).containsExactly("x");
    }
  }

  @Test
  void messagesOfAnotherNamespaceAreIgnored() {
    LoopbackClusterBus.Node admin = bus.add("admin", "/admin", false, OPTIONS);
    admin.nsp.connect("d1", "room");

    admin.adapter.broadcast(event("admin-only"), to("room"));
    a.adapter.broadcast(event("main-only"), to("room"));

    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
      assertThat(b.nsp.events("b1")).containsExactly("main-only");
      assertThat(admin.nsp.events("d1")).containsExactly("admin-only");
    });
  }

  @Test
  void whileTheBrokerIsDownLocalDeliveryGoesOnAndNothingIsReplayedAfterwards() {
    bus.down(true);
    a.adapter.broadcast(event("during"), to("room"));
    assertThat(a.nsp.events("a1")).containsExactly("during");
    assertThat(a.adapter.publishFailures()).isEqualTo(1);

    CompletableFuture<List<SocketDetails>> fetch = a.adapter.fetchSockets(BroadcastOptions.all())
        .toCompletableFuture();
    // a request that cannot be sent fails at once, not at the timeout
    await().atMost(Duration.ofMillis(300)).until(fetch::isDone);
    assertThat(fetch).isCompletedExceptionally();

    bus.down(false);
    a.adapter.broadcast(event("after"), to("room"));
    await().atMost(5, TimeUnit.SECONDS).untilAsserted(
        () -> assertThat(b.nsp.events("b1")).containsExactly("after"));
  }
}
