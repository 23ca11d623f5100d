package dev.parley.socketio.codec;

import java.util.List;

/**
 * A packet in its wire form: one text part, then zero or more binary attachments, each of which travels as its own
 * Engine.IO message.
 *
 * @param text the text part, starting with the packet type digit
 * @param attachments the binary attachments, in placeholder order
 */
public record EncodedPacket(String text, List<byte[]> attachments) {

  public EncodedPacket {
    attachments = List.copyOf(attachments);
  }

  public static EncodedPacket text(String text) {
    return new EncodedPacket(text, List.of());
  }

  public boolean hasAttachments() {
    return !attachments.isEmpty();
  }
}
