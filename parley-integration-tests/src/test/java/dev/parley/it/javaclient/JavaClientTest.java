package dev.parley.it.javaclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.server.TransportName;
import dev.parley.socketio.server.Args;
import dev.parley.socketio.server.ConnectError;
import dev.parley.socketio.server.DisconnectReason;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.SocketIoServer;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.Transport;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The official Java client ({@code io.socket:socket.io-client} 2.1) against Parley. */
@Timeout(60)
class JavaClientTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** One HTTP client for every connection, so that its threads can be stopped at the end. */
  private static OkHttpClient http;

  /** How the client connects: WebSocket only, polling first then upgrading to WebSocket, or polling only. */
  enum Mode {
    WEBSOCKET(WebSocket.NAME),
    POLLING(Polling.NAME),
    UPGRADE(Polling.NAME, WebSocket.NAME);

    final String[] transports;

    Mode(String... transports) {
      this.transports = transports;
    }
  }

  @BeforeAll
  static void startHttp() {
    http = new OkHttpClient.Builder().build();
  }

  @AfterAll
  static void stopHttp() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void connectsOnTheRequestedTransportsAndEchoesEvents(Mode mode) throws Exception {
    CompletableFuture<dev.parley.socketio.server.Socket> connected = new CompletableFuture<>();
    try (Server server = Server.start(io -> io.on("connection", socket -> {
      socket.emit("welcome", Map.of("id", socket.id()));
      socket.on("echo", (args, ack) -> ack.send(args.toArray()));
      connected.complete(socket);
    })); JavaClient client = JavaClient.connect(server.url("/"), mode, null)) {
      client.await(Socket.EVENT_CONNECT);
      dev.parley.socketio.server.Socket socket = connected.get(5, TimeUnit.SECONDS);
      JSONObject welcome = (JSONObject) client.await("welcome")[0];
      assertThat(welcome.getString("id")).isEqualTo(socket.id()).isEqualTo(client.socket.id());

      switch (mode) {
        case UPGRADE -> {
          await().atMost(WAIT).until(() -> socket.transport() == TransportName.WEBSOCKET);
          assertThat(client.transports).containsExactly("polling", "websocket");
        }
        case WEBSOCKET -> {
          assertThat(socket.transport()).isEqualTo(TransportName.WEBSOCKET);
          assertThat(client.transports).containsExactly("websocket");
        }
        case POLLING -> {
          assertThat(socket.transport()).isEqualTo(TransportName.POLLING);
          assertThat(client.transports).containsExactly("polling");
        }
      }

      JSONObject nested = new JSONObject();
      nested.put("nested", new JSONArray(List.of(1, "two")));
      Object[] answer = client.emitWithAck("echo", "hello", 42, nested, true);
      assertThat(answer).hasSize(4);
      assertThat(answer[0]).isEqualTo("hello");
      assertThat(answer[1]).isEqualTo(42);
      assertThat(answer[2].toString()).isEqualTo("{\"nested\":[1,\"two\"]}");
      assertThat(answer[3]).isEqualTo(true);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void acknowledgementsBothWays(Mode mode) throws Exception {
    CompletableFuture<dev.parley.socketio.server.Socket> connected = new CompletableFuture<>();
    try (Server server = Server.start(io -> io.on("connection", socket -> {
      socket.on("sum", (args, ack) -> ack.send(args.get(0, Integer.class) + args.get(1, Integer.class), null,
          Map.of("ok", true)));
      socket.on("no-ack-wanted", (args, ack) -> socket.emit("ack-requested", ack.isRequested()));
      connected.complete(socket);
    })); JavaClient client = JavaClient.connect(server.url("/"), mode, null)) {
      // server to client: the client answers the server's emit
      client.socket.on("question", args -> ((Ack) args[args.length - 1]).call("answer", 7));
      client.await(Socket.EVENT_CONNECT);
      dev.parley.socketio.server.Socket socket = connected.get(5, TimeUnit.SECONDS);
      Args reply = socket.timeout(Duration.ofSeconds(5)).emitWithAck("question", "q").get(5, TimeUnit.SECONDS);
      assertThat(reply.string(0)).isEqualTo("answer");
      assertThat(reply.get(1, Integer.class)).isEqualTo(7);

      // client to server: the server answers the client's emit, null and objects included
      Object[] sum = client.emitWithAck("sum", 2, 3);
      assertThat(sum[0]).isEqualTo(5);
      assertThat(sum[1]).isNull();
      assertThat(((JSONObject) sum[2]).getBoolean("ok")).isTrue();

      // an emit without an ack callback asks for none
      client.socket.emit("no-ack-wanted");
      assertThat(client.await("ack-requested")[0]).isEqualTo(false);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void binaryAttachmentsBothWays(Mode mode) throws Exception {
    CompletableFuture<Args> received = new CompletableFuture<>();
    try (Server server = Server.start(io -> io.on("connection", socket -> {
      socket.on("upload", (args, ack) -> {
        received.complete(args);
        ack.send(Map.of("size", args.get(0, Upload.class).file.length), new byte[] {9, 8, 7});
      });
      socket.emit("download", Map.of("name", "d.bin", "parts", List.of(new byte[] {1, 2}, new byte[] {3})));
    })); JavaClient client = JavaClient.connect(server.url("/"), mode, null)) {
      JSONObject download = (JSONObject) client.await("download")[0];
      assertThat(download.getString("name")).isEqualTo("d.bin");
      JSONArray parts = download.getJSONArray("parts");
      assertThat((byte[]) parts.get(0)).containsExactly(1, 2);
      assertThat((byte[]) parts.get(1)).containsExactly(3);

      JSONObject upload = new JSONObject();
      upload.put("name", "u.bin");
      upload.put("file", new byte[] {5, 6, 7, (byte) 0xff});
      Object[] ack = client.emitWithAck("upload", upload, new byte[] {0, 1});
      Args args = received.get(5, TimeUnit.SECONDS);
      assertThat(args.get(0, Upload.class).name).isEqualTo("u.bin");
      assertThat(args.get(0, Upload.class).file).containsExactly(5, 6, 7, 0xff);
      assertThat(args.bytes(1)).containsExactly(0, 1);
      assertThat(((JSONObject) ack[0]).getInt("size")).isEqualTo(4);
      assertThat((byte[]) ack[1]).containsExactly(9, 8, 7);
    }
  }

  /** An uploaded file, bound by Jackson. */
  public static final class Upload {
    public String name;
    public byte[] file;
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void connectsToANamespaceAndIsRefusedAnUnknownOne(Mode mode) throws Exception {
    try (Server server = Server.start(io -> io.of("/admin").on("connection", socket ->
        socket.on("where", (args, ack) -> ack.send(socket.namespace().name()))));
        JavaClient admin = JavaClient.connect(server.url("/admin"), mode, null);
        JavaClient lost = JavaClient.connect(server.url("/nowhere"), mode, null)) {
      admin.await(Socket.EVENT_CONNECT);
      assertThat(admin.emitWithAck("where")[0]).isEqualTo("/admin");
      assertThat(server.io.of("/admin").sockets()).hasSize(1);
      assertThat(server.io.sockets()).isEmpty();

      JSONObject error = (JSONObject) lost.await(Socket.EVENT_CONNECT_ERROR)[0];
      assertThat(error.getString("message")).isEqualTo("Invalid namespace");
      assertThat(lost.socket.connected()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void middlewareRefusalReachesTheClientWithItsData(Mode mode) throws Exception {
    try (Server server = Server.start(io -> io.of("/private").use((socket, next) -> {
      if ("secret".equals(socket.handshake().auth().path("token").asText())) {
        next.proceed();
      } else {
        next.reject(new ConnectError("unauthorized", Map.of("reason", "bad token", "code", 401)));
      }
    }).on("connection", socket -> socket.emit("inside", socket.handshake().auth().path("token").asText())));
        JavaClient refused = JavaClient.connect(server.url("/private"), mode, Map.of("token", "nope"));
        JavaClient accepted = JavaClient.connect(server.url("/private"), mode, Map.of("token", "secret"))) {
      JSONObject error = (JSONObject) refused.await(Socket.EVENT_CONNECT_ERROR)[0];
      assertThat(error.getString("message")).isEqualTo("unauthorized");
      assertThat(error.getJSONObject("data").getString("reason")).isEqualTo("bad token");
      assertThat(error.getJSONObject("data").getInt("code")).isEqualTo(401);
      assertThat(refused.events(Socket.EVENT_CONNECT)).isEmpty();

      assertThat(accepted.await("inside")[0]).isEqualTo("secret");
      assertThat(server.io.of("/private").sockets()).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void namespaceDisconnectionsFromEitherSide(Mode mode) throws Exception {
    List<DisconnectReason> reasons = new CopyOnWriteArrayList<>();
    BlockingQueue<dev.parley.socketio.server.Socket> sockets = new LinkedBlockingQueue<>();
    try (Server server = Server.start(io -> io.on("connection", socket -> {
      socket.onDisconnect((reason, detail) -> reasons.add(reason));
      sockets.add(socket);
    })); JavaClient leaving = JavaClient.connect(server.url("/"), mode, null);
        JavaClient kicked = JavaClient.connect(server.url("/"), mode, null)) {
      leaving.await(Socket.EVENT_CONNECT);
      kicked.await(Socket.EVENT_CONNECT);
      dev.parley.socketio.server.Socket first = sockets.poll(5, TimeUnit.SECONDS);
      dev.parley.socketio.server.Socket second = sockets.poll(5, TimeUnit.SECONDS);
      dev.parley.socketio.server.Socket toKick = kicked.socket.id().equals(first.id()) ? first : second;

      leaving.socket.disconnect();
      await().atMost(WAIT).until(() -> reasons.contains(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT));
      assertThat(server.io.sockets()).containsOnlyKeys(kicked.socket.id());

      toKick.disconnect(false);
      assertThat(kicked.await(Socket.EVENT_DISCONNECT)[0]).isEqualTo("io server disconnect");
      await().atMost(WAIT).until(() -> reasons.contains(DisconnectReason.SERVER_NAMESPACE_DISCONNECT));
      assertThat(server.io.sockets()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void closingTheConnectionReleasesItAtOnce(Mode mode) throws Exception {
    CompletableFuture<dev.parley.socketio.server.Socket> connected = new CompletableFuture<>();
    try (Server server = Server.start(io -> io.on("connection", connected::complete));
        JavaClient closed = JavaClient.connect(server.url("/"), mode, null)) {
      closed.await(Socket.EVENT_CONNECT);
      connected.get(5, TimeUnit.SECONDS).disconnect(true);
      assertThat(closed.await(Socket.EVENT_DISCONNECT)[0]).isEqualTo("io server disconnect");
      // The client closes its side as soon as it is told; the server lets the connection go at once too, well
      // before its 30 s closeTimeout, even when its own close packet was still waiting for a poll (polling, or an
      // upgrade not finished yet).
      await().atMost(WAIT).until(() -> server.io.engine().clientsCount() == 0);
    }
  }

  // ---- helpers ----

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

  /** One Java client socket; it queues what it receives, by event name, for the await methods. */
  private static final class JavaClient implements AutoCloseable {
    final Socket socket;
    final List<String> transports = new CopyOnWriteArrayList<>();
    private final Map<String, BlockingQueue<Object[]>> events = new ConcurrentHashMap<>();

    private JavaClient(Socket socket) {
      this.socket = socket;
    }

    static JavaClient connect(String url, Mode mode, Map<String, String> auth) {
      IO.Options options = IO.Options.builder()
          .setForceNew(true)
          .setReconnection(false)
          .setTransports(mode.transports)
          .setAuth(auth)
          .build();
      options.callFactory = http;
      options.webSocketFactory = http;
      Socket socket;
      try {
        socket = IO.socket(url, options);
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException(e);
      }
      JavaClient client = new JavaClient(socket);
      socket.io().on(Manager.EVENT_TRANSPORT, args -> client.transports.add(((Transport) args[0]).name));
      for (String event : List.of(Socket.EVENT_CONNECT, Socket.EVENT_CONNECT_ERROR, Socket.EVENT_DISCONNECT,
          "welcome", "download", "inside", "ack-requested")) {
        socket.on(event, args -> client.queue(event).add(args));
      }
      socket.connect();
      return client;
    }

    private BlockingQueue<Object[]> queue(String event) {
      return events.computeIfAbsent(event, e -> new LinkedBlockingQueue<>());
    }

    /** Takes the next received {@code event}, waiting for it. */
    Object[] await(String event) {
      try {
        Object[] args = queue(event).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (args == null) {
          fail("no \"" + event + "\" within " + WAIT + "; received " + events.keySet());
        }
        return args;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /** What is queued and not yet awaited for {@code event}. */
    List<Object[]> events(String event) {
      return List.copyOf(queue(event));
    }

    /** Emits with an acknowledgement callback and waits for the server's answer. */
    Object[] emitWithAck(String event, Object... args) {
      CompletableFuture<Object[]> answer = new CompletableFuture<>();
      socket.emit(event, args, answer::complete);
      try {
        return answer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        throw new AssertionError("no acknowledgement of \"" + event + "\"", e);
      }
    }

    @Override
    public void close() {
      socket.close();
    }
  }
}
