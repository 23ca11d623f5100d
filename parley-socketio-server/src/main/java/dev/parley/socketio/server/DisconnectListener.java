package dev.parley.socketio.server;

/** Hears a socket's {@code disconnecting} or {@code disconnect}. */
@FunctionalInterface
public interface DisconnectListener {

  /**
   * @param reason why
   * @param description more detail, or {@code null}
   */
  void onDisconnect(DisconnectReason reason, String description);
}
