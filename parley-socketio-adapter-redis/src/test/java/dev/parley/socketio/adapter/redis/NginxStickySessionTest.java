package dev.parley.socketio.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two Parley nodes with the Redis adapter behind nginx, sticky by client address: the official JavaScript client
 * connects with long-polling, upgrades to WebSocket through the proxy (every polling request of its session reaches
 * the same node, or the session would be unknown), and receives a room broadcast emitted on the other node.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NginxStickySessionTest {

  @Test
  void aPollingClientUpgradesThroughNginxAndHearsTheOtherNode() throws Exception {
    String key = RedisProbe.uniqueKey();
    RedisAdapterOptions options = RedisProbe.options(key).build();
    try (ParleyNode a = new ParleyNode(RedisAdapter.factory(options));
        ParleyNode b = new ParleyNode(RedisAdapter.factory(options));
        NginxProcess nginx = NginxProcess.start(List.of(port(a), port(b)));
        JsClientDriver clients = JsClientDriver.start()) {
      await().atMost(15, TimeUnit.SECONDS).until(() -> a.serverCount() == 2 && b.serverCount() == 2);
      assertThat(Files.readString(Path.of("/proc/" + nginx.pid() + "/cmdline"))).contains("nginx");

      JsClient client = clients.connect(nginx.url(), Map.of("transports", List.of("polling", "websocket"),
          "auth", Map.of("room", "lobby", "name", "behind-nginx")));
      JsonNode connected = client.awaitEvent("connect");
      assertThat(client.awaitEvent("upgrade").get(0).asText()).isEqualTo("websocket");
      String id = connected.get(0).asText();

      // the node nginx chose; the broadcast comes from the other one, through Redis
      ParleyNode home = a.io().sockets().containsKey(id) ? a : b;
      ParleyNode other = home == a ? b : a;
      assertThat(other.io().sockets()).doesNotContainKey(id);
      other.io().to("lobby").emit("from-the-other-node", "hello");
      assertThat(client.awaitEvent("from-the-other-node").get(0).asText()).isEqualTo("hello");
      assertThat(client.state().get("transport").asText()).isEqualTo("websocket");
      // the handshake and the session's polls went through nginx (the WebSocket is logged once it closes)
      assertThat(nginx.accessLog()).contains("/socket.io/?EIO=4&transport=polling")
          .contains("sid=" + engineId(nginx.accessLog()));
    }
  }

  private static String engineId(String accessLog) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("sid=([A-Za-z0-9_-]+)").matcher(accessLog);
    assertThat(m.find()).as("a polling request of the session in " + accessLog).isTrue();
    return m.group(1);
  }

  private static int port(ParleyNode node) {
    String url = node.url();
    return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
  }
}
