package dev.parley.socketio.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * A hostile writer on the stream (anyone with {@code XADD} on it): entries without a namespace, with a type that is no
 * number, data that is neither JSON nor base64 MessagePack, a Java-serialized object, wrong shapes, a huge or deeply
 * nested payload, and garbage on the pub/sub channel. Each is dropped and logged; a well-formed entry written after
 * them is delivered once, and the two nodes go on working.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamsHostileEntryTest {
  private static final int MAX_MESSAGE_BYTES = 64 * 1024;

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, byte[]> entry(String type, byte[] data) {
    Map<String, byte[]> fields = new LinkedHashMap<>();
    fields.put("uid", utf8("evil"));
    fields.put("nsp", utf8("/"));
    fields.put("type", utf8(type));
    if (data != null) {
      fields.put("data", data);
    }
    return fields;
  }

  private static List<Map<String, byte[]>> hostile() throws Exception {
    byte[] huge = new byte[MAX_MESSAGE_BYTES * 3];
    java.util.Arrays.fill(huge, (byte) 'A');
    return List.of(
        Map.of("uid", utf8("evil"), "type", utf8("3")),
        entry("three", utf8("{}")),
        entry("3", utf8("{not json")),
        entry("3", utf8("!!! not base64 !!!")),
        entry("3", Base64.getEncoder().encode(new byte[] {(byte) 0xc1})),
        entry("3", Base64.getEncoder().encode(RedisHostileMessageTest.javaSerialized())),
        entry("3", utf8("{\"packet\":\"x\",\"opts\":{}}")),
        entry("3", utf8("{\"packet\":{\"type\":0,\"data\":[\"connect\"]},\"opts\":{\"rooms\":[],\"except\":[]}}")),
        entry("3", huge),
        entry("3", utf8("{\"a\":".repeat(300) + "1" + "}".repeat(300))),
        entry("4", utf8("{\"opts\":{\"rooms\":7},\"rooms\":[\"x\"]}")),
        entry("99", utf8("{}")));
  }

  @Test
  void hostileEntriesAreDroppedAndLoggedAndTheClusterGoesOn() throws Exception {
    String key = RedisProbe.uniqueKey();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger logger = (Logger) LoggerFactory.getLogger(RedisStreamsAdapter.class);
    logger.addAppender(logs);
    RedisStreamsOptions options = StreamsMixedClusterTest.streamsOptions(RedisProbe.options(key)
        .maxMessageBytes(MAX_MESSAGE_BYTES).build()).build();
    try (RedisProbe probe = new RedisProbe(RedisProbe.SHARED_URI);
        ParleyNode a = new ParleyNode(RedisStreamsAdapter.factory(options));
        ParleyNode b = new ParleyNode(RedisStreamsAdapter.factory(options));
        JsClientDriver clients = JsClientDriver.start()) {
      await().atMost(15, TimeUnit.SECONDS).until(() -> a.serverCount() == 2);
      RedisStreamsAdapter adapterA = (RedisStreamsAdapter) a.io().adapter();
      JsClient onA = connect(clients, a.url());
      JsClient onB = connect(clients, b.url());

      List<Map<String, byte[]>> entries = hostile();
      for (Map<String, byte[]> fields : entries) {
        probe.sync().xadd(key, fields);
      }
      probe.publish(RedisChannels.sharded(key, "/"), new byte[] {(byte) 0xc1, 1, 2});
      probe.publish(RedisChannels.shardedResponse(key, "/", adapterA.uid()), utf8("{\"uid\":\"evil\",\"type\":8}"));
      // a well-formed broadcast, as a Node node writes it
      probe.sync().xadd(key, entry("3", utf8("{\"packet\":{\"type\":2,\"data\":[\"valid\",1],\"nsp\":\"/\"},"
          + "\"opts\":{\"rooms\":[\"room\"],\"except\":[],\"flags\":{}}}")));

      for (JsClient client : List.of(onA, onB)) {
        assertThat(client.awaitEvent("valid").get(0).asInt()).isEqualTo(1);
      }
      // the entry without a namespace is dropped before it reaches an adapter; the rest, and both pub/sub messages,
      // by the adapter
      int malformed = entries.size() - 1 + 2;
      await().atMost(10, TimeUnit.SECONDS).until(() -> adapterA.droppedMessages() >= malformed);
      assertThat(adapterA.droppedMessages()).isEqualTo(malformed);
      assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
          .anyMatch(m -> m.contains("dropped malformed entry"))
          .anyMatch(m -> m.contains("names no namespace"));

      a.io().to("room").emit("after-attack-from-a");
      b.io().to("room").emit("after-attack-from-b");
      for (JsClient client : List.of(onA, onB)) {
        client.awaitEvent("after-attack-from-a");
        client.awaitEvent("after-attack-from-b");
      }
      assertThat(a.io().serverSideEmitWithAck(Duration.ofSeconds(5), "ping-node", "still-there")
          .get(10, TimeUnit.SECONDS)).hasSize(1);
      assertThat(onA.allEvents()).extracting(JsClient.Event::name)
          .containsOnly("connect", "valid", "after-attack-from-a", "after-attack-from-b");
    } finally {
      logger.detachAppender(logs);
    }
  }

  private static JsClient connect(JsClientDriver clients, String url) {
    JsClient client = clients.connect(url, Map.of("transports", List.of("websocket"),
        "auth", Map.of("room", "room", "name", "x")));
    client.awaitEvent("connect");
    return client;
  }
}
