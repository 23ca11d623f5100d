package dev.parley.engineio.server;

/** Told about every new session. */
@FunctionalInterface
public interface EngineListener {

  /**
   * A session opened. Called on the session's event loop right after the handshake was sent; install the session's
   * handler here with {@link EngineSocket#setHandler}.
   */
  void onConnection(EngineSocket socket);
}
