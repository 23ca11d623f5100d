package dev.parley.engineio.server;

/**
 * Why a session closed, with the reason strings of the reference server.
 */
public enum CloseReason {
  /** The client closed the connection or sent a close packet. */
  TRANSPORT_CLOSE("transport close"),
  /** The transport failed (an I/O error, an overlapping poll, a heartbeat sent the wrong way). */
  TRANSPORT_ERROR("transport error"),
  /** No pong arrived within pingTimeout after a ping. */
  PING_TIMEOUT("ping timeout"),
  /** The client sent something that is not Engine.IO (or not Socket.IO, when the layer above says so). */
  PARSE_ERROR("parse error"),
  /** The server closed the session. */
  FORCED_CLOSE("forced close"),
  /** The client did not read fast enough and its outbound queue passed its bound (WebSocket close 1008). */
  SLOW_CONSUMER("slow consumer"),
  /** The client broke a policy of the layer above, such as the event rate limit (WebSocket close 1008). */
  POLICY_VIOLATION("policy violation"),
  /** The server is shutting down. */
  SERVER_SHUTTING_DOWN("server shutting down");

  private final String description;

  CloseReason(String description) {
    this.description = description;
  }

  /** The reason as the reference server words it. */
  public String description() {
    return description;
  }
}
