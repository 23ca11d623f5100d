package dev.parley.socketio.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A packet in its wire form with the text part already in UTF-8, behind spare bytes a transport may fill with its own
 * framing (see {@link SocketPacketEncoder#encodeUtf8(SocketPacket, int)}).
 *
 * <p>It exists so that a packet goes from the JSON writer to the socket without passing through a {@code String}:
 * the buffer is handed over to the caller, who owns it from then on.
 *
 * @param buffer {@code headroom} spare bytes, then the text part in UTF-8, up to the end of the array
 * @param headroom where the text part starts
 * @param attachments the binary attachments, in placeholder order
 */
public record EncodedUtf8Packet(byte[] buffer, int headroom, List<byte[]> attachments) {

  public EncodedUtf8Packet {
    if (headroom < 0 || headroom > buffer.length) {
      throw new IllegalArgumentException("headroom out of the buffer");
    }
    attachments = List.copyOf(attachments);
  }

  /** The text part, decoded; for tests and logs, the hot path uses the bytes. */
  public String text() {
    return new String(buffer, headroom, buffer.length - headroom, StandardCharsets.UTF_8);
  }
}
