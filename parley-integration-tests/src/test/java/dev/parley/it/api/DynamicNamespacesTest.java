package dev.parley.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.socketio.server.Args;
import dev.parley.socketio.server.ConnectError;
import dev.parley.socketio.server.Namespace;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.SocketIoServer;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Namespaces created on demand: {@code io.of(Pattern)} and {@code io.of(NamespaceFilter)}. */
@Timeout(60)
class DynamicNamespacesTest {
  private static final Map<String, Object> WEBSOCKET = Map.of("transports", List.of("websocket"));
  private static JsClientDriver node;

  @BeforeAll
  static void startNode() {
    node = JsClientDriver.start();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @Test
  void aPatternCreatesMatchingNamespacesOnTheirFirstConnection() throws Exception {
    List<String> created = new CopyOnWriteArrayList<>();
    Namespace[] teams = new Namespace[1];
    try (Server server = Server.start(io -> {
      io.onNewNamespace(nsp -> created.add(nsp.name()));
      teams[0] = io.of(Pattern.compile("/team-\\d+")).on("connection", socket -> {
        socket.on("where", (args, ack) -> ack.send(socket.namespace().name()));
        socket.emit("welcome", socket.namespace().name());
      });
    })) {
      assertThat(created).as("the main namespace exists before any listener").isEmpty();
      JsClient one = connect(server, "/team-1");
      JsClient two = connect(server, "/team-22");
      assertThat(one.awaitEvent("welcome").get(0).asText()).isEqualTo("/team-1");
      assertThat(two.awaitEvent("welcome").get(0).asText()).isEqualTo("/team-22");
      assertThat(two.emitWithAck("where", Duration.ofSeconds(5)).get("args").get(0).asText()).isEqualTo("/team-22");
      assertThat(created).containsExactlyInAnyOrder("/team-1", "/team-22");

      // a second client of an existing child joins it, without creating it again
      JsClient oneAgain = connect(server, "/team-1");
      oneAgain.awaitEvent("welcome");
      assertThat(created).containsExactlyInAnyOrder("/team-1", "/team-22");
      assertThat(server.io.of("/team-1").sockets()).hasSize(2);
      assertThat(teams[0].sockets()).hasSize(3);

      // names the pattern does not match (in full) are refused
      for (String name : List.of("/team-x", "/team-1/sub", "/other")) {
        JsClient lost = node.connect(server.url(name), WEBSOCKET);
        assertThat(lost.awaitEvent("connect_error").get(0).asText()).as(name).isEqualTo("Invalid namespace");
        assertThat(lost.events("connect")).isEmpty();
      }
      assertThat(created).containsExactlyInAnyOrder("/team-1", "/team-22");
    }
  }

  @Test
  void broadcastingOnTheGroupReachesEveryChildAndAChildOnlyItself() throws Exception {
    Namespace[] teams = new Namespace[1];
    try (Server server = Server.start(io -> teams[0] = io.of(Pattern.compile("/team-\\d+"))
        .on("connection", socket -> {
          socket.join("members");
          socket.emit("welcome");
        }))) {
      JsClient one = connect(server, "/team-1");
      JsClient two = connect(server, "/team-2");
      JsClient main = node.connect(server.url("/"), WEBSOCKET);
      one.awaitEvent("welcome");
      two.awaitEvent("welcome");
      main.awaitEvent("connect");

      teams[0].emit("to-all-teams", 1);
      assertThat(one.awaitEvent("to-all-teams").get(0).asInt()).isEqualTo(1);
      assertThat(two.awaitEvent("to-all-teams").get(0).asInt()).isEqualTo(1);

      teams[0].to("members").emit("to-members", 2);
      one.awaitEvent("to-members");
      two.awaitEvent("to-members");

      server.io.of("/team-2").emit("to-team-2", 3);
      two.awaitEvent("to-team-2");

      // markers sent after the broadcasts arrive after them: nothing else came before
      server.io.emit("marker");
      teams[0].emit("marker");
      for (JsClient client : List.of(one, two, main)) {
        client.awaitEvent("marker");
      }
      assertThat(one.events("to-team-2")).isEmpty();
      assertThat(main.events("to-all-teams")).isEmpty();
      assertThat(main.events("to-members")).isEmpty();

      // the group's fetchSockets and emitWithAck span the children
      assertThat(teams[0].fetchSockets().get(5, TimeUnit.SECONDS)).hasSize(2);
      one.ackReplyFor("count-off", "one");
      two.ackReplyFor("count-off", "two");
      List<Args> answers = teams[0].timeout(Duration.ofSeconds(5)).emitWithAck("count-off")
          .get(5, TimeUnit.SECONDS);
      assertThat(answers).extracting(a -> a.string(0)).containsExactlyInAnyOrder("one", "two");
    }
  }

  @Test
  void aFilterDecidesFromTheNameAndTheAuthPayloadEvenLater() throws Exception {
    try (Server server = Server.start(io -> io.of((name, auth) ->
        // answered later, from another thread, as a lookup in a database would be
        CompletableFuture.supplyAsync(() -> name.startsWith("/room-")
            && auth.path("key").asText().equals(name.substring("/room-".length())),
            CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)))
        .on("connection", socket -> socket.emit("welcome", socket.namespace().name())))) {
      JsClient allowed = node.connect(server.url("/room-blue"), Map.of("transports", List.of("websocket"),
          "auth", Map.of("key", "blue")));
      assertThat(allowed.awaitEvent("welcome").get(0).asText()).isEqualTo("/room-blue");

      JsClient wrongKey = node.connect(server.url("/room-red"), Map.of("transports", List.of("websocket"),
          "auth", Map.of("key", "blue")));
      assertThat(wrongKey.awaitEvent("connect_error").get(0).asText()).isEqualTo("Invalid namespace");
      JsClient noKey = node.connect(server.url("/room-red"), WEBSOCKET);
      assertThat(noKey.awaitEvent("connect_error").get(0).asText()).isEqualTo("Invalid namespace");

      // refused, the namespace was not created; accepted later, it is
      JsClient rightKey = node.connect(server.url("/room-red"), Map.of("transports", List.of("websocket"),
          "auth", Map.of("key", "red")));
      assertThat(rightKey.awaitEvent("welcome").get(0).asText()).isEqualTo("/room-red");
    }
  }

  @Test
  void aFailingFilterRefusesAndTheNextGroupIsTried() throws Exception {
    try (Server server = Server.start(io -> {
      io.of((name, auth) -> CompletableFuture.failedFuture(new IllegalStateException("lookup failed")));
      io.of(Pattern.compile("/fallback-.*")).on("connection", socket -> socket.emit("welcome", "fallback"));
    })) {
      assertThat(connect(server, "/fallback-1").awaitEvent("welcome").get(0).asText()).isEqualTo("fallback");
      JsClient lost = node.connect(server.url("/elsewhere"), WEBSOCKET);
      assertThat(lost.awaitEvent("connect_error").get(0).asText()).isEqualTo("Invalid namespace");
    }
  }

  @Test
  void theGroupsMiddlewaresGuardEveryChild() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Server server = Server.start(io -> io.of(Pattern.compile("/shop-\\w+")).use((socket, next) -> {
      seen.add(socket.namespace().name());
      if (socket.handshake().auth().path("token").asText().equals("ok")) {
        next.proceed();
      } else {
        next.reject(new ConnectError("not allowed", Map.of("nsp", socket.namespace().name())));
      }
    }).on("connection", socket -> socket.emit("welcome")))) {
      JsClient refused = node.connect(server.url("/shop-a"), WEBSOCKET);
      JsonNode error = refused.awaitEvent("connect_error");
      assertThat(error.get(0).asText()).isEqualTo("not allowed");
      assertThat(error.get(1).get("nsp").asText()).isEqualTo("/shop-a");

      JsClient accepted = node.connect(server.url("/shop-b"), Map.of("transports", List.of("websocket"),
          "auth", Map.of("token", "ok")));
      accepted.awaitEvent("welcome");
      assertThat(seen).containsExactly("/shop-a", "/shop-b");
    }
  }

  @Test
  void emptyChildrenAreRemovedWhenCleanupIsOn() throws Exception {
    List<String> created = new CopyOnWriteArrayList<>();
    Namespace[] group = new Namespace[1];
    try (Server server = Server.start(o -> o.cleanupEmptyChildNamespaces(true), io -> {
      io.onNewNamespace(nsp -> created.add(nsp.name()));
      group[0] = io.of(Pattern.compile("/tmp-\\d+")).on("connection", socket -> socket.emit("welcome"));
    })) {
      JsClient first = connect(server, "/tmp-1");
      first.awaitEvent("welcome");
      first.disconnect();
      await().atMost(Duration.ofSeconds(5)).until(() -> group[0].sockets().isEmpty());
      // the child went with its last socket: the next connection creates it anew
      connect(server, "/tmp-1").awaitEvent("welcome");
      assertThat(created).containsExactly("/tmp-1", "/tmp-1");
    }
  }

  @Test
  void emptyChildrenStayByDefault() throws Exception {
    List<String> created = new CopyOnWriteArrayList<>();
    Namespace[] group = new Namespace[1];
    try (Server server = Server.start(io -> {
      io.onNewNamespace(nsp -> created.add(nsp.name()));
      group[0] = io.of(Pattern.compile("/tmp-\\d+")).on("connection", socket -> socket.emit("welcome"));
    })) {
      JsClient first = connect(server, "/tmp-1");
      first.awaitEvent("welcome");
      first.disconnect();
      await().atMost(Duration.ofSeconds(5)).until(() -> group[0].sockets().isEmpty());
      connect(server, "/tmp-1").awaitEvent("welcome");
      assertThat(created).containsExactly("/tmp-1");
    }
  }

  // ---- helpers ----

  private static JsClient connect(Server server, String nsp) {
    return node.connect(server.url(nsp), WEBSOCKET);
  }

  /** A Parley server on a free loopback port. */
  private record Server(SocketIoServer io, int port) implements AutoCloseable {
    static Server start(Consumer<ServerOptions.Builder> options, Consumer<SocketIoServer> setup) {
      ServerOptions.Builder builder = ServerOptions.builder().host("127.0.0.1").port(0);
      options.accept(builder);
      SocketIoServer io = SocketIoServer.create(builder.build());
      setup.accept(io);
      return new Server(io, io.start().getPort());
    }

    static Server start(Consumer<SocketIoServer> setup) {
      return start(o -> { }, setup);
    }

    String url(String nsp) {
      return "http://127.0.0.1:" + port + nsp;
    }

    @Override
    public void close() {
      io.close(Duration.ofMillis(500));
    }
  }
}
