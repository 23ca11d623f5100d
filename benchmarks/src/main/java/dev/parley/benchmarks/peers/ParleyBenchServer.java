package dev.parley.benchmarks.peers;

import dev.parley.engineio.server.Limits;
import dev.parley.socketio.adapter.AdapterFactory;
import dev.parley.socketio.adapter.redis.RedisAdapter;
import dev.parley.socketio.adapter.redis.RedisAdapterOptions;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.SocketIoServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Parley under the benchmark contract, on namespace {@code /} with the default options (heartbeats on, both
 * transports): {@code join(room)} joins then acks, {@code bench(data)} is broadcast unchanged to room {@code bench},
 * {@code echo(data)} is acknowledged with its data. Handlers run on the event loops, as an application that does no
 * blocking work would run them.
 *
 * <p>The per-address connection cap and the per-socket event rate limit are off: every benchmark client connects from
 * 127.0.0.1 and sends as fast as the scenario asks, which is the load being measured, not an attack. Every other
 * limit keeps its default.
 *
 * <p>With {@code --redis URL} the server is one node of a cluster: its namespaces use {@link RedisAdapter} (classic
 * pub/sub, default key), as the cluster scenario of the suite runs it; every other option stays the same.
 *
 * <p>Usage: {@code ParleyBenchServer --port PORT [--host HOST] [--io-threads N] [--redis redis://127.0.0.1:P]}.
 */
public final class ParleyBenchServer {
  private ParleyBenchServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = 3000;
    String host = "127.0.0.1";
    int ioThreads = Runtime.getRuntime().availableProcessors();
    String redis = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--host" -> host = args[i + 1];
        case "--io-threads" -> ioThreads = Integer.parseInt(args[i + 1]);
        case "--redis" -> redis = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    SocketIoServer io = SocketIoServer.create(ServerOptions.builder().host(host).port(port).ioThreads(ioThreads)
        .serveClient(false)
        .limits(benchmarkLimits())
        .adapter(adapter(redis))
        .build());
    io.on("connection", socket -> {
      socket.on("join", (a, ack) -> {
        socket.join(a.string(0));
        ack.send();
      });
      socket.on("bench", (a, ack) -> io.to("bench").emit("bench", a.toArray()));
      socket.on("echo", (a, ack) -> ack.send(a.toArray()));
    });
    InetSocketAddress address = io.start();
    System.out.println("parley bench server listening on " + address.getHostString() + ":" + address.getPort());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      io.close(Duration.ofSeconds(1));
      stopped.countDown();
    }));
    stopped.await();
  }

  /** The default limits without the two that a load generator on one address trips by design. */
  static Limits benchmarkLimits() {
    return Limits.DEFAULTS.toBuilder()
        .maxConnectionsPerIp(Limits.OFF)
        .eventsPerSecondPerSocket(Limits.OFF)
        .build();
  }

  /** The in-memory adapter (the default) alone, or the Redis adapter when the server is a node of a cluster. */
  static AdapterFactory adapter(String redisUrl) {
    return redisUrl == null ? AdapterFactory.IN_MEMORY
        : RedisAdapter.factory(RedisAdapterOptions.builder().uri(redisUrl).build());
  }
}
