package dev.parley.socketio.adapter.cluster;

/**
 * The kinds of cluster messages, with the numbers the reference's {@code ClusterAdapter} puts on the wire
 * ({@code MessageType} in socket.io-adapter's {@code cluster-adapter.ts}).
 */
public enum MessageType {
  INITIAL_HEARTBEAT(1),
  HEARTBEAT(2),
  BROADCAST(3),
  SOCKETS_JOIN(4),
  SOCKETS_LEAVE(5),
  DISCONNECT_SOCKETS(6),
  FETCH_SOCKETS(7),
  FETCH_SOCKETS_RESPONSE(8),
  SERVER_SIDE_EMIT(9),
  SERVER_SIDE_EMIT_RESPONSE(10),
  BROADCAST_CLIENT_COUNT(11),
  BROADCAST_ACK(12),
  ADAPTER_CLOSE(13);

  private static final MessageType[] BY_CODE = new MessageType[14];

  static {
    for (MessageType type : values()) {
      BY_CODE[type.code] = type;
    }
  }

  private final int code;

  MessageType(int code) {
    this.code = code;
  }

  /** The number on the wire. */
  public int code() {
    return code;
  }

  /** The type with this wire number, or {@code null} for an unknown one. */
  public static MessageType of(int code) {
    return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
