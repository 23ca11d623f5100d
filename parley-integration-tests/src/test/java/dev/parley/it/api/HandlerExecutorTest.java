package dev.parley.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.socketio.server.HandlerExecutors;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.SocketIoServer;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ServerOptions#handlerExecutor()}: handlers run on the application's executor instead of the event loop, one
 * at a time for a given socket and in the order of its events, while other sockets' handlers go on in parallel.
 */
@Timeout(60)
class HandlerExecutorTest {
  private static final String APP_THREAD = "app-handler-";
  private static JsClientDriver node;

  @BeforeAll
  static void startNode() {
    node = JsClientDriver.start();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  /** What the handlers of one socket saw. */
  private static final class Trace {
    final List<Integer> order = new CopyOnWriteArrayList<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    final AtomicInteger started = new AtomicInteger();
  }

  @Test
  void handlersRunOffTheLoopOneAtATimePerSocketAndInOrder() throws Exception {
    AtomicInteger threadIds = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, APP_THREAD + threadIds.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Map<String, Trace> traces = new ConcurrentHashMap<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    // one event loop for every connection: a handler blocking it would stall every socket
    SocketIoServer io = SocketIoServer.create(ServerOptions.builder().host("127.0.0.1").port(0).ioThreads(1)
        .handlerExecutor(pool).build());
    io.use((socket, next) -> {
      threads.add("middleware " + Thread.currentThread().getName());
      next.proceed();
    });
    io.on("connection", socket -> {
      threads.add("connection " + Thread.currentThread().getName());
      String name = socket.handshake().auth().path("name").asText();
      Trace trace = traces.computeIfAbsent(name, n -> new Trace());
      socket.on("work", (args, ack) -> {
        threads.add("handler " + Thread.currentThread().getName());
        int n = args.get(0, Integer.class);
        trace.started.incrementAndGet();
        trace.maxRunning.accumulateAndGet(trace.running.incrementAndGet(), Math::max);
        try {
          if (name.equals("slow") && n == 0) {
            firstStarted.countDown();
            release.await(20, TimeUnit.SECONDS);
          }
          trace.order.add(n);
        } finally {
          trace.running.decrementAndGet();
        }
        ack.send(n);
      });
      socket.emit("ready");
    });
    int port = io.start().getPort();
    try {
      JsClient slow = node.connect("http://127.0.0.1:" + port, Map.of("transports", List.of("websocket"),
          "auth", Map.of("name", "slow")));
      JsClient fast = node.connect("http://127.0.0.1:" + port, Map.of("transports", List.of("polling"),
          "auth", Map.of("name", "fast")));
      slow.awaitEvent("ready");
      fast.awaitEvent("ready");

      for (int i = 0; i < 20; i++) {
        slow.emit("work", i);
      }
      assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();

      // while the slow socket's first handler is blocked, another socket is served
      for (int i = 100; i < 105; i++) {
        assertThat(fast.emitWithAck("work", Duration.ofSeconds(5), i).get("args").get(0).asInt()).isEqualTo(i);
      }
      assertThat(traces.get("fast").order).containsExactly(100, 101, 102, 103, 104);
      // and the slow socket's next events wait for the first one
      assertThat(traces.get("slow").started.get()).isEqualTo(1);
      assertThat(traces.get("slow").order).isEmpty();

      release.countDown();
      List<Integer> expected = IntStream.range(0, 20).boxed().toList();
      await().atMost(Duration.ofSeconds(10)).until(() -> traces.get("slow").order.size() == 20);
      assertThat(traces.get("slow").order).isEqualTo(expected);
      assertThat(traces.get("slow").maxRunning.get()).isEqualTo(1);
      assertThat(traces.get("fast").maxRunning.get()).isEqualTo(1);

      assertThat(threads).isNotEmpty().allSatisfy(t -> assertThat(t).contains(" " + APP_THREAD));
      assertThat(threads).anyMatch(t -> t.startsWith("middleware"))
          .anyMatch(t -> t.startsWith("connection")).anyMatch(t -> t.startsWith("handler"));
    } finally {
      release.countDown();
      io.close(Duration.ofMillis(500));
      pool.shutdownNow();
    }
  }

  @Test
  void disconnectListenersAndAckCallbacksRunOnTheExecutorToo() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, APP_THREAD + "x");
      t.setDaemon(true);
      return t;
    });
    List<String> threads = new CopyOnWriteArrayList<>();
    CountDownLatch disconnected = new CountDownLatch(1);
    SocketIoServer io = SocketIoServer.create(ServerOptions.builder().host("127.0.0.1").port(0)
        .handlerExecutor(pool).build());
    io.on("connection", socket -> {
      socket.onDisconnecting((reason, detail) -> threads.add("disconnecting " + Thread.currentThread().getName()));
      socket.onDisconnect((reason, detail) -> {
        threads.add("disconnect " + Thread.currentThread().getName());
        disconnected.countDown();
      });
      socket.on("ask-me", (args, ack) -> socket.timeout(Duration.ofSeconds(5)).emitWithAck("question",
          (error, answer) -> {
            threads.add("ack " + Thread.currentThread().getName());
            socket.emit("got", answer.string(0));
          }));
    });
    int port = io.start().getPort();
    try {
      JsClient client = node.connect("http://127.0.0.1:" + port, Map.of("transports", List.of("websocket")));
      client.awaitEvent("connect");
      client.ackReplyFor("question", "yes");
      client.emit("ask-me");
      assertThat(client.awaitEvent("got").get(0).asText()).isEqualTo("yes");
      client.disconnect();
      assertThat(disconnected.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(threads).hasSize(3).allSatisfy(t -> assertThat(t).contains(" " + APP_THREAD));
    } finally {
      io.close(Duration.ofMillis(500));
      pool.shutdownNow();
    }
  }

  @Test
  void withoutAnExecutorHandlersRunOnTheEventLoop() throws Exception {
    List<String> threads = new CopyOnWriteArrayList<>();
    SocketIoServer io = SocketIoServer.create(ServerOptions.builder().host("127.0.0.1").port(0).build());
    io.on("connection", socket -> {
      threads.add(Thread.currentThread().getName());
      socket.on("where", (args, ack) -> {
        threads.add(Thread.currentThread().getName());
        ack.send();
      });
    });
    int port = io.start().getPort();
    try {
      JsClient client = node.connect("http://127.0.0.1:" + port, Map.of("transports", List.of("websocket")));
      client.awaitEvent("connect");
      client.emitWithAck("where", Duration.ofSeconds(5));
      assertThat(threads).hasSize(2).allSatisfy(t -> assertThat(t).startsWith("parley-io"));
    } finally {
      io.close(Duration.ofMillis(500));
    }
  }
  @Test
  void preferVirtualThreadsGivesVirtualThreadsWhereTheJdkHasThem() throws Exception {
    List<Boolean> virtual = new CopyOnWriteArrayList<>();
    List<String> names = new CopyOnWriteArrayList<>();
    ExecutorService executor = HandlerExecutors.preferVirtualThreads(2);
    SocketIoServer io = SocketIoServer.create(ServerOptions.builder().host("127.0.0.1").port(0)
        .handlerExecutor(executor).build());
    io.on("connection", socket -> socket.on("where", (args, ack) -> {
      virtual.add(isVirtual(Thread.currentThread()));
      names.add(Thread.currentThread().getName());
      ack.send();
    }));
    int port = io.start().getPort();
    try {
      JsClient client = node.connect("http://127.0.0.1:" + port, Map.of("transports", List.of("websocket")));
      client.awaitEvent("connect");
      client.emitWithAck("where", Duration.ofSeconds(5));
      if (Runtime.version().feature() >= 21) {
        assertThat(HandlerExecutors.virtualThreadsAvailable()).isTrue();
        assertThat(virtual).containsExactly(true);
      } else {
        assertThat(HandlerExecutors.virtualThreadsAvailable()).isFalse();
        assertThat(virtual).containsExactly(false);
        assertThat(names).singleElement().asString().startsWith("parley-handler-");
      }
    } finally {
      io.close(Duration.ofMillis(500));
      executor.shutdownNow();
    }
  }

  private static boolean isVirtual(Thread thread) {
    try {
      return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    } catch (NoSuchMethodException e) {
      return false;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
