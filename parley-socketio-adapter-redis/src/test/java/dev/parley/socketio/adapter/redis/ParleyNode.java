package dev.parley.socketio.adapter.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.socketio.adapter.AdapterFactory;
import dev.parley.socketio.server.Namespace;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.SocketIoServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A Parley server for the cluster tests, set up as the Node peer is: a client names its room and name in its auth
 * payload; {@code socket.data} says which node it is on; the server-side event {@code ping-node} is recorded and
 * answered.
 */
final class ParleyNode implements AutoCloseable {
  private final SocketIoServer io;
  private final int port;
  private final List<JsonNode> serverSideEvents = new CopyOnWriteArrayList<>();

  ParleyNode(AdapterFactory adapter) {
    this(adapter, options -> { });
  }

  /** With options of the test's own (limits, transports) on top of the cluster set-up. */
  ParleyNode(AdapterFactory adapter, Consumer<ServerOptions.Builder> tweak) {
    ServerOptions.Builder options = ServerOptions.builder().host("127.0.0.1").port(0).adapter(adapter);
    tweak.accept(options);
    io = SocketIoServer.create(options.build());
    setUp(io);
    setUp(io.of("/admin"));
    port = io.start().getPort();
  }

  private void setUp(Namespace nsp) {
    nsp.on("connection", socket -> {
      JsonNode auth = socket.handshake().auth();
      socket.data(Map.of("node", "parley", "name", auth.path("name").asText("")));
      if (auth.hasNonNull("room")) {
        socket.join(auth.get("room").asText());
      }
    });
    nsp.onServerSideEmit("ping-node", (args, ack) -> {
      serverSideEvents.add(args.json());
      if (ack.isRequested()) {
        ack.send(Map.of("from", "parley", "got", args.json()));
      }
    });
  }

  SocketIoServer io() {
    return io;
  }

  int port() {
    return port;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  List<JsonNode> serverSideEvents() {
    return serverSideEvents;
  }

  int serverCount() {
    return io.adapter().serverCount().toCompletableFuture().join();
  }

  @Override
  public void close() {
    io.close(Duration.ofSeconds(1));
  }
}
