package dev.parley.it.hostile;

import dev.parley.engineio.server.Limits;
import dev.parley.engineio.server.internal.EngineSession;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.SocketIoServer;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Parley server in a JVM of its own, for the tests that measure what the server alone holds or allocates (the
 * clients' buffers are in the test's JVM, not here) and that need the server to have a small heap of its own. Started
 * by {@link ChildServer}.
 *
 * <p>Arguments are {@code key=value}: {@code ioThreads}, {@code pingIntervalMs}, {@code pingTimeoutMs},
 * {@code outboundQueueMaxBytes}. The per-address session cap is off, since every client comes from 127.0.0.1.
 *
 * <p>It prints {@code @@ PORT <n>} once it serves, then answers commands read from its standard input, one a line,
 * with a line starting {@code @@ <command>}; at the end of its input it exits, so it never outlives the test. Lines
 * not starting with {@code @@} are its log. A socket's disconnection is reported as {@code @@ DISCONNECT name reason},
 * the name being the {@code name} parameter of its URL ({@code -} without one), by which {@code QUEUED name} finds its
 * session too. A socket joins a room with the event {@code join} and the room's name.
 */
public final class ChildServerMain {
  private ChildServerMain() {
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> conf = new HashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      conf.put(kv[0], kv[1]);
    }
    SocketIoServer io = SocketIoServer.create(ServerOptions.builder().host("127.0.0.1").port(0)
        .ioThreads(Integer.parseInt(conf.getOrDefault("ioThreads", "1")))
        .pingInterval(Duration.ofMillis(Long.parseLong(conf.getOrDefault("pingIntervalMs", "20000"))))
        .pingTimeout(Duration.ofMillis(Long.parseLong(conf.getOrDefault("pingTimeoutMs", "20000"))))
        .limits(l -> l.maxConnectionsPerIp(Limits.OFF).outboundQueueMaxBytes(Long.parseLong(conf.getOrDefault(
            "outboundQueueMaxBytes", Long.toString(Limits.DEFAULT_OUTBOUND_QUEUE_MAX_BYTES)))))
        .build());
    io.on("connection", socket -> {
      String name = socket.handshake().query().getOrDefault("name", "-");
      socket.onDisconnect((reason, detail) -> say("DISCONNECT " + name + " " + reason.description()));
      socket.on("join", (a, ack) -> {
        socket.join(a.string(0));
        ack.send();
      });
      socket.on("echo", (a, ack) -> ack.send(a.toArray()));
    });
    say("PORT " + io.start().getPort());

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] words = line.trim().split(" ");
      try {
        say(words[0] + " " + answer(io, words));
      } catch (Exception e) {
        say(words[0] + " failed " + e);
      }
    }
    io.close(Duration.ofMillis(300));
    System.exit(0);
  }

  private static String answer(SocketIoServer io, String[] words) throws Exception {
    switch (words[0]) {
      case "HEAP":
        return Long.toString(usedHeapAfterGc());
      case "ALLOC":
        return serverThreadsAllocatedBytes() + " " + usedDirectMemory();
      case "SESSIONS":
        return Integer.toString(io.engine().clientsCount());
      case "EMIT":
        int index = Integer.parseInt(words[2]);
        char[] data = new char[Integer.parseInt(words[3])];
        Arrays.fill(data, (char) ('a' + index % 26));
        io.to(words[1]).emit("big", index, new String(data));
        return Integer.toString(index);
      case "QUEUED":
        return queuedBytes(io, words[1]);
      default:
        return "unknown";
    }
  }

  private static void say(String line) {
    synchronized (System.out) {
      System.out.println("@@ " + line);
      System.out.flush();
    }
  }

  /** Heap in use after full collections: the least of three, since a collection may run while another thread works. */
  private static long usedHeapAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /**
   * All bytes of heap ever allocated by the server's Netty threads (acceptor and I/O). With one I/O thread, every
   * decode, every buffer copy and every handler the attack triggers runs there, so the difference of two readings is
   * what the server allocated in between, to the byte, without the noise of this JVM's other threads.
   */
  private static long serverThreadsAllocatedBytes() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("parley-")) {
        total += threads.getThreadAllocatedBytes(thread.getId());
      }
    }
    return total;
  }

  /** Direct memory taken by Netty's allocator (socket reads and writes), which no heap figure shows. */
  private static long usedDirectMemory() {
    return ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p ? p.metric().usedDirectMemory() : -1;
  }

  private static String queuedBytes(SocketIoServer io, String name) throws Exception {
    EngineSession session = io.engine().sockets().stream().filter(s -> name.equals(s.request().queryParam("name")))
        .map(EngineSession.class::cast).findFirst().orElse(null);
    if (session == null || !session.isOpen()) {
      return "closed";
    }
    return Long.toString(session.eventLoop().submit(session::queuedBytes).get(5, TimeUnit.SECONDS));
  }
}
