package dev.parley.socketio.adapter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.socketio.adapter.BroadcastOptions;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Whatever a hostile publisher puts on the channel is logged and dropped; the nodes go on. Each hostile message is
 * followed by a good one, which must still arrive.
 */
class HostileMessageTest {
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private LoopbackClusterBus bus;
  private LoopbackClusterBus.Node a;
  private LoopbackClusterBus.Node b;

  @BeforeEach
  void twoNodes() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(LoopbackClusterBus.class)).addAppender(logs);
    bus = new LoopbackClusterBus();
    a = bus.add("a", ClusterAdapterOptions.defaults());
    b = bus.add("b", ClusterAdapterOptions.defaults());
    b.nsp.connect("b1", "room");
  }

  @AfterEach
  void close() {
    ((Logger) LoggerFactory.getLogger(LoopbackClusterBus.class)).detachAppender(logs);
    bus.close();
  }

  static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] javaSerialized() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      HashMap<String, Object> map = new HashMap<>();
      map.put("uid", "x");
      map.put("payload", new ArrayList<>(List.of(1, 2, 3)));
      out.writeObject(map);
    }
    return bytes.toByteArray();
  }

  static List<byte[]> hostileMessages() throws Exception {
    String good = "\"uid\":\"evil\",\"nsp\":\"/\"";
    List<byte[]> list = new ArrayList<>();
    list.add(new byte[] {(byte) 0xc1});                                              // never-used msgpack byte
    list.add(new byte[] {(byte) 0xdb, (byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'a'}); // 2 GB string claim
    list.add(new byte[] {(byte) 0xdd, (byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});      // 2 G items claim
    list.add(javaSerialized());
    list.add(json("{not json"));
    list.add(json("{" + good + "}"));                                                // no type
    list.add(json("{" + good + ",\"type\":99}"));                                     // unknown type
    list.add(json("{" + good + ",\"type\":3,\"data\":\"x\"}"));                      // data not an object
    list.add(json("{" + good + ",\"type\":3,\"data\":{\"opts\":{\"rooms\":\"room\"},"
        + "\"packet\":{\"type\":2,\"data\":[\"x\"]}}}"));                             // rooms not an array
    list.add(json("{" + good + ",\"type\":3,\"data\":{\"opts\":{\"rooms\":[]},"
        + "\"packet\":{\"type\":0,\"data\":{}}}}"));                                   // a CONNECT packet
    list.add(json("{" + good + ",\"type\":11,\"data\":{\"requestId\":\"r\",\"clientCount\":-5}}"));
    list.add(json("[".repeat(500) + "]".repeat(500)));                               // deep nesting
    list.add(new byte[100 * 1024]);                                                   // larger than the limit
    return list;
  }

  @Test
  void hostileMessagesAreLoggedAndDroppedAndTheNodesGoOn() throws Exception {
    List<byte[]> hostile = hostileMessages();
    for (byte[] message : hostile) {
      bus.inject(message);
    }
    a.adapter.broadcast(ClusterAdapterTest.event("still-working"), BroadcastOptions.rooms(Set.of("room")));

    await().atMost(5, TimeUnit.SECONDS).untilAsserted(
        () -> assertThat(b.nsp.events("b1")).containsExactly("still-working"));
    assertThat(b.dropped.count()).isEqualTo(hostile.size());
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.startsWith("node b: dropped a malformed message"));
  }

  @Test
  void aMessageClaimingThisNodesUidIsIgnored() {
    String forged = "{\"uid\":\"" + b.uid() + "\",\"nsp\":\"/\",\"type\":3,\"data\":{\"opts\":{\"rooms\":[\"room\"],"
        + "\"except\":[],\"flags\":{}},\"packet\":{\"type\":2,\"data\":[\"forged\"],\"nsp\":\"/\"}}}";
    bus.inject(json(forged));
    a.adapter.broadcast(ClusterAdapterTest.event("genuine"), BroadcastOptions.rooms(Set.of("room")));

    await().atMost(5, TimeUnit.SECONDS).untilAsserted(
        () -> assertThat(b.nsp.events("b1")).containsExactly("genuine"));
  }

  @Test
  void answersToUnknownRequestsAreIgnored() {
    String stray = "{\"uid\":\"evil\",\"nsp\":\"/\",\"type\":8,\"data\":{\"requestId\":\"nope\",\"sockets\":[]}}";
    bus.inject(json(stray));
    a.adapter.broadcast(ClusterAdapterTest.event("after"), BroadcastOptions.rooms(Set.of("room")));

    await().atMost(Duration.ofSeconds(5)).untilAsserted(
        () -> assertThat(b.nsp.events("b1")).containsExactly("after"));
    assertThat(b.dropped.count()).isZero();
  }
}
