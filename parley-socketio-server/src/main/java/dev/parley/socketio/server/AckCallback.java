package dev.parley.socketio.server;

/** Receives the client's acknowledgement of a server emit, or the reason there is none. */
@FunctionalInterface
public interface AckCallback {

  /**
   * @param error {@code null} on success; an {@link AckTimeoutException} after the timeout, or a
   *     {@link SocketDisconnectedException} when the socket disconnected first
   * @param response the acknowledgement's arguments, {@code null} on error
   */
  void onAck(Throwable error, Args response);
}
