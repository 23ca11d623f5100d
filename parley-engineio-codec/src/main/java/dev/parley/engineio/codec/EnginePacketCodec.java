package dev.parley.engineio.codec;

import java.util.Base64;

/**
 * Encodes and decodes single Engine.IO packets (protocol section "Packet encoding").
 *
 * <p>Over WebSocket a text packet is one text frame ({@code <type><data>}) and a binary message is one binary frame
 * with no prefix. Over HTTP long-polling a binary message becomes {@code b<base64>} inside the text payload.
 */
public final class EnginePacketCodec {

  /** The prefix of a base64-encoded binary packet inside a polling payload. */
  public static final char BINARY_PREFIX = 'b';

  private EnginePacketCodec() {}

  /**
   * The text form of a packet: {@code <type><data>} for text packets, {@code b<base64>} for binary ones (which only
   * happens inside polling payloads).
   */
  public static String encodeText(EnginePacket packet) {
    if (packet.isBinary()) {
      return BINARY_PREFIX + Base64.getEncoder().encodeToString(packet.binary());
    }
    String text = packet.text();
    char type = packet.type().wireChar();
    return text == null ? String.valueOf(type) : type + text;
  }

  /**
   * Decodes a packet from its text form, accepting the {@code b<base64>} binary form.
   *
   * @throws EngineProtocolException on an empty string, an unknown type or invalid base64
   */
  public static EnginePacket decodeText(CharSequence encoded) {
    return decodeText(encoded, 0, encoded.length());
  }

  /** As {@link #decodeText(CharSequence)} for the range {@code [start, end)} of a longer sequence. */
  public static EnginePacket decodeText(CharSequence encoded, int start, int end) {
    if (start >= end) {
      throw new EngineProtocolException("empty packet");
    }
    char first = encoded.charAt(start);
    if (first == BINARY_PREFIX) {
      try {
        byte[] data = Base64.getDecoder().decode(encoded.subSequence(start + 1, end).toString());
        return EnginePacket.binary(data);
      } catch (IllegalArgumentException e) {
        throw new EngineProtocolException("invalid base64 in binary packet");
      }
    }
    EnginePacketType type = EnginePacketType.fromWireChar(first);
    String text = end - start > 1 ? encoded.subSequence(start + 1, end).toString() : null;
    return new EnginePacket(type, text, null);
  }

  /** A binary WebSocket frame is always a binary message packet. */
  public static EnginePacket decodeBinary(byte[] data) {
    return EnginePacket.binary(data);
  }
}
