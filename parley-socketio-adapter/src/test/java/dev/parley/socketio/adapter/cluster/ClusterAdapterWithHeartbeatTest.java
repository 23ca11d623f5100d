package dev.parley.socketio.adapter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.SocketDetails;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Node counting by heartbeats, for backends that cannot count subscribers. */
class ClusterAdapterWithHeartbeatTest {
  private static final ClusterAdapterOptions OPTIONS = ClusterAdapterOptions.builder()
      .requestTimeout(Duration.ofSeconds(10))
      .heartbeatInterval(Duration.ofMillis(200))
      .heartbeatTimeout(Duration.ofMillis(1200))
      .build();

  private LoopbackClusterBus bus;
  private LoopbackClusterBus.Node a;
  private LoopbackClusterBus.Node b;
  private LoopbackClusterBus.Node c;

  @BeforeEach
  void threeNodes() {
    bus = new LoopbackClusterBus();
    a = bus.add("a", "/", true, OPTIONS);
    b = bus.add("b", "/", true, OPTIONS);
    c = bus.add("c", "/", true, OPTIONS);
    a.nsp.connect("a1");
    b.nsp.connect("b1");
    c.nsp.connect("c1");
  }

  @AfterEach
  void close() {
    bus.close();
  }

  private static int count(LoopbackClusterBus.Node node) {
    return node.adapter.serverCount().toCompletableFuture().join();
  }

  @Test
  void nodesCountEachOtherFromTheInitialHeartbeat() {
    // the first node heard nobody when it started: the others' answers to their own announcements tell it
    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
      assertThat(count(a)).isEqualTo(3);
      assertThat(count(b)).isEqualTo(3);
      assertThat(count(c)).isEqualTo(3);
    });
  }

  @Test
  void aNodeThatClosesIsCountedOutAtOnce() throws Exception {
    await().atMost(5, TimeUnit.SECONDS).until(() -> count(a) == 3);

    c.adapter.close();

    await().atMost(Duration.ofMillis(900)).until(() -> count(a) == 2);
    List<SocketDetails> sockets = a.adapter.fetchSockets(BroadcastOptions.all()).toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    assertThat(sockets).extracting(SocketDetails::id).containsExactlyInAnyOrder("a1", "b1");
  }

  @Test
  void aCrashedNodeIsCountedOutAfterTheTimeoutAndRequestsWaitingForItComplete() throws Exception {
    await().atMost(5, TimeUnit.SECONDS).until(() -> count(a) == 3);
    bus.cutOff(c);

    CompletableFuture<List<JsonNode>> answers = a.adapter.serverSideEmitWithAck(
        JsonNodeFactory.instance.arrayNode().add("who"), Duration.ofSeconds(10)).toCompletableFuture();

    // the request completes without c once c misses its heartbeats, long before its 10 s timeout
    assertThat(answers.get(5, TimeUnit.SECONDS)).extracting(JsonNode::asText).containsExactly("answer of b");
    assertThat(count(a)).isEqualTo(2);
  }

  @Test
  void aSilentNodeKeepsBeingCountedThanksToItsHeartbeats() {
    await().atMost(5, TimeUnit.SECONDS).until(() -> count(a) == 3);
    int before = bus.published();

    // nothing but heartbeats is published: wait for more of them than fit in one heartbeat timeout (1.2 s)
    await().atMost(5, TimeUnit.SECONDS).until(() -> bus.published() > before + 3 * 8);

    assertThat(count(a)).isEqualTo(3);
  }

  @Test
  void emittersAreNotCountedAsNodes() {
    await().atMost(5, TimeUnit.SECONDS).until(() -> count(a) == 3);
    bus.inject(ClusterMessageCodec.toTree(new ClusterMessage.ServerSideEmit(ClusterAdapter.EMITTER_UID, "/",
        JsonNodeFactory.instance.arrayNode().add("from-emitter"), null)).toString().getBytes());

    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(a.nsp.serverSideEvents()).hasSize(1));
    assertThat(count(a)).isEqualTo(3);
  }
}
