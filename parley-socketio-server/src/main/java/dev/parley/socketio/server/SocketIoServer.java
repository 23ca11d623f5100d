package dev.parley.socketio.server;

import dev.parley.engineio.server.EngineServer;
import dev.parley.socketio.server.internal.DefaultSocketIoServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The Socket.IO server. As a {@link Namespace} it is the main namespace, {@code "/"}.
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.create(ServerOptions.builder().port(3000).build());
 * io.on("connection", socket -> socket.emit("welcome", Map.of("id", socket.id())));
 * io.of("/admin").use(adminOnly).on("connection", admin -> ...);
 * io.start();
 * ...
 * io.close(Duration.ofSeconds(5));
 * }</pre>
 */
public interface SocketIoServer extends Namespace, AutoCloseable {

  /** A server with these options; call {@link #start()} to listen. */
  static SocketIoServer create(ServerOptions options) {
    return new DefaultSocketIoServer(options);
  }

  /** A server with the default options but the port. */
  static SocketIoServer create(int port) {
    return create(ServerOptions.builder().port(port).build());
  }

  ServerOptions options();

  /** The namespace with this name, created on first use. */
  Namespace of(String name);

  /**
   * A group of dynamic namespaces: every name matching {@code pattern} is created on its first connection, with the
   * group's middlewares and connection listeners. Broadcasting on the group reaches all of them.
   */
  Namespace of(Pattern pattern);

  /** A group of dynamic namespaces accepted by {@code filter}, like {@link #of(Pattern)}. */
  Namespace of(NamespaceFilter filter);

  /** Hears every namespace created (static or dynamic). */
  SocketIoServer onNewNamespace(Consumer<Namespace> listener);

  /** The Engine.IO server underneath. */
  EngineServer engine();

  /** Starts listening on the configured host and port; returns the bound address. */
  InetSocketAddress start();

  /**
   * Shuts down gracefully: stops accepting connections, closes every socket (clients see the connection close and
   * reconnect elsewhere), closes the adapters, and lets what is queued go out within {@code grace}.
   */
  void close(Duration grace);

  /** {@link #close(Duration)} with a 5 second grace. */
  @Override
  default void close() {
    close(Duration.ofSeconds(5));
  }
}
