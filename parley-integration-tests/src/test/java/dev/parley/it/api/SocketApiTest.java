package dev.parley.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.socketio.server.AckTimeoutException;
import dev.parley.socketio.server.Args;
import dev.parley.socketio.server.DisconnectReason;
import dev.parley.socketio.server.EventHandler;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.Socket;
import dev.parley.socketio.server.SocketDisconnectedException;
import dev.parley.socketio.server.SocketIoServer;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link Socket} API against the official JavaScript client: per-packet middlewares and error listeners,
 * once/off, reserved event names, typed data, pending acknowledgements at disconnection, and graceful shutdown.
 */
@Timeout(60)
class SocketApiTest {
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

  @Test
  void aPacketMiddlewareRejectsAnEventAndReportsItToOnError() throws Exception {
    List<String> handled = new CopyOnWriteArrayList<>();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    try (Server server = Server.start(io -> io.on("connection", socket -> {
      socket.use((event, args, next) -> {
        if (event.startsWith("admin:") && !"root".equals(args.string(0))) {
          next.reject(new SecurityException("forbidden: " + event));
        } else {
          next.proceed();
        }
      });
      socket.use((event, args, next) -> {
        if (event.equals("explode")) {
          throw new IllegalStateException("middleware failed");
        }
        next.proceed();
      });
      socket.onError(errors::add);
      for (String event : List.of("admin:wipe", "explode", "hello")) {
        socket.on(event, (args, ack) -> {
          handled.add(event + " " + args);
          ack.send("done");
        });
      }
    }))) {
      JsClient client = connect(server);
      // refused: no handler runs and no acknowledgement comes back
      assertThat(client.emitWithAck("admin:wipe", Duration.ofMillis(300), "guest").path("error").asText())
          .isEqualTo("operation has timed out");
      assertThat(client.emitWithAck("explode", Duration.ofMillis(300)).path("error").asText())
          .isEqualTo("operation has timed out");
      // allowed ones pass every middleware and reach their handler
      assertThat(client.emitWithAck("admin:wipe", WAIT, "root").get("args").get(0).asText()).isEqualTo("done");
      assertThat(client.emitWithAck("hello", WAIT, 1).get("args").get(0).asText()).isEqualTo("done");

      assertThat(handled).containsExactly("admin:wipe [\"root\"]", "hello [1]");
      assertThat(errors).hasSize(2);
      assertThat(errors.get(0)).isInstanceOf(SecurityException.class).hasMessage("forbidden: admin:wipe");
      assertThat(errors.get(1)).isInstanceOf(IllegalStateException.class).hasMessage("middleware failed");
      // the socket stays connected
      assertThat(server.io.sockets()).hasSize(1);
    }
  }

  @Test
  void aHandlerExceptionGoesToOnErrorAndTheNextHandlersStillRun() throws Exception {
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    try (Server server = Server.start(io -> io.on("connection", socket -> {
      socket.onError(errors::add);
      socket.on("job", (args, ack) -> {
        throw new IllegalArgumentException("bad job " + args.string(0));
      });
      socket.on("job", (args, ack) -> ack.send("second handler ran"));
    }))) {
      JsClient client = connect(server);
      assertThat(client.emitWithAck("job", WAIT, "x").get("args").get(0).asText()).isEqualTo("second handler ran");
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0)).isInstanceOf(IllegalArgumentException.class).hasMessage("bad job x");
      assertThat(server.io.sockets()).hasSize(1);
    }
  }

  @Test
  void onceAndOff() throws Exception {
    AtomicInteger always = new AtomicInteger();
    AtomicInteger once = new AtomicInteger();
    AtomicInteger removable = new AtomicInteger();
    try (Server server = Server.start(io -> io.on("connection", socket -> {
      EventHandler removableHandler = (args, ack) -> removable.incrementAndGet();
      socket.on("hit", (args, ack) -> always.incrementAndGet());
      socket.once("hit", (args, ack) -> once.incrementAndGet());
      socket.on("hit", removableHandler);
      socket.on("other", (args, ack) -> always.addAndGet(100));
      socket.on("remove-one", (args, ack) -> {
        socket.off("hit", removableHandler);
        ack.send();
      });
      socket.on("remove-all", (args, ack) -> {
        socket.off("hit");
        ack.send();
      });
      socket.on("sync", (args, ack) -> ack.send());
    }))) {
      JsClient client = connect(server);
      client.emit("hit");
      client.emit("hit");
      // a socket's events are handled in order: once this is answered, the hits before it were handled
      client.emitWithAck("sync", WAIT);
      assertThat(once.get()).isEqualTo(1);
      assertThat(always.get()).isEqualTo(2);
      assertThat(removable.get()).isEqualTo(2);

      client.emitWithAck("remove-one", WAIT);
      client.emit("hit");
      client.emitWithAck("sync", WAIT);
      assertThat(always.get()).isEqualTo(3);
      assertThat(removable.get()).isEqualTo(2);

      client.emitWithAck("remove-all", WAIT);
      client.emit("hit");
      client.emit("other");
      client.emitWithAck("sync", WAIT);
      assertThat(always.get()).isEqualTo(103);
      assertThat(once.get()).isEqualTo(1);
    }
  }

  @Test
  void reservedEventNamesAreRefusedOnEveryEmit() throws Exception {
    CompletableFuture<Socket> connected = new CompletableFuture<>();
    try (Server server = Server.start(io -> io.on("connection", connected::complete))) {
      JsClient client = connect(server);
      Socket socket = connected.get(5, TimeUnit.SECONDS);
      socket.join("room");
      for (String reserved : List.of("connect", "connect_error", "disconnect", "disconnecting", "newListener",
          "removeListener")) {
        List<Runnable> emits = List.of(
            () -> socket.emit(reserved, 1),
            () -> socket.emitWithAck(reserved, 1),
            () -> socket.timeout(WAIT).emitWithAck(reserved, (error, answer) -> { }),
            () -> socket.to("room").emit(reserved),
            () -> socket.broadcast().emit(reserved),
            () -> server.io.emit(reserved),
            () -> server.io.to("room").timeout(WAIT).emitWithAck(reserved),
            () -> server.io.of("/other").emit(reserved));
        for (Runnable emit : emits) {
          assertThatThrownBy(emit::run).as(reserved).isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining(reserved);
        }
      }
      // nothing went out: a marker sent now is the first event the client gets
      socket.emit("marker");
      client.awaitEvent("marker");
      assertThat(client.allEvents()).extracting(JsClient.Event::name).containsExactly("connect", "marker");
      assertThat(socket.isConnected()).isTrue();
    }
  }

  /** The application's data on a socket. */
  public record Profile(String name, int level) {}

  @Test
  void socketDataKeepsItsValueAndBindsToOtherTypes() throws Exception {
    CompletableFuture<Socket> connected = new CompletableFuture<>();
    List<Object> initially = new CopyOnWriteArrayList<>();
    try (Server server = Server.start(io -> io.on("connection", socket -> {
      initially.add(String.valueOf(socket.data()));
      initially.add(String.valueOf(socket.data(Profile.class)));
      // set as a map (say, from the auth payload), read as a record
      socket.data(Map.of("name", socket.handshake().auth().path("name").asText(), "level", 1));
      socket.on("level-up", (args, ack) -> {
        Profile p = socket.data(Profile.class);
        socket.data(new Profile(p.name(), p.level() + 1));
        ack.send(socket.data(Profile.class));
      });
      connected.complete(socket);
    }))) {
      JsClient client = node.connect(server.url("/"), Map.of("transports", List.of("websocket"),
          "auth", Map.of("name", "ann")));
      Socket socket = connected.get(5, TimeUnit.SECONDS);
      assertThat(initially).containsExactly("null", "null");
      assertThat(socket.data(Profile.class)).isEqualTo(new Profile("ann", 1));

      assertThat(client.emitWithAck("level-up", WAIT).get("args").get(0).toString())
          .isEqualTo("{\"name\":\"ann\",\"level\":2}");
      Profile stored = socket.data(Profile.class);
      assertThat(stored).isEqualTo(new Profile("ann", 2));
      // kept as set: the same instance back, and other views converted from it
      assertThat(socket.data()).isSameAs(stored);
      assertThat(socket.data(Map.class)).containsEntry("name", "ann").containsEntry("level", 2);
      assertThat(server.io.fetchSockets().get(5, TimeUnit.SECONDS).get(0).data(Profile.class)).isEqualTo(stored);
    }
  }

  @Test
  void pendingAcknowledgementsFailWhenTheSocketDisconnects() throws Exception {
    CompletableFuture<Socket> connected = new CompletableFuture<>();
    List<DisconnectReason> reasons = new CopyOnWriteArrayList<>();
    try (Server server = Server.start(io -> io.on("connection", socket -> {
      socket.onDisconnect((reason, detail) -> reasons.add(reason));
      connected.complete(socket);
    }))) {
      JsClient client = connect(server);
      Socket socket = connected.get(5, TimeUnit.SECONDS);
      client.neverAck("question");

      CompletableFuture<Args> noTimeout = socket.emitWithAck("question", 1);
      CompletableFuture<Args> longTimeout = socket.timeout(Duration.ofSeconds(30)).emitWithAck("question", 2);
      AtomicReference<Throwable> callbackError = new AtomicReference<>();
      socket.emitWithAck("question", (error, answer) -> callbackError.set(error), 3);
      for (int i = 0; i < 3; i++) {
        client.awaitEvent("question");
      }
      assertThat(noTimeout).isNotDone();

      client.disconnect();
      for (CompletableFuture<Args> pending : List.of(noTimeout, longTimeout)) {
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(SocketDisconnectedException.class);
      }
      await().atMost(WAIT).untilAsserted(() ->
          assertThat(callbackError.get()).isInstanceOf(SocketDisconnectedException.class));
      assertThat(reasons).containsExactly(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);

      // emitting with an ack on a disconnected socket fails at once, not after a timeout
      assertThatThrownBy(() -> socket.timeout(Duration.ofSeconds(30)).emitWithAck("late").get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SocketDisconnectedException.class);
    }
  }

  @Test
  void aServerSideDisconnectFailsPendingAcknowledgementsToo() throws Exception {
    CompletableFuture<Socket> connected = new CompletableFuture<>();
    try (Server server = Server.start(io -> io.on("connection", connected::complete))) {
      JsClient client = connect(server);
      Socket socket = connected.get(5, TimeUnit.SECONDS);
      client.neverAck("question");
      CompletableFuture<Args> pending = socket.timeout(Duration.ofSeconds(30)).emitWithAck("question");
      client.awaitEvent("question");
      socket.disconnect(false);
      assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(SocketDisconnectedException.class).isNotInstanceOf(AckTimeoutException.class);
      assertThat(client.awaitEvent("disconnect").get(0).asText()).isEqualTo("io server disconnect");
    }
  }

  @Test
  void aGracefulCloseDeliversWhatWasQueuedThenClosesEveryConnection() throws Exception {
    List<DisconnectReason> reasons = new CopyOnWriteArrayList<>();
    Server server = Server.start(io -> io.on("connection", socket -> {
      socket.onDisconnect((reason, detail) -> reasons.add(reason));
      socket.emit("ready");
    }));
    JsClient overWebSocket = node.connect(server.url("/"), WEBSOCKET);
    JsClient overPolling = node.connect(server.url("/"), Map.of("transports", List.of("polling")));
    overWebSocket.awaitEvent("ready");
    overPolling.awaitEvent("ready");

    server.io.emit("last-words", "bye");
    long start = System.nanoTime();
    server.io.close(Duration.ofSeconds(5));
    // every session closed properly, so the close did not have to wait out its grace period
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));

    for (JsClient client : List.of(overWebSocket, overPolling)) {
      assertThat(client.awaitEvent("disconnect").get(0).asText()).as(client.name()).isEqualTo("transport close");
      List<String> names = client.allEvents().stream().map(JsClient.Event::name).toList();
      assertThat(names).as(client.name()).containsSubsequence("ready", "last-words", "disconnect");
      assertThat(client.events("last-words").get(0).args().get(0).asText()).isEqualTo("bye");
    }
    assertThat(reasons).containsExactly(DisconnectReason.SERVER_SHUTTING_DOWN, DisconnectReason.SERVER_SHUTTING_DOWN);
    assertThat(server.io.engine().clientsCount()).isZero();

    // the port is closed: a new client cannot connect
    JsClient late = node.connect(server.url("/"), WEBSOCKET);
    late.awaitEvent("connect_error");
    assertThat(late.events("connect")).isEmpty();
  }

  // ---- helpers ----

  private static JsClient connect(Server server) {
    JsClient client = node.connect(server.url("/"), WEBSOCKET);
    client.awaitEvent("connect");
    return client;
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
