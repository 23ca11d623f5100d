package dev.parley.socketio.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes packets to their wire form (protocol section "Format"):
 * {@code <type>[<attachments>-][<namespace>,][<ack id>][JSON data]}.
 *
 * <p>Stateless and thread-safe. Events and acks that hold binary nodes are sent as {@code BINARY_EVENT} /
 * {@code BINARY_ACK} with placeholders, like the reference encoder does.
 */
public final class SocketPacketEncoder {
  private final JsonCodec json;

  public SocketPacketEncoder(JsonCodec json) {
    this.json = json;
  }

  /** Encodes one packet. */
  public EncodedPacket encode(SocketPacket packet) {
    SocketPacketType type = packet.type();
    JsonNode data = packet.data();
    if ((type == SocketPacketType.EVENT || type == SocketPacketType.ACK) && Placeholders.hasBinary(data)) {
      List<byte[]> attachments = new ArrayList<>();
      JsonNode withPlaceholders = Placeholders.deconstruct(data, attachments);
      SocketPacketType binaryType =
          type == SocketPacketType.EVENT ? SocketPacketType.BINARY_EVENT : SocketPacketType.BINARY_ACK;
      return new EncodedPacket(
          encodeText(binaryType, attachments.size(), packet.namespace(), packet.ackId(), withPlaceholders),
          attachments);
    }
    return EncodedPacket.text(encodeText(type, 0, packet.namespace(), packet.ackId(), data));
  }

  private String encodeText(SocketPacketType type, int attachments, String nsp, long ackId, JsonNode data) {
    StringBuilder sb = new StringBuilder(64);
    sb.append(type.wireChar());
    if (type.isBinary()) {
      sb.append(attachments).append('-');
    }
    if (!"/".equals(nsp)) {
      sb.append(nsp).append(',');
    }
    if (ackId != SocketPacket.NO_ACK) {
      sb.append(ackId);
    }
    if (data != null) {
      sb.append(json.write(data));
    }
    return sb.toString();
  }
}
