package dev.parley.it;

import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.SocketIoServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;

/** A Socket.IO server on a free loopback port, for one test. */
final class TestServer implements AutoCloseable {
  final SocketIoServer io;
  final InetSocketAddress address;

  private TestServer(SocketIoServer io, InetSocketAddress address) {
    this.io = io;
    this.address = address;
  }

  static TestServer start(Consumer<ServerOptions.Builder> options, Consumer<SocketIoServer> setup) {
    ServerOptions.Builder builder = ServerOptions.builder().host("127.0.0.1").port(0);
    options.accept(builder);
    SocketIoServer io = SocketIoServer.create(builder.build());
    setup.accept(io);
    return new TestServer(io, io.start());
  }

  static TestServer start(Consumer<SocketIoServer> setup) {
    return start(o -> { }, setup);
  }

  int port() {
    return address.getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  String url(String nsp) {
    return url() + nsp;
  }

  @Override
  public void close() {
    io.close(Duration.ofMillis(500));
  }
}
