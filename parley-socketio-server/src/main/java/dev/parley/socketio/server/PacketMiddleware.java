package dev.parley.socketio.server;

/**
 * Runs for every incoming event of a socket, before its handlers ({@code socket.use(...)}); an error stops the event
 * and goes to the socket's error listeners ({@link Socket#onError}).
 */
@FunctionalInterface
public interface PacketMiddleware {

  void handle(String event, Args args, Next next) throws Exception;

  /** Continues or stops the chain; call exactly one method, once. */
  interface Next {
    void proceed();

    void reject(Throwable error);
  }
}
