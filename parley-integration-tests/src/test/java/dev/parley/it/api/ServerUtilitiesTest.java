package dev.parley.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.socketio.server.AckTimeoutException;
import dev.parley.socketio.server.Args;
import dev.parley.socketio.server.DisconnectReason;
import dev.parley.socketio.server.RemoteSocket;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.Socket;
import dev.parley.socketio.server.SocketIoServer;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server's utility methods on real connections (the official JavaScript client): fetchSockets, socketsJoin,
 * socketsLeave, disconnectSockets, the actions of a {@link RemoteSocket}, and broadcasts that collect
 * acknowledgements.
 */
@Timeout(60)
class ServerUtilitiesTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
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

  /** The application's data on a socket. */
  public record Profile(String name, int level) {}

  /**
   * Three clients, "ann", "bob" and "cid", each with a profile and rooms: ann in red and blue, bob in red, cid in
   * blue. Each client receives "ready" once its socket is set up.
   */
  private static final Map<String, List<String>> ROOMS = Map.of("ann", List.of("red", "blue"), "bob",
      List.of("red"), "cid", List.of("blue"));

  private record Fixture(Server server, Map<String, JsClient> clients, Map<String, Socket> sockets) {
    JsClient client(String name) {
      return clients.get(name);
    }
  }

  private static Fixture threeClients(Consumer<Socket> extra) {
    Map<String, Socket> sockets = new ConcurrentHashMap<>();
    Server server = Server.start(io -> io.on("connection", socket -> {
      String name = socket.handshake().auth().path("name").asText();
      socket.data(new Profile(name, name.length()));
      socket.join(ROOMS.get(name));
      extra.accept(socket);
      sockets.put(name, socket);
      socket.emit("ready");
    }));
    Map<String, JsClient> clients = new ConcurrentHashMap<>();
    for (String name : List.of("ann", "bob", "cid")) {
      JsClient client = node.connect(server.url("/"), Map.of("transports", List.of("websocket"),
          "auth", Map.of("name", name), "query", Map.of("who", name)));
      client.awaitEvent("ready");
      clients.put(name, client);
    }
    return new Fixture(server, clients, sockets);
  }

  @Test
  void fetchSocketsReportsIdsRoomsHandshakeAndData() throws Exception {
    Fixture f = threeClients(socket -> { });
    try (Server server = f.server) {
      List<RemoteSocket> all = server.io.fetchSockets().get(5, TimeUnit.SECONDS);
      assertThat(all).extracting(RemoteSocket::id).containsExactlyInAnyOrder(
          f.sockets.get("ann").id(), f.sockets.get("bob").id(), f.sockets.get("cid").id());

      for (RemoteSocket remote : all) {
        Profile profile = remote.data(Profile.class);
        Socket local = f.sockets.get(profile.name());
        assertThat(remote.id()).isEqualTo(local.id())
            .isEqualTo(f.client(profile.name()).state().get("id").asText());
        Set<String> expectedRooms = new java.util.HashSet<>(ROOMS.get(profile.name()));
        expectedRooms.add(remote.id());
        assertThat(remote.rooms()).isEqualTo(expectedRooms);
        assertThat(remote.handshake().auth().get("name").asText()).isEqualTo(profile.name());
        assertThat(remote.handshake().query()).containsEntry("who", profile.name()).containsEntry("EIO", "4");
        assertThat(remote.handshake().address()).isEqualTo("127.0.0.1");
        assertThat(remote.handshake().header("host")).isEqualTo("127.0.0.1:" + server.port);
        assertThat(remote.data().get("level").asInt()).isEqualTo(profile.name().length());
      }

      assertThat(names(server.io.in("red").fetchSockets().get(5, TimeUnit.SECONDS))).containsOnly("ann", "bob");
      assertThat(names(server.io.in("red").except("blue").fetchSockets().get(5, TimeUnit.SECONDS)))
          .containsOnly("bob");
      assertThat(names(server.io.in(f.sockets.get("cid").id()).fetchSockets().get(5, TimeUnit.SECONDS)))
          .containsOnly("cid");
      assertThat(server.io.in("nobody").fetchSockets().get(5, TimeUnit.SECONDS)).isEmpty();
      assertThat(server.io.of("/empty").fetchSockets().get(5, TimeUnit.SECONDS)).isEmpty();

      // a snapshot: later changes do not show in sockets fetched before
      RemoteSocket bob = byName(all, "bob");
      f.sockets.get("bob").join("green");
      assertThat(bob.rooms()).doesNotContain("green");
      assertThat(byName(server.io.fetchSockets().get(5, TimeUnit.SECONDS), "bob").rooms()).contains("green");
    }
  }

  @Test
  void socketsJoinAndSocketsLeaveChangeTheRoomsOfTheTargetedSockets() throws Exception {
    Fixture f = threeClients(socket -> { });
    try (Server server = f.server) {
      server.io.in("red").socketsJoin("green", "gold");
      assertThat(f.sockets.get("ann").rooms()).contains("green", "gold");
      assertThat(f.sockets.get("bob").rooms()).contains("green", "gold");
      assertThat(f.sockets.get("cid").rooms()).doesNotContain("green", "gold");
      assertReceivers(f, server.io.to("green")::emit, "ann", "bob");

      server.io.socketsJoin("everyone");
      assertReceivers(f, server.io.to("everyone")::emit, "ann", "bob", "cid");

      server.io.in("blue").socketsLeave("red", "green");
      assertThat(f.sockets.get("ann").rooms()).doesNotContain("red", "green").contains("blue", "gold");
      assertThat(f.sockets.get("bob").rooms()).contains("red", "green");
      assertReceivers(f, server.io.to("red")::emit, "bob");

      server.io.socketsLeave("everyone");
      assertThat(server.io.in("everyone").fetchSockets().get(5, TimeUnit.SECONDS)).isEmpty();
    }
  }

  @Test
  void remoteSocketActionsReachTheirSocketOnly() throws Exception {
    Fixture f = threeClients(socket -> { });
    try (Server server = f.server) {
      RemoteSocket bob = byName(server.io.fetchSockets().get(5, TimeUnit.SECONDS), "bob");

      bob.emit("direct", "for bob", Map.of("n", 1));
      JsonNode direct = f.client("bob").awaitEvent("direct");
      assertThat(direct.toString()).isEqualTo("[\"for bob\",{\"n\":1}]");

      bob.join("vip", "lounge");
      assertThat(f.sockets.get("bob").rooms()).contains("vip", "lounge");
      assertReceivers(f, server.io.to("vip")::emit, "bob");
      bob.leave("vip");
      assertThat(f.sockets.get("bob").rooms()).doesNotContain("vip").contains("lounge");

      bob.disconnect(false);
      assertThat(f.client("bob").awaitEvent("disconnect").get(0).asText()).isEqualTo("io server disconnect");
      await().atMost(WAIT).until(() -> !server.io.sockets().containsKey(bob.id()));
      assertThat(server.io.sockets()).hasSize(2);
      assertThat(f.client("ann").events("disconnect")).isEmpty();
    }
  }

  @Test
  void disconnectSocketsWithoutCloseKeepsTheConnectionAndItsOtherNamespaces() throws Exception {
    Map<String, DisconnectReason> reasons = new ConcurrentHashMap<>();
    try (Server server = Server.start(io -> {
      io.on("connection", socket -> {
        socket.onDisconnect((reason, detail) -> reasons.put("main", reason));
        socket.emit("ready");
      });
      io.of("/side").on("connection", socket -> {
        socket.onDisconnect((reason, detail) -> reasons.put("side", reason));
        socket.emit("ready");
      });
    })) {
      JsClient main = node.connectShared("keep", server.url("/"), "/", WEBSOCKET);
      JsClient side = node.connectShared("keep", server.url("/"), "/side", WEBSOCKET);
      main.awaitEvent("ready");
      side.awaitEvent("ready");
      assertThat(server.io.engine().clientsCount()).isEqualTo(1);

      server.io.disconnectSockets(false);
      assertThat(main.awaitEvent("disconnect").get(0).asText()).isEqualTo("io server disconnect");
      await().atMost(WAIT).until(() -> reasons.get("main") == DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
      // the connection and the other namespace live on
      assertThat(server.io.engine().clientsCount()).isEqualTo(1);
      assertThat(side.state().get("connected").asBoolean()).isTrue();
      server.io.of("/side").emit("still-here");
      side.awaitEvent("still-here");
      assertThat(reasons).doesNotContainKey("side");
    }
  }

  @Test
  void disconnectSocketsWithCloseClosesTheirConnections() throws Exception {
    try (Server server = Server.start(io -> {
      io.on("connection", socket -> {
        socket.join(socket.handshake().auth().path("room").asText());
        socket.emit("ready");
      });
      io.of("/side").on("connection", socket -> socket.emit("ready"));
    })) {
      JsClient main = node.connectShared("close", server.url("/"), "/", Map.of("transports", List.of("websocket"),
          "auth", Map.of("room", "doomed")));
      JsClient side = node.connectShared("close", server.url("/"), "/side", WEBSOCKET);
      JsClient other = node.connect(server.url("/"), Map.of("transports", List.of("websocket"),
          "auth", Map.of("room", "safe")));
      main.awaitEvent("ready");
      side.awaitEvent("ready");
      other.awaitEvent("ready");
      assertThat(server.io.engine().clientsCount()).isEqualTo(2);

      server.io.in("doomed").disconnectSockets(true);
      assertThat(main.awaitEvent("disconnect").get(0).asText()).isEqualTo("io server disconnect");
      // closing the connection takes the other namespace on it along
      assertThat(side.awaitEvent("disconnect").get(0).asText()).isIn("io server disconnect", "transport close");
      await().atMost(WAIT).until(() -> server.io.engine().clientsCount() == 1);
      assertThat(other.state().get("connected").asBoolean()).isTrue();
      assertThat(other.events("disconnect")).isEmpty();
    }
  }

  @Test
  void broadcastWithAckCollectsEveryAnswer() throws Exception {
    Fixture f = threeClients(socket -> { });
    try (Server server = f.server) {
      f.clients.forEach((name, client) -> client.ackReplyFor("poll", name, name.length()));
      List<Args> answers = server.io.timeout(Duration.ofSeconds(5)).emitWithAck("poll", "question")
          .get(5, TimeUnit.SECONDS);
      assertThat(answers).extracting(a -> a.string(0)).containsExactlyInAnyOrder("ann", "bob", "cid");
      assertThat(answers).extracting(a -> a.get(1, Integer.class)).containsOnly(3);
      f.clients.values().forEach(c -> assertThat(c.awaitEvent("poll").get(0).asText()).isEqualTo("question"));

      List<Args> red = server.io.to("red").timeout(Duration.ofSeconds(5)).emitWithAck("poll")
          .get(5, TimeUnit.SECONDS);
      assertThat(red).extracting(a -> a.string(0)).containsExactlyInAnyOrder("ann", "bob");

      // from a socket: the others only
      List<Args> others = f.sockets.get("ann").broadcast().timeout(Duration.ofSeconds(5)).emitWithAck("poll")
          .get(5, TimeUnit.SECONDS);
      assertThat(others).extracting(a -> a.string(0)).containsExactlyInAnyOrder("bob", "cid");

      // nobody targeted: done at once, with no answer
      assertThat(server.io.to("nobody").timeout(Duration.ofSeconds(5)).emitWithAck("poll")
          .get(1, TimeUnit.SECONDS)).isEmpty();
    }
  }

  @Test
  void broadcastWithAckFailsWhenOneReceiverStaysSilent() throws Exception {
    Fixture f = threeClients(socket -> { });
    try (Server server = f.server) {
      f.client("bob").neverAck("poll");
      long start = System.nanoTime();
      CompletableFuture<List<Args>> result = server.io.timeout(Duration.ofMillis(500)).emitWithAck("poll");
      assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(AckTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
      assertThat(f.client("bob").awaitEvent("poll")).isNotNull();

      // the others answered; without bob it completes
      List<Args> answers = server.io.except(f.sockets.get("bob").id()).timeout(Duration.ofMillis(500))
          .emitWithAck("poll").get(5, TimeUnit.SECONDS);
      assertThat(answers).hasSize(2);
    }
  }

  // ---- helpers ----

  /** Emits "probe" through {@code emit}, then a marker to everyone, and checks exactly {@code names} got the probe. */
  private static void assertReceivers(Fixture f, Emit emit, String... names) {
    String probe = "probe-" + System.nanoTime();
    emit.emit(probe);
    f.server.io.emit("marker-" + probe);
    for (Map.Entry<String, JsClient> e : f.clients.entrySet()) {
      e.getValue().awaitEvent("marker-" + probe);
      boolean expected = List.of(names).contains(e.getKey());
      assertThat(e.getValue().events(probe)).as("%s received %s", e.getKey(), probe).hasSize(expected ? 1 : 0);
    }
  }

  @FunctionalInterface
  private interface Emit {
    void emit(String event, Object... args);
  }

  private static List<String> names(List<RemoteSocket> sockets) {
    return sockets.stream().map(s -> s.data(Profile.class).name()).collect(Collectors.toCollection(ArrayList::new));
  }

  private static RemoteSocket byName(List<RemoteSocket> sockets, String name) {
    return sockets.stream().filter(s -> s.data(Profile.class).name().equals(name)).findFirst().orElseThrow();
  }

  /** A Parley server on a free loopback port. */
  private record Server(SocketIoServer io, int port) implements AutoCloseable {
    static Server start(Consumer<SocketIoServer> setup) {
      SocketIoServer io = SocketIoServer.create(ServerOptions.builder().host("127.0.0.1").port(0).build());
      setup.accept(io);
      return new Server(io, io.start().getPort());
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
