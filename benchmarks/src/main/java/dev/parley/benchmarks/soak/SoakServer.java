package dev.parley.benchmarks.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.SocketIoServer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server of the soak test, run in its own JVM so that its heap, file descriptors and threads are measured alone.
 *
 * <p>A chat and a ticker, with the default {@link dev.parley.engineio.server.Limits} (the soak's clients spread over
 * several loopback addresses, so the per-address cap and the event rate limit stay on, as in production):
 * {@code join(room)} joins and acks; {@code chat(message)} broadcasts the message to its room and acks once it is
 * handed to the receivers; a tick with a sequence number goes to every client every 200 ms; {@code stats} answers,
 * from a thread of its own (a collection must not stop an event loop), with the heap in use after a full collection,
 * the live Java threads and the open sessions.
 *
 * <p>Usage: {@code SoakServer --port PORT}.
 */
public final class SoakServer {
  private SoakServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = args.length >= 2 && "--port".equals(args[0]) ? Integer.parseInt(args[1]) : 3000;
    SocketIoServer io = SocketIoServer.create(ServerOptions.builder().host("127.0.0.1").port(port)
        .serveClient(false).build());
    ScheduledExecutorService background =
        Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("soak-background", true));
    AtomicLong ticks = new AtomicLong();
    io.on("connection", socket -> {
      socket.on("join", (a, ack) -> {
        socket.join(a.string(0));
        ack.send();
      });
      socket.on("chat", (a, ack) -> {
        JsonNode message = a.node(0);
        io.to(message.path("room").asText()).emit("chat", message);
        ack.send();
      });
      socket.on("stats", (a, ack) -> background.execute(() -> ack.send(stats(io, ticks.get()))));
    });
    background.scheduleAtFixedRate(() -> io.emit("tick", ticks.getAndIncrement()), 200, 200, TimeUnit.MILLISECONDS);
    InetSocketAddress address = io.start();
    System.out.println("soak server listening on " + address.getHostString() + ":" + address.getPort());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      background.shutdownNow();
      io.close(Duration.ofSeconds(1));
      stopped.countDown();
    }));
    stopped.await();
  }

  private static Map<String, Object> stats(SocketIoServer io, long ticks) {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return Map.of("heapAfterGc", used,
        "javaThreads", ManagementFactory.getThreadMXBean().getThreadCount(),
        "sessions", io.engine().clientsCount(),
        "ticks", ticks);
  }
}
