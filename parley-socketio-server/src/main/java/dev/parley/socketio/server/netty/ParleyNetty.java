package dev.parley.socketio.server.netty;

import dev.parley.engineio.server.netty.EngineHttpServer;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.SocketIoServer;
import dev.parley.socketio.server.internal.ClientBundleHandler;
import dev.parley.socketio.server.internal.DefaultSocketIoServer;
import org.slf4j.LoggerFactory;

/**
 * Puts a {@link SocketIoServer} on a port next to your own Netty HTTP handlers.
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.create(options);
 * EngineHttpServer http = ParleyNetty.httpServer(io)
 *     .route(MyRestHandler::new)          // requests outside the Socket.IO path
 *     .build();
 * ParleyNetty.attach(io, http);           // io.close() then stops the HTTP server too
 * http.start();
 * }</pre>
 */
public final class ParleyNetty {
  private ParleyNetty() {}

  /**
   * An HTTP server builder for {@code io}: its engine mounted, the host, port, threads and limits of its options,
   * and the client bundle route when {@link ServerOptions#serveClient()} is on. Add routes, then build.
   */
  public static EngineHttpServer.Builder httpServer(SocketIoServer io) {
    ServerOptions options = io.options();
    EngineHttpServer.Builder builder = EngineHttpServer.builder(io.engine())
        .host(options.host())
        .port(options.port())
        .ioThreads(options.ioThreads())
        .limits(options.httpLimits());
    if (options.serveClient()) {
      if (ClientBundleHandler.available()) {
        String path = options.engine().path();
        builder.route(() -> new ClientBundleHandler(path));
      } else {
        LoggerFactory.getLogger(ParleyNetty.class)
            .warn("serveClient is on but the client bundle is not on the class path; not serving it");
      }
    }
    return builder;
  }

  /** Ties an HTTP server built with {@link #httpServer} to {@code io}, so that {@code io.close()} stops it. */
  public static void attach(SocketIoServer io, EngineHttpServer http) {
    ((DefaultSocketIoServer) io).attach(http);
  }
}
