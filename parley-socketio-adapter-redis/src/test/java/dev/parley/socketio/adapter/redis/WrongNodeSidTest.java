package dev.parley.socketio.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import dev.parley.testkit.LoopbackForwarder;
import dev.parley.testkit.RawPollingClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Catalogue G4: two nodes of one cluster without sticky sessions. A session lives on the node that made it; another
 * node must answer its requests with the Engine.IO error a client understands (400, code 1), create nothing, and
 * leave the session on its own node alone, so that the client can start over wherever the balancer sends it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WrongNodeSidTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UNKNOWN_SID = "{\"code\":1,\"message\":\"Session ID unknown\"}";

  /** A status and a body, for answers a client library would hide (a refused WebSocket upgrade). */
  private record Answer(int status, String body) {}

  @Test
  void wrongNodeSidIsClean400() throws Exception {
    String key = RedisProbe.uniqueKey();
    try (ParleyNode a = new ParleyNode(RedisAdapter.factory(RedisProbe.options(key).build()));
        ParleyNode b = new ParleyNode(RedisAdapter.factory(RedisProbe.options(key).build()));
        JsClientDriver clients = JsClientDriver.start()) {
      await().atMost(10, TimeUnit.SECONDS).ignoreExceptions().until(() -> a.serverCount() == 2);
      RawPollingClient onA = new RawPollingClient(a.url() + "/socket.io/");
      onA.handshake();
      assertThat(onA.post("40").status()).isEqualTo(200);
      assertThat(onA.poll().body()).startsWith("40{\"sid\":");
      String sid = onA.sid();

      RawPollingClient atB = new RawPollingClient(b.url() + "/socket.io/");
      String query = "?EIO=4&transport=polling&sid=" + sid;
      RawPollingClient.Response poll = atB.get(query);
      assertUnknownSid(poll.status(), poll.body());
      RawPollingClient.Response post = atB.post(query, "42[\"hijack\"]", "text/plain;charset=UTF-8");
      assertUnknownSid(post.status(), post.body());
      Answer upgrade = webSocketUpgrade(b.port(), sid);
      assertUnknownSid(upgrade.status(), upgrade.body());
      assertThat(b.io().engine().clientsCount()).as("sessions B made of A's sid").isZero();

      // nothing broke: A's session goes on, and hears B through the cluster; B serves new clients as before
      assertThat(a.io().engine().clientsCount()).isEqualTo(1);
      JsClient newOnB = clients.connect(b.url(), Map.of("transports", List.of("polling")));
      newOnB.awaitEvent("connect");
      b.io().emit("from-b", 1);
      assertThat(onA.poll().body()).isEqualTo("42[\"from-b\",1]");
      newOnB.awaitEvent("from-b");
      a.io().emit("from-a", 2);
      newOnB.awaitEvent("from-a");
      assertThat(onA.poll().body()).isEqualTo("42[\"from-a\",2]");

      // the same requests at A are served: the 400s above are B not knowing the session, not their shape
      assertThat(onA.post(query, "42[\"hello\"]", "text/plain;charset=UTF-8").status()).isEqualTo(200);
      assertThat(webSocketUpgrade(a.port(), sid).status()).isEqualTo(101);
    }
  }

  /**
   * The official client behind a balancer that moves it to another node (no stickiness): its next request reaches a
   * node that does not know its session, gets the 400, and the client starts a new handshake there.
   */
  @Test
  void aPollingClientMovedToAnotherNodeStartsANewSessionThere() throws Exception {
    String key = RedisProbe.uniqueKey();
    try (ParleyNode a = new ParleyNode(RedisAdapter.factory(RedisProbe.options(key).build()));
        ParleyNode b = new ParleyNode(RedisAdapter.factory(RedisProbe.options(key).build()));
        LoopbackForwarder balancer = new LoopbackForwarder(a.port());
        JsClientDriver clients = JsClientDriver.start()) {
      await().atMost(10, TimeUnit.SECONDS).ignoreExceptions().until(() -> a.serverCount() == 2);
      // each request of the Node client opens its own connection (no keep-alive agent): the balancer places each
      JsClient client = clients.connect(balancer.url(), Map.of("transports", List.of("polling"),
          "reconnection", true, "reconnectionDelay", 100, "reconnectionDelayMax", 300, "randomizationFactor", 0,
          "auth", Map.of("room", "room")));
      String firstId = client.awaitEvent("connect").get(0).asText();
      await().atMost(5, TimeUnit.SECONDS).until(() -> a.io().engine().clientsCount() == 1);

      balancer.retarget(b.port());
      client.emit("moved");

      JsonNode disconnect = client.awaitEvent("disconnect");
      assertThat(disconnect.get(0).asText()).isEqualTo("transport error");
      assertThat(disconnect.get(1).asText()).contains("400");
      String secondId = client.awaitEvent("connect").get(0).asText();
      assertThat(secondId).isNotEqualTo(firstId);
      await().atMost(5, TimeUnit.SECONDS).until(() -> b.io().engine().clientsCount() == 1);
      a.io().to("room").emit("after-move");
      client.awaitEvent("after-move");
      assertThat(client.events("connect_error")).isEmpty();
    }
  }

  private static void assertUnknownSid(int status, String body) throws IOException {
    assertThat(status).isEqualTo(400);
    assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree(UNKNOWN_SID));
  }

  /** A WebSocket upgrade by hand: the JDK's client neither sends it nor shows the body of a refusal. */
  private static Answer webSocketUpgrade(int port, String sid) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /socket.io/?EIO=4&transport=websocket&sid=" + sid + " HTTP/1.1\r\n"
          + "Host: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      int status = Integer.parseInt(head.substring(9, 12));
      int length = 0;
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      return new Answer(status, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed before the end of the headers: " + head);
      }
      head.write(c);
      matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }
}
