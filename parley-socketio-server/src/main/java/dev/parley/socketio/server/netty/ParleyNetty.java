package dev.parley.socketio.server.netty;

import dev.parley.engineio.server.netty.EngineHttpServer;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.SocketIoServer;
import dev.parley.socketio.server.internal.DefaultSocketIoServer;

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
    return DefaultSocketIoServer.httpServerBuilder(io);
  }

  /** Ties an HTTP server built with {@link #httpServer} to {@code io}, so that {@code io.close()} stops it. */
  public static void attach(SocketIoServer io, EngineHttpServer http) {
    ((DefaultSocketIoServer) io).attach(http);
  }
}
