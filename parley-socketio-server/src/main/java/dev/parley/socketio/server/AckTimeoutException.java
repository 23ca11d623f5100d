package dev.parley.socketio.server;

/** No acknowledgement arrived within the emit's timeout. */
public final class AckTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AckTimeoutException(String message) {
    super(message, null, false, false);
  }
}
