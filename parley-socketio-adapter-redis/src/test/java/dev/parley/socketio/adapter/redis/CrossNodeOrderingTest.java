package dev.parley.socketio.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.server.Limits;
import dev.parley.socketio.adapter.AdapterFactory;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Catalogue F5: three nodes, a sender on each, every sender's numbered events relayed by its node to a room with
 * members on all three (one of them long-polling). What the adapters promise is the order of each sender's messages
 * at each receiver, not an order across senders: so each (sender, receiver) pair must see 0..N-1 in order, whatever
 * the interleaving of the three. On a healthy Redis nothing is lost either, so the sequence must be complete.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrossNodeOrderingTest {
  private static final int MESSAGES = 1_000;
  private static final String ROOM = "ordered";

  @Test
  void crossNodeOrderingPerSender() throws Exception {
    String key = RedisProbe.uniqueKey();
    checkOrder(() -> RedisAdapter.factory(RedisProbe.options(key).build()));
  }

  @Test
  void crossNodeOrderingPerSenderSharded() throws Exception {
    String key = RedisProbe.uniqueKey();
    checkOrder(() -> ShardedRedisAdapter.factory(RedisProbe.options(key).build()));
  }

  @Test
  void crossNodeOrderingPerSenderStreams() throws Exception {
    String key = RedisProbe.uniqueKey();
    try {
      checkOrder(() -> RedisStreamsAdapter.factory(
          StreamsMixedClusterTest.streamsOptions(RedisProbe.options(key).build()).build()));
    } finally {
      try (RedisProbe probe = new RedisProbe(RedisProbe.SHARED_URI)) {
        probe.sync().del(key);
      }
    }
  }

  private void checkOrder(Supplier<AdapterFactory> adapter) throws Exception {
    List<ParleyNode> nodes = new ArrayList<>();
    ExecutorService senders = Executors.newFixedThreadPool(3);
    try (JsClientDriver clients = JsClientDriver.start()) {
      for (int i = 0; i < 3; i++) {
        // a sender emits far faster than the default event budget allows a client
        ParleyNode node = new ParleyNode(adapter.get(),
            options -> options.limits(l -> l.eventsPerSecondPerSocket(Limits.OFF)));
        nodes.add(node);
        node.io().on("connection", socket -> socket.on("say", (args, ack) ->
            socket.to(ROOM).emit("said", socket.handshake().auth().path("name").asText(), args.json().get(0))));
      }
      List<JsClient> receivers = new ArrayList<>();
      for (ParleyNode node : nodes) {
        receivers.add(connect(clients, node, "websocket", Map.of("room", ROOM, "name", "receiver")));
      }
      receivers.add(connect(clients, nodes.get(1), "polling", Map.of("room", ROOM, "name", "receiver")));
      List<JsClient> senderClients = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        senderClients.add(connect(clients, nodes.get(i), "websocket", Map.of("name", "sender-" + i)));
      }
      awaitCluster(nodes, receivers);

      List<CompletableFuture<Void>> sent = new ArrayList<>();
      for (JsClient sender : senderClients) {
        sent.add(CompletableFuture.runAsync(() -> IntStream.range(0, MESSAGES).forEach(n -> sender.emit("say", n)),
            senders));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      for (JsClient receiver : receivers) {
        await().atMost(20, TimeUnit.SECONDS)
            .until(() -> receiver.events("said").size() >= MESSAGES * senderClients.size());
        for (int i = 0; i < senderClients.size(); i++) {
          assertThat(sequenceFrom(receiver, "sender-" + i))
              .as("what %s received from sender-%s (node %s)", receiver, i, i)
              .containsExactlyElementsOf(IntStream.range(0, MESSAGES).boxed().toList());
        }
      }
    } finally {
      senders.shutdownNow();
      nodes.forEach(ParleyNode::close);
    }
  }

  private static List<Integer> sequenceFrom(JsClient receiver, String sender) {
    List<Integer> seqs = new ArrayList<>();
    receiver.events("said").stream().filter(e -> e.args().get(0).asText().equals(sender))
        .forEach(e -> seqs.add(e.args().get(1).asInt()));
    return seqs;
  }

  /**
   * Every node counts the others, and a broadcast of each reaches every receiver: then the room's subscriptions (the
   * sharded adapter's room channel included) are in place before the numbered messages start.
   */
  private static void awaitCluster(List<ParleyNode> nodes, List<JsClient> receivers) {
    for (ParleyNode node : nodes) {
      await().atMost(10, TimeUnit.SECONDS).ignoreExceptions().until(() -> node.serverCount() == nodes.size());
    }
    await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> {
      IntStream.range(0, nodes.size()).forEach(i -> nodes.get(i).io().to(ROOM).emit("ready", i));
      return receivers.stream().allMatch(r -> IntStream.range(0, nodes.size()).allMatch(i ->
          r.events("ready").stream().anyMatch(e -> e.args().get(0).asInt() == i)));
    });
  }

  private static JsClient connect(JsClientDriver clients, ParleyNode node, String transport,
      Map<String, String> auth) {
    JsClient client = clients.connect(node.url(), Map.of("transports", List.of(transport), "auth", auth));
    client.awaitEvent("connect");
    return client;
  }
}
