package dev.parley.socketio.codec;

/**
 * The one failure the Socket.IO decoder raises: the input is not a valid Socket.IO v5 packet, or it breaks a limit.
 *
 * <p>The server closes the connection with reason {@code parse error}; the message is for logs, never for the peer.
 */
public final class SocketProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SocketProtocolException(String message) {
    super(message, null, false, false);
  }

  public SocketProtocolException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
