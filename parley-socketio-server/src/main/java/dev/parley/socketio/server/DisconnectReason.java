package dev.parley.socketio.server;

import dev.parley.engineio.server.CloseReason;

/** Why a socket disconnected, with the reference server's reason strings. */
public enum DisconnectReason {
  /** The connection was closed by the client (or lost). */
  TRANSPORT_CLOSE("transport close"),
  /** The connection failed. */
  TRANSPORT_ERROR("transport error"),
  /** The client did not answer a ping in time. */
  PING_TIMEOUT("ping timeout"),
  /** The client sent an invalid packet. */
  PARSE_ERROR("parse error"),
  /** The server closed the connection. */
  FORCED_CLOSE("forced close"),
  /** The server is shutting down. */
  SERVER_SHUTTING_DOWN("server shutting down"),
  /** The server closed every socket of this connection. */
  FORCED_SERVER_CLOSE("forced server close"),
  /** The client disconnected this namespace ({@code socket.disconnect()} on the client). */
  CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect"),
  /** The server disconnected this socket ({@code socket.disconnect()} on the server). */
  SERVER_NAMESPACE_DISCONNECT("server namespace disconnect"),
  /** The client did not read fast enough; its outbound queue passed its bound. Parley only. */
  SLOW_CONSUMER("slow consumer"),
  /** The client broke a server policy, such as sending events past its rate limit for too long. Parley only. */
  POLICY_VIOLATION("policy violation");

  private final String description;

  DisconnectReason(String description) {
    this.description = description;
  }

  /** The reason as the reference words it. */
  public String description() {
    return description;
  }

  /** Whether the client may recover this socket's state on reconnection (the reference's recoverable reasons). */
  public boolean isRecoverable() {
    return this == TRANSPORT_CLOSE || this == TRANSPORT_ERROR || this == PING_TIMEOUT || this == FORCED_CLOSE
        || this == SERVER_SHUTTING_DOWN || this == SLOW_CONSUMER;
  }

  /** The socket-level reason for an Engine.IO close. */
  public static DisconnectReason of(CloseReason reason) {
    return switch (reason) {
      case TRANSPORT_CLOSE -> TRANSPORT_CLOSE;
      case TRANSPORT_ERROR -> TRANSPORT_ERROR;
      case PING_TIMEOUT -> PING_TIMEOUT;
      case PARSE_ERROR -> PARSE_ERROR;
      case FORCED_CLOSE -> FORCED_CLOSE;
      case SLOW_CONSUMER -> SLOW_CONSUMER;
      case POLICY_VIOLATION -> POLICY_VIOLATION;
      case SERVER_SHUTTING_DOWN -> SERVER_SHUTTING_DOWN;
    };
  }

  @Override
  public String toString() {
    return description;
  }
}
