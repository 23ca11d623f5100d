package dev.parley.socketio.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.cluster.MessagePack;
import dev.parley.socketio.adapter.cluster.WireValues;
import dev.parley.socketio.codec.SocketPacket;
import dev.parley.socketio.server.Args;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * A hostile publisher on the adapters' channels: malformed MessagePack and JSON, wrong shapes, a huge payload, a
 * Java-serialized object, a broadcast claiming the Parley node's own uid. Each is dropped (and logged) or ignored,
 * and afterwards both nodes of a mixed cluster still work both ways.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisHostileMessageTest {
  private static final int MAX_MESSAGE_BYTES = 64 * 1024;

  static byte[] javaSerialized() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      HashMap<String, Object> map = new HashMap<>();
      map.put("type", 2);
      map.put("payload", new ArrayList<>(List.of("a", "b")));
      out.writeObject(map);
    }
    return bytes.toByteArray();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Messages no decoder may accept, whatever the channel. */
  static List<byte[]> garbage() throws Exception {
    byte[] huge = new byte[MAX_MESSAGE_BYTES * 3];
    new Random(1).nextBytes(huge);
    huge[0] = (byte) 0x93;
    return List.of(
        new byte[] {(byte) 0xc1},
        new byte[] {(byte) 0xdb, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'x'},
        utf8("{not json at all"),
        utf8("{\"a\":".repeat(300) + "1" + "}".repeat(300)),
        javaSerialized(),
        huge);
  }

  private static ListAppender<ILoggingEvent> capture(Class<?> type) {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(type)).addAppender(appender);
    return appender;
  }

  /**
   * Classic mode, between two Parley nodes: the reference's classic adapter (8.3.0) does not survive this test
   * itself. Its broadcast handler decodes without a try/catch, so the first malformed message on its broadcast
   * channel throws inside its Redis client's listener, and that subscriber stops receiving. The sharded test below
   * keeps a Node node in the cluster, since that adapter catches its decoding errors.
   */
  @Test
  void classicChannels() throws Exception {
    String key = RedisProbe.uniqueKey();
    ListAppender<ILoggingEvent> logs = capture(RedisAdapter.class);
    RedisAdapterOptions options = RedisProbe.options(key).maxMessageBytes(MAX_MESSAGE_BYTES).build();
    try (RedisProbe probe = new RedisProbe(RedisProbe.SHARED_URI);
        ParleyNode a = new ParleyNode(RedisAdapter.factory(options));
        ParleyNode b = new ParleyNode(RedisAdapter.factory(options));
        JsClientDriver clients = JsClientDriver.start()) {
      await().atMost(15, TimeUnit.SECONDS).until(() -> a.serverCount() == 2);
      RedisAdapter adapterA = (RedisAdapter) a.io().adapter();
      RedisAdapter adapterB = (RedisAdapter) b.io().adapter();
      JsClient onA = connect(clients, a.url());
      JsClient onB = connect(clients, b.url());

      List<String> channels = List.of(RedisChannels.broadcast(key, "/"), RedisChannels.room(key, "/", "room"),
          RedisChannels.request(key, "/"), RedisChannels.response(key, "/"),
          RedisChannels.response(key, "/", adapterA.uid()));
      int sent = 0;
      for (String channel : channels) {
        for (byte[] message : garbage()) {
          probe.publish(channel, message);
          sent++;
        }
      }
      // well-formed encodings of the wrong shapes
      probe.publish(RedisChannels.broadcast(key, "/"), MessagePack.encode(JsonNodeFactory.instance.arrayNode()
          .add("evil").add("not a packet").add(JsonNodeFactory.instance.objectNode())));
      probe.publish(RedisChannels.request(key, "/"), utf8("{\"uid\":\"evil\",\"type\":5}"));
      probe.publish(RedisChannels.request(key, "/"), utf8("{\"uid\":\"evil\",\"type\":2,\"opts\":{\"rooms\":7}}"));
      probe.publish(RedisChannels.request(key, "/"), utf8("{\"uid\":\"evil\",\"type\":6,\"data\":[]}"));
      sent += 4;
      // a broadcast claiming A's uid: A takes it for its own echo and ignores it; B delivers it
      probe.publish(RedisChannels.room(key, "/", "room"), MessagePack.encode(classicBroadcast(adapterA.uid(),
          "forged")));

      assertNodesGoOn(a, b, onA, onB);
      int expected = sent;
      await().atMost(10, TimeUnit.SECONDS).until(() -> adapterA.droppedMessages() >= expected);
      // B does not listen on A's own response channel
      assertThat(adapterB.droppedMessages()).isEqualTo(expected - garbage().size());
      onB.awaitEvent("forged");
      assertThat(onA.events("forged")).isEmpty();
      assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
          .anyMatch(m -> m.contains("dropped a malformed message"));
    } finally {
      ((Logger) LoggerFactory.getLogger(RedisAdapter.class)).detachAppender(logs);
    }
  }

  /** Both directions still work after the attack: broadcasts, and a request with answers. */
  private static void assertNodesGoOn(ParleyNode a, ParleyNode b, JsClient onA, JsClient onB) throws Exception {
    a.io().to("room").emit("after-attack-from-a");
    b.io().to("room").emit("after-attack-from-b");
    for (JsClient client : List.of(onA, onB)) {
      client.awaitEvent("after-attack-from-a");
      client.awaitEvent("after-attack-from-b");
    }
    assertThat(a.io().serverSideEmitWithAck(Duration.ofSeconds(5), "ping-node", "still-there")
        .get(10, TimeUnit.SECONDS)).hasSize(1);
  }

  @Test
  void shardedChannels() throws Exception {
    String key = RedisProbe.uniqueKey();
    ListAppender<ILoggingEvent> logs = capture(ShardedRedisAdapter.class);
    try (RedisProbe probe = new RedisProbe(RedisProbe.SHARED_URI);
        ParleyNode parley = new ParleyNode(ShardedRedisAdapter.factory(RedisProbe.options(key)
            .maxMessageBytes(MAX_MESSAGE_BYTES).build()));
        NodePeer node = NodePeer.start("sharded", RedisProbe.SHARED_URI, key, SubscriptionMode.DYNAMIC);
        JsClientDriver clients = JsClientDriver.start()) {
      await().atMost(15, TimeUnit.SECONDS).until(() -> parley.serverCount() == 2);
      ShardedRedisAdapter adapter = (ShardedRedisAdapter) parley.io().adapter();
      JsClient onParley = connect(clients, parley.url());
      JsClient onNode = connect(clients, node.url());
      await().atMost(10, TimeUnit.SECONDS).until(() -> probe.shardNumsub(RedisChannels.room(key, "/", "room")) == 2);

      List<String> channels = List.of(RedisChannels.sharded(key, "/"), RedisChannels.room(key, "/", "room"),
          RedisChannels.shardedResponse(key, "/", adapter.uid()));
      int sent = 0;
      for (String channel : channels) {
        for (byte[] message : garbage()) {
          probe.spublish(channel, message);
          sent++;
        }
      }
      probe.spublish(RedisChannels.sharded(key, "/"), utf8("{\"uid\":\"evil\",\"nsp\":\"/\",\"type\":3,"
          + "\"data\":{\"opts\":{\"rooms\":\"room\"},\"packet\":{\"type\":2,\"data\":[\"x\"]}}}"));
      probe.spublish(RedisChannels.sharded(key, "/"), utf8("{\"uid\":\"evil\",\"nsp\":\"/\",\"type\":77}"));
      sent += 2;
      ObjectNode forged = JsonNodeFactory.instance.objectNode().put("uid", adapter.uid()).put("nsp", "/")
          .put("type", 3);
      forged.putObject("data").<ObjectNode>set("opts", WireValues.options(BroadcastOptions.rooms(Set.of("room"))))
          .set("packet", WireValues.packet(SocketPacket.event("/", JsonNodeFactory.instance.arrayNode()
              .add("forged"))));
      probe.spublish(RedisChannels.room(key, "/", "room"), utf8(forged.toString()));

      assertNodesGoOn(parley, node, onParley, onNode, (room, event) -> node.call("emit",
          emitCommand(room, event)));
      int expected = sent;
      await().atMost(10, TimeUnit.SECONDS).until(() -> adapter.droppedMessages() >= expected);
      assertThat(onNode.events("forged")).hasSize(1);
      assertThat(onParley.events("forged")).isEmpty();
      assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
          .anyMatch(m -> m.contains("dropped a malformed message"));
    } finally {
      ((Logger) LoggerFactory.getLogger(ShardedRedisAdapter.class)).detachAppender(logs);
    }
  }

  private static JsClient connect(JsClientDriver clients, String url) {
    JsClient client = clients.connect(url, Map.of("transports", List.of("websocket"), "auth", Map.of("room", "room")));
    client.awaitEvent("connect");
    return client;
  }

  private static ArrayNode classicBroadcast(String uid, String event) {
    ArrayNode message = JsonNodeFactory.instance.arrayNode();
    message.add(uid);
    message.add(WireValues.packet(SocketPacket.event("/", JsonNodeFactory.instance.arrayNode().add(event))));
    message.add(WireValues.options(BroadcastOptions.rooms(Set.of("room"))));
    return message;
  }

  private static ObjectNode emitCommand(String room, String event) {
    ObjectNode cmd = NodePeer.cmd().put("event", event);
    cmd.set("rooms", NodePeer.JSON.valueToTree(List.of(room)));
    return cmd;
  }

  /** Both directions still work after the attack: broadcasts, and a request with answers. */
  private static void assertNodesGoOn(ParleyNode parley, NodePeer node, JsClient onParley, JsClient onNode,
      BiConsumer<String, String> nodeEmit) throws Exception {
    parley.io().to("room").emit("after-attack-from-parley");
    nodeEmit.accept("room", "after-attack-from-node");
    for (JsClient client : List.of(onParley, onNode)) {
      client.awaitEvent("after-attack-from-parley");
      client.awaitEvent("after-attack-from-node");
    }
    List<Args> answers = parley.io().serverSideEmitWithAck(Duration.ofSeconds(5), "ping-node", "still-there")
        .get(10, TimeUnit.SECONDS);
    assertThat(answers).hasSize(1);
  }
}
