package dev.parley.socketio.server;

/**
 * Refuses a connection from a namespace middleware; the client receives a {@code CONNECT_ERROR} packet
 * {@code {"message": …, "data": …}} and its {@code connect_error} handler sees both.
 */
public class ConnectError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Object data;

  public ConnectError(String message) {
    this(message, null);
  }

  /**
   * @param message the error's message
   * @param data extra data for the client, serialized with Jackson; {@code null} for none
   */
  public ConnectError(String message, Object data) {
    super(message, null, false, false);
    this.data = data;
  }

  /** The extra data sent to the client, or {@code null}. */
  public Object data() {
    return data;
  }
}
