package dev.parley.engineio.codec;

/**
 * Engine.IO v4 packet types with their wire character (protocol section "Packet encoding").
 */
public enum EnginePacketType {
  /** Sent by the server once, with the handshake data. */
  OPEN('0'),
  /** Asks for the transport to be closed. */
  CLOSE('1'),
  /** Heartbeat; in v4 only the server sends it, except the {@code 2probe} of an upgrade. */
  PING('2'),
  /** Heartbeat answer; also {@code 3probe} during an upgrade. */
  PONG('3'),
  /** Application data, text or binary. */
  MESSAGE('4'),
  /** Completes the upgrade from polling to WebSocket. */
  UPGRADE('5'),
  /** Forces a pending long-polling request to return during an upgrade. */
  NOOP('6');

  private static final EnginePacketType[] BY_DIGIT = values();

  private final char wireChar;

  EnginePacketType(char wireChar) {
    this.wireChar = wireChar;
  }

  /** The digit that starts this packet's text encoding. */
  public char wireChar() {
    return wireChar;
  }

  /**
   * The type a wire character stands for.
   *
   * @throws EngineProtocolException if the character is not one of {@code 0} to {@code 6}
   */
  public static EnginePacketType fromWireChar(int c) {
    int index = c - '0';
    if (index < 0 || index >= BY_DIGIT.length) {
      throw new EngineProtocolException("unknown packet type");
    }
    return BY_DIGIT[index];
  }
}
