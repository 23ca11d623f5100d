package dev.parley.socketio.codec;

/**
 * Socket.IO v5 packet types; the ordinal is the wire digit (protocol section "Format").
 */
public enum SocketPacketType {
  CONNECT,
  DISCONNECT,
  EVENT,
  ACK,
  CONNECT_ERROR,
  BINARY_EVENT,
  BINARY_ACK;

  private static final SocketPacketType[] BY_DIGIT = values();

  /** The wire digit of this type. */
  public char wireChar() {
    return (char) ('0' + ordinal());
  }

  /** Whether packets of this type are followed by binary attachments. */
  public boolean isBinary() {
    return this == BINARY_EVENT || this == BINARY_ACK;
  }

  static SocketPacketType fromWireChar(char c) {
    int index = c - '0';
    if (index < 0 || index >= BY_DIGIT.length) {
      throw new SocketProtocolException("unknown packet type");
    }
    return BY_DIGIT[index];
  }
}
