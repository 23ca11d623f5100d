package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.socketio.server.AckTimeoutException;
import dev.parley.socketio.server.Args;
import dev.parley.socketio.server.ConnectError;
import dev.parley.socketio.server.Socket;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import dev.parley.testkit.Values;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The official JavaScript client against Parley, in each transport mode. */
class JsClientTransportModesTest {
  private static JsClientDriver node;

  @BeforeAll
  static void startNode() {
    node = JsClientDriver.start();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  private static JsClient connect(TestServer server, String nsp, TransportMode mode) {
    JsClient client = node.connect(server.url(nsp), mode.options());
    client.awaitEvent("connect");
    return client;
  }

  @ParameterizedTest
  @EnumSource(TransportMode.class)
  void connectsAndExchangesEventsOnTheExpectedTransport(TransportMode mode) {
    try (TestServer server = TestServer.start(io -> io.on("connection", socket -> {
      socket.emit("welcome", Map.of("id", socket.id()));
      socket.on("echo", (args, ack) -> ack.send(args.toArray()));
    }))) {
      JsClient client = node.connect(server.url("/"), mode.options());
      JsonNode connect = client.awaitEvent("connect");
      JsonNode welcome = client.awaitEvent("welcome");
      assertThat(welcome.get(0).get("id").asText()).isEqualTo(connect.get(0).asText()).hasSize(20);
      if (mode == TransportMode.UPGRADE) {
        assertThat(client.awaitEvent("upgrade").get(0).asText()).isEqualTo("websocket");
      }
      assertThat(client.state().get("transport").asText()).isEqualTo(mode.finalTransport());
      JsonNode answer = client.emitWithAck("echo", Duration.ofSeconds(5), "hello", 42, Map.of("nested", List.of(1)));
      assertThat(answer.get("args").toString()).isEqualTo("[\"hello\",42,{\"nested\":[1]}]");
    }
  }

  @ParameterizedTest
  @EnumSource(TransportMode.class)
  void acknowledgementsBothWaysWithTimeouts(TransportMode mode) throws Exception {
    CompletableFuture<Socket> connected = new CompletableFuture<>();
    try (TestServer server = TestServer.start(io -> io.on("connection", socket -> {
      socket.on("silent", (args, ack) -> { });
      connected.complete(socket);
    }))) {
      JsClient client = connect(server, "/", mode);
      Socket socket = connected.get(5, TimeUnit.SECONDS);

      JsonNode timedOut = client.emitWithAck("silent", Duration.ofMillis(300));
      assertThat(timedOut.path("error").asText()).isEqualTo("operation has timed out");

      client.ackReplyFor("question", "answer", 7);
      Args answer = socket.timeout(Duration.ofSeconds(5)).emitWithAck("question", "q").get(5, TimeUnit.SECONDS);
      assertThat(answer.string(0)).isEqualTo("answer");
      assertThat(answer.get(1, Integer.class)).isEqualTo(7);
      assertThat(client.awaitEvent("question").get(0).asText()).isEqualTo("q");

      client.neverAck("ignored");
      AtomicReference<Throwable> error = new AtomicReference<>();
      socket.timeout(Duration.ofMillis(300)).emitWithAck("ignored", (e, response) -> error.set(e));
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(error.get()).isInstanceOf(AckTimeoutException.class));
    }
  }

  @ParameterizedTest
  @EnumSource(TransportMode.class)
  void binaryAttachmentsBothWaysNestedAndInAcks(TransportMode mode) throws Exception {
    CompletableFuture<Args> received = new CompletableFuture<>();
    try (TestServer server = TestServer.start(io -> io.on("connection", socket -> {
      socket.on("upload", (args, ack) -> {
        received.complete(args);
        ack.send(Map.of("copy", args.get(0, Payload.class).file, "label", "ok"), new byte[] {9, 8});
      });
      socket.emit("download", Map.of("parts", List.of(new byte[] {1, 2, 3}, Map.of("deep", new byte[] {4}))));
    }))) {
      JsClient client = node.connect(server.url("/"), mode.options());
      JsonNode download = client.awaitEvent("download");
      JsonNode parts = download.get(0).get("parts");
      assertThat(Values.bytes(parts.get(0))).containsExactly(1, 2, 3);
      assertThat(Values.bytes(parts.get(1).get("deep"))).containsExactly(4);

      JsonNode ack = client.emitWithAck("upload", Duration.ofSeconds(5),
          Map.of("name", "a.bin", "file", new byte[] {5, 6, 7}), new byte[] {0});
      Args args = received.get(5, TimeUnit.SECONDS);
      assertThat(args.get(0, Payload.class).file).containsExactly(5, 6, 7);
      assertThat(args.bytes(1)).containsExactly(0);
      assertThat(Values.bytes(ack.get("args").get(0).get("copy"))).containsExactly(5, 6, 7);
      assertThat(Values.bytes(ack.get("args").get(1))).containsExactly(9, 8);
    }
  }

  /** A payload with a binary field, bound by Jackson. */
  public static final class Payload {
    public String name;
    public byte[] file;
  }

  @ParameterizedTest
  @EnumSource(TransportMode.class)
  void namespacesShareOneConnection(TransportMode mode) {
    try (TestServer server = TestServer.start(io -> {
      io.on("connection", socket -> socket.emit("where", "main"));
      io.of("/admin").on("connection", socket -> socket.emit("where", "admin"));
    })) {
      JsClient main = node.connectShared("m-" + mode, server.url("/"), "/", mode.options());
      JsClient admin = node.connectShared("m-" + mode, server.url("/"), "/admin", mode.options());
      assertThat(main.awaitEvent("where").get(0).asText()).isEqualTo("main");
      assertThat(admin.awaitEvent("where").get(0).asText()).isEqualTo("admin");
      assertThat(server.io.engine().clientsCount()).isEqualTo(1);
      assertThat(server.io.of("/admin").sockets()).hasSize(1);
      assertThat(server.io.sockets()).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportMode.class)
  void roomBroadcastsWithSeveralRoomsAndExceptions(TransportMode mode) {
    try (TestServer server = TestServer.start(io -> io.on("connection", socket ->
        socket.on("join", (args, ack) -> {
          args.nodes().forEach(room -> socket.join(room.asText()));
          ack.send();
        })))) {
      JsClient a = connect(server, "/", mode);
      JsClient b = connect(server, "/", mode);
      JsClient c = connect(server, "/", mode);
      JsClient d = connect(server, "/", mode);
      a.emitWithAck("join", Duration.ofSeconds(5), "red", "blue");
      b.emitWithAck("join", Duration.ofSeconds(5), "blue");
      c.emitWithAck("join", Duration.ofSeconds(5), "red", "muted");
      d.emitWithAck("join", Duration.ofSeconds(5), "green");

      server.io.to("red").to("blue").except("muted").emit("news", 1);
      server.io.to("green").emit("news", 2);
      assertThat(a.awaitEvent("news").get(0).asInt()).isEqualTo(1);
      assertThat(b.awaitEvent("news").get(0).asInt()).isEqualTo(1);
      assertThat(d.awaitEvent("news").get(0).asInt()).isEqualTo(2);
      // a marker sent after the broadcasts arrives after them: nothing else came before it
      server.io.emit("marker");
      for (JsClient client : List.of(a, b, c, d)) {
        client.awaitEvent("marker");
        assertThat(client.events("news")).hasSize(client == c ? 0 : 1);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TransportMode.class)
  void volatileEventsReachReadyClients(TransportMode mode) {
    try (TestServer server = TestServer.start(io -> io.on("connection", socket ->
        socket.on("tick", (args, ack) -> socket.asVolatile().emit("tock", args.toArray()))))) {
      JsClient client = connect(server, "/", mode);
      // a volatile packet may be dropped, on either side, while its transport is busy: while a polling client has
      // no GET waiting (right after one returned) or while the client upgrades, as in the reference; so each is
      // emitted until one gets through, which is what "reaches ready clients" means
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
        client.emitVolatile("tick", 1);
        return !client.events("tock").isEmpty();
      });
      assertThat(client.events("tock").get(0).args().get(0).asInt()).isEqualTo(1);
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
        server.io.asVolatile().emit("broadcast-tock", 2);
        return !client.events("broadcast-tock").isEmpty();
      });
      assertThat(client.events("broadcast-tock").get(0).args().get(0).asInt()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportMode.class)
  void middlewareErrorsReachTheClientWithData(TransportMode mode) {
    try (TestServer server = TestServer.start(io -> io.of("/private").use((socket, next) -> {
      if ("secret".equals(socket.handshake().auth().path("token").asText())) {
        next.proceed();
      } else {
        next.reject(new ConnectError("unauthorized", Map.of("reason", "bad token", "code", 401)));
      }
    }).on("connection", socket -> socket.emit("inside")))) {
      JsClient refused = node.connect(server.url("/private"), mode.with(Map.of("auth", Map.of("token", "nope"))));
      JsonNode error = refused.awaitEvent("connect_error");
      assertThat(error.get(0).asText()).isEqualTo("unauthorized");
      assertThat(error.get(1).toString()).isIn("{\"reason\":\"bad token\",\"code\":401}",
          "{\"code\":401,\"reason\":\"bad token\"}");

      JsClient accepted = node.connect(server.url("/private"), mode.with(Map.of("auth", Map.of("token", "secret"))));
      accepted.awaitEvent("inside");
    }
  }

  @ParameterizedTest
  @EnumSource(TransportMode.class)
  void catchAllListenersSeeIncomingAndOutgoingEvents(TransportMode mode) {
    List<String> incoming = new CopyOnWriteArrayList<>();
    List<String> outgoing = new CopyOnWriteArrayList<>();
    try (TestServer server = TestServer.start(io -> io.on("connection", socket -> {
      socket.onAny((event, args) -> incoming.add(event + args));
      socket.prependAny((event, args) -> incoming.add("first:" + event));
      socket.onAnyOutgoing((event, args) -> outgoing.add(event + args));
      socket.on("ping-me", (args, ack) -> socket.emit("pong-you", "x"));
    }))) {
      JsClient client = connect(server, "/", mode);
      client.emit("ping-me", 1, "two");
      client.awaitEvent("pong-you");
      server.io.emit("everyone", true);
      client.awaitEvent("everyone");
      assertThat(incoming).containsExactly("first:ping-me", "ping-me[1,\"two\"]");
      assertThat(outgoing).containsExactly("pong-you[\"x\"]", "everyone[true]");
    }
  }

  @ParameterizedTest
  @EnumSource(TransportMode.class)
  void disconnectReasonsOnBothSides(TransportMode mode) throws Exception {
    List<String> serverReasons = new CopyOnWriteArrayList<>();
    CompletableFuture<Socket> kick = new CompletableFuture<>();
    CompletableFuture<Socket> kickAll = new CompletableFuture<>();
    try (TestServer server = TestServer.start(io -> io.on("connection", socket -> {
      socket.onDisconnect((reason, detail) -> serverReasons.add(reason.description()));
      socket.on("kick-me", (a, ack) -> kick.complete(socket));
      socket.on("close-me", (a, ack) -> kickAll.complete(socket));
    }))) {
      JsClient leaving = connect(server, "/", mode);
      leaving.disconnect();
      await().atMost(Duration.ofSeconds(5)).until(() -> serverReasons.contains("client namespace disconnect"));

      JsClient kicked = connect(server, "/", mode);
      kicked.emit("kick-me");
      kick.get(5, TimeUnit.SECONDS).disconnect(false);
      assertThat(kicked.awaitEvent("disconnect").get(0).asText()).isEqualTo("io server disconnect");
      await().atMost(Duration.ofSeconds(5)).until(() -> serverReasons.contains("server namespace disconnect"));

      JsClient closed = connect(server, "/", mode);
      closed.emit("close-me");
      kickAll.get(5, TimeUnit.SECONDS).disconnect(true);
      assertThat(closed.awaitEvent("disconnect").get(0).asText()).isEqualTo("io server disconnect");

      JsClient dropped = connect(server, "/", mode);
      dropped.closeEngine();
      await().atMost(Duration.ofSeconds(5)).until(() -> serverReasons.contains("transport close"));

      JsClient shutDown = connect(server, "/", mode);
      server.close();
      assertThat(shutDown.awaitEvent("disconnect").get(0).asText()).isEqualTo("transport close");
      await().atMost(Duration.ofSeconds(5)).until(() -> serverReasons.contains("server shutting down"));
    }
  }

  @ParameterizedTest
  @EnumSource(TransportMode.class)
  void reconnectsAfterTheServerRestarts(TransportMode mode) throws ExecutionException, InterruptedException {
    TestServer first = TestServer.start(io -> io.on("connection", socket -> socket.emit("hello", "first")));
    int port = first.port();
    JsClient client = node.connect(first.url("/"), mode.with(Map.of("reconnection", true,
        "reconnectionDelay", 100, "reconnectionDelayMax", 200)));
    assertThat(client.awaitEvent("hello").get(0).asText()).isEqualTo("first");
    first.close();
    client.awaitEvent("disconnect");
    try (TestServer second = TestServer.start(o -> o.port(port),
        io -> io.on("connection", socket -> socket.emit("hello", "second")))) {
      assertThat(client.awaitEvent("hello", Duration.ofSeconds(15)).get(0).asText()).isEqualTo("second");
      client.awaitEvent("reconnect");
      assertThat(second.io.sockets()).hasSize(1);
      client.disconnect();
    }
  }
}
