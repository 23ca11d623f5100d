package dev.parley.socketio.codec;

import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    List<byte[]> attachments = new ArrayList<>();
    Parts parts = split(packet, attachments);
    return new EncodedPacket(encodeText(parts), attachments);
  }

  /**
   * Encodes one packet with its text part in UTF-8 behind {@code headroom} spare bytes, written by the JSON writer
   * straight into the returned buffer: byte for byte {@code encode(packet).text().getBytes(UTF_8)}, so a lone
   * surrogate, which has no UTF-8 form, becomes {@code ?} in both.
   */
  public EncodedUtf8Packet encodeUtf8(SocketPacket packet, int headroom) {
    List<byte[]> attachments = new ArrayList<>();
    Parts parts = split(packet, attachments);
    ByteArrayBuilder out = new ByteArrayBuilder(headroom + 128);
    try {
      for (int i = 0; i < headroom; i++) {
        out.write(0);
      }
      byte[] prefix = prefix(parts).getBytes(StandardCharsets.UTF_8);
      out.write(prefix, 0, prefix.length);
      if (parts.data != null) {
        json.writeUtf8(parts.data, out);
      }
      return new EncodedUtf8Packet(out.toByteArray(), headroom, attachments);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write JSON", e);
    } finally {
      out.release();
    }
  }

  /** The packet as it goes on the wire: binary types with placeholders when its data holds binary nodes. */
  private record Parts(SocketPacketType type, int attachments, String nsp, long ackId, JsonNode data) {}

  private static Parts split(SocketPacket packet, List<byte[]> attachments) {
    SocketPacketType type = packet.type();
    JsonNode data = packet.data();
    if ((type == SocketPacketType.EVENT || type == SocketPacketType.ACK) && Placeholders.hasBinary(data)) {
      JsonNode withPlaceholders = Placeholders.deconstruct(data, attachments);
      SocketPacketType binaryType =
          type == SocketPacketType.EVENT ? SocketPacketType.BINARY_EVENT : SocketPacketType.BINARY_ACK;
      return new Parts(binaryType, attachments.size(), packet.namespace(), packet.ackId(), withPlaceholders);
    }
    return new Parts(type, 0, packet.namespace(), packet.ackId(), data);
  }

  private String encodeText(Parts parts) {
    String prefix = prefix(parts);
    return parts.data == null ? prefix : prefix + json.write(parts.data);
  }

  private static String prefix(Parts parts) {
    StringBuilder sb = new StringBuilder(32);
    sb.append(parts.type.wireChar());
    if (parts.type.isBinary()) {
      sb.append(parts.attachments).append('-');
    }
    if (!"/".equals(parts.nsp)) {
      sb.append(parts.nsp).append(',');
    }
    if (parts.ackId != SocketPacket.NO_ACK) {
      sb.append(parts.ackId);
    }
    return sb.toString();
  }
}
