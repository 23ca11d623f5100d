package dev.parley.socketio.adapter.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.socketio.server.RecoveryOptions;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.SocketIoServer;
import java.time.Duration;
import java.util.Map;

/**
 * A Parley node on the Redis Streams adapter with connection state recovery, set up as the other cluster tests'
 * nodes (a client names its room and name in its auth payload; {@code data} says which node took it). It runs in
 * the test's JVM, or as {@link #main} in a child JVM that a test kills with SIGKILL.
 */
final class StreamsNode {
  static final Duration MAX_DISCONNECTION = Duration.ofSeconds(60);

  private static final Map<SocketIoServer, Integer> PORTS = new java.util.concurrent.ConcurrentHashMap<>();

  private StreamsNode() {}

  static int port(SocketIoServer io) {
    return PORTS.get(io);
  }

  /** A started node; {@link #port} says where. */
  static SocketIoServer start(String redisUri, String key) {
    RedisStreamsOptions options = StreamsMixedClusterTest.streamsOptions(RedisProbe.options(key).uri(redisUri).build())
        .sessionTtl(MAX_DISCONNECTION).build();
    SocketIoServer io = SocketIoServer.create(ServerOptions.builder().host("127.0.0.1").port(0)
        .adapter(RedisStreamsAdapter.factory(options))
        .connectionStateRecovery(new RecoveryOptions(MAX_DISCONNECTION, true, RecoveryOptions.RecoveryGuard.ANY))
        .build());
    io.on("connection", socket -> {
      if (socket.isRecovered()) {
        return;
      }
      JsonNode auth = socket.handshake().auth();
      socket.data(Map.of("name", auth.path("name").asText(""), "firstNode", ProcessHandle.current().pid()));
      if (auth.hasNonNull("room")) {
        socket.join(auth.get("room").asText());
      }
    });
    int port = io.start().getPort();
    PORTS.put(io, port);
    return io;
  }

  /** {@code StreamsNode <redis-uri> <key>}: prints {@code PORT <n>} once serving, then serves until killed. */
  public static void main(String[] args) throws InterruptedException {
    SocketIoServer io = start(args[0], args[1]);
    System.out.println("PORT " + port(io));
    System.out.flush();
    Thread.currentThread().join();
  }
}
