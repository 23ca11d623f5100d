package dev.parley.examples.conformance;

import dev.parley.engineio.server.CloseReason;
import dev.parley.engineio.server.CorsOptions;
import dev.parley.engineio.server.EngineOptions;
import dev.parley.engineio.server.EngineServer;
import dev.parley.engineio.server.EngineSocket;
import dev.parley.engineio.server.EngineSocketHandler;
import dev.parley.engineio.server.netty.EngineHttpServer;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.Socket;
import dev.parley.socketio.server.SocketIoServer;
import dev.parley.socketio.server.netty.ParleyNetty;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The server the official test suites (socketio/socket.io, {@code docs/engine.io-protocol/v4-test-suite} and
 * {@code docs/socket.io-protocol/v5-test-suite}) run against, on 127.0.0.1:PORT:
 *
 * <ul>
 *   <li>{@code /engine.io/}: a bare Engine.IO endpoint echoing every message;</li>
 *   <li>{@code /socket.io/}: namespace {@code /} emits {@code auth} with the handshake's auth, echoes
 *       {@code message} as {@code message-back} and answers {@code message-with-ack} with its arguments; namespace
 *       {@code /custom} emits {@code auth}; any other namespace is refused;</li>
 *   <li>pingInterval 300 ms, pingTimeout 200 ms, maxPayload 1,000,000, connectTimeout 1 s, no state recovery,
 *       CORS open for the browser variant of the suites.</li>
 * </ul>
 */
public final class ConformanceServer {
  private ConformanceServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    SocketIoServer io = create(port);
    EngineServer echo = EngineServer.create(engineOptions("/engine.io/"), ConformanceServer::echo);
    EngineHttpServer http = ParleyNetty.httpServer(io).mount(echo).build();
    ParleyNetty.attach(io, http);
    InetSocketAddress address = http.start();
    System.out.println("conformance server listening on http://127.0.0.1:" + address.getPort());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      io.close(Duration.ofSeconds(1));
      stopped.countDown();
    }));
    stopped.await();
  }

  static EngineOptions engineOptions(String path) {
    return EngineOptions.builder().path(path)
        .pingInterval(Duration.ofMillis(300))
        .pingTimeout(Duration.ofMillis(200))
        .maxHttpBufferSize(1_000_000)
        .cors(CorsOptions.anyOrigin())
        .build();
  }

  /** The Socket.IO side, configured as the suites expect. */
  public static SocketIoServer create(int port) {
    ServerOptions options = ServerOptions.builder()
        .host("127.0.0.1")
        .port(port)
        // one I/O thread: the suites' "requests with the same sid after upgrade" test sends the upgrade's "5" on the
        // WebSocket and at once a poll on another connection, and expects the poll refused; on two loops the "5"
        // must hop to the session's loop and the poll, already there, wins the race more often than on one
        .ioThreads(1)
        .pingInterval(Duration.ofMillis(300))
        .pingTimeout(Duration.ofMillis(200))
        .maxHttpBufferSize(1_000_000)
        .connectTimeout(Duration.ofSeconds(1))
        .cors(CorsOptions.anyOrigin())
        .build();
    SocketIoServer io = SocketIoServer.create(options);
    io.on("connection", socket -> {
      socket.emit("auth", socket.handshake().auth());
      socket.on("message", (a, ack) -> socket.emit("message-back", a.toArray()));
      socket.on("message-with-ack", (a, ack) -> ack.send(a.toArray()));
    });
    io.of("/custom").on("connection", (Socket socket) -> socket.emit("auth", socket.handshake().auth()));
    return io;
  }

  private static void echo(EngineSocket socket) {
    socket.setHandler(new EngineSocketHandler() {
      @Override
      public void onMessage(String text) {
        socket.send(text);
      }

      @Override
      public void onBinary(byte[] data) {
        socket.send(data);
      }

      @Override
      public void onClose(CloseReason reason, String detail) {}
    });
  }
}
