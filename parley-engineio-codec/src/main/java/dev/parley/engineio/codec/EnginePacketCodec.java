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
        byte[] data = Base64.getDecoder().decode(withoutWhitespace(encoded.subSequence(start + 1, end).toString()));
        return EnginePacket.binary(data);
      } catch (IllegalArgumentException e) {
        throw new EngineProtocolException("invalid base64 in binary packet");
      }
    }
    EnginePacketType type = EnginePacketType.fromWireChar(first);
    String text = end - start > 1 ? encoded.subSequence(start + 1, end).toString() : null;
    return new EnginePacket(type, text, null);
  }

  /**
   * The base64 text without ASCII whitespace. The reference decodes with Node's {@code Buffer.from(s, "base64")},
   * which skips whitespace, and the official Java client relies on it: it encodes with line wrapping, so its binary
   * packets over polling end with a newline (and break every 76 characters).
   */
  private static String withoutWhitespace(String base64) {
    int i = 0;
    while (i < base64.length() && !isWhitespace(base64.charAt(i))) {
      i++;
    }
    if (i == base64.length()) {
      return base64;
    }
    StringBuilder sb = new StringBuilder(base64.length());
    for (int j = 0; j < base64.length(); j++) {
      char c = base64.charAt(j);
      if (!isWhitespace(c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean isWhitespace(char c) {
    return c == '\n' || c == '\r' || c == ' ' || c == '\t';
  }

  /** A binary WebSocket frame is always a binary message packet. */
  public static EnginePacket decodeBinary(byte[] data) {
    return EnginePacket.binary(data);
  }
}
