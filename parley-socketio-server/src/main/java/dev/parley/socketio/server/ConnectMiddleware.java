package dev.parley.socketio.server;

/**
 * Runs before a socket joins its namespace ({@code namespace.use(...)}), in the order added; any may refuse.
 *
 * <pre>{@code
 * io.use((socket, next) -> {
 *   String token = socket.handshake().auth().path("token").asText(null);
 *   if (token == null) {
 *     next.reject(new ConnectError("unauthorized", Map.of("reason", "no token")));
 *   } else {
 *     next.proceed();
 *   }
 * });
 * }</pre>
 *
 * <p>It runs on the connection's event loop (or the handler executor); {@code next} may be called later, from any
 * thread, for asynchronous checks. Throwing a {@link ConnectError} is the same as rejecting with it.
 */
@FunctionalInterface
public interface ConnectMiddleware {

  void handle(Socket socket, Next next) throws Exception;

  /** Continues or stops the middleware chain; call exactly one method, once. */
  interface Next {
    /** Lets the connection go on to the next middleware (or connect). */
    void proceed();

    /** Refuses the connection with this error. */
    void reject(ConnectError error);
  }
}
