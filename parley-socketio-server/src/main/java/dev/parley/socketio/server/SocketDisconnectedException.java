package dev.parley.socketio.server;

/** The socket disconnected before it acknowledged an emit. */
public final class SocketDisconnectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SocketDisconnectedException(String message) {
    super(message, null, false, false);
  }
}
