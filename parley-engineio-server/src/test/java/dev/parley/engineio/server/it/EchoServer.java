package dev.parley.engineio.server.it;

import dev.parley.engineio.server.CloseReason;
import dev.parley.engineio.server.EngineOptions;
import dev.parley.engineio.server.EngineServer;
import dev.parley.engineio.server.EngineSocket;
import dev.parley.engineio.server.EngineSocketHandler;
import dev.parley.engineio.server.netty.EngineHttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A bare Engine.IO echo server, configured like the official test suite expects. */
public final class EchoServer implements AutoCloseable {
  final EngineServer engine;
  final EngineHttpServer http;
  final List<String> closeReasons = new CopyOnWriteArrayList<>();
  final InetSocketAddress address;

  public EchoServer(EngineOptions.Builder options) throws InterruptedException {
    engine = EngineServer.create(options.build(), this::onConnection);
    http = EngineHttpServer.builder(engine).host("127.0.0.1").port(0).build();
    address = http.start();
  }

  static EngineOptions.Builder suiteOptions() {
    return EngineOptions.builder().path("/engine.io/").pingInterval(Duration.ofMillis(300))
        .pingTimeout(Duration.ofMillis(200)).maxHttpBufferSize(1_000_000);
  }

  private void onConnection(EngineSocket socket) {
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
      public void onClose(CloseReason reason, String detail) {
        closeReasons.add(reason.description());
      }
    });
  }

  public int port() {
    return address.getPort();
  }

  @Override
  public void close() {
    http.close(Duration.ofMillis(200));
  }

  /** Runs the echo server on a port, for running the official suite by hand. */
  public static void main(String[] args) throws Exception {
    EngineOptions.Builder options = suiteOptions();
    EngineServer engine = EngineServer.create(options.build(), s -> {
      s.setHandler(new EngineSocketHandler() {
        @Override
        public void onMessage(String text) {
          s.send(text);
        }

        @Override
        public void onBinary(byte[] data) {
          s.send(data);
        }

        @Override
        public void onClose(CloseReason reason, String detail) {}
      });
    });
    EngineHttpServer http = EngineHttpServer.builder(engine).host("127.0.0.1")
        .port(Integer.parseInt(args.length > 0 ? args[0] : "3000")).build();
    http.start();
    Thread.currentThread().join();
  }
}
