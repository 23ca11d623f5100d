package dev.parley.socketio.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One Socket.IO packet, with binary attachments already in place.
 *
 * <p>Decoded packets never have a {@code BINARY_*} type: like the reference parser, the decoder hands out
 * {@link SocketPacketType#EVENT} and {@link SocketPacketType#ACK} packets whose data holds the attachments as
 * {@link com.fasterxml.jackson.databind.node.BinaryNode}s; the encoder picks the binary type by itself.
 *
 * @param type the packet type
 * @param namespace the namespace, {@code "/"} for the main one
 * @param data the payload, or {@code null} when the packet has none
 * @param ackId the acknowledgement id, or {@link #NO_ACK}
 */
public record SocketPacket(SocketPacketType type, String namespace, JsonNode data, long ackId) {

  /** The {@code ackId} of a packet that asks for no acknowledgement. */
  public static final long NO_ACK = -1;

  /** The largest ack id a JavaScript peer can represent exactly ({@code Number.MAX_SAFE_INTEGER}). */
  public static final long MAX_ACK_ID = (1L << 53) - 1;

  public SocketPacket {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(namespace, "namespace");
    if (ackId < NO_ACK || ackId > MAX_ACK_ID) {
      throw new IllegalArgumentException("ack id out of range: " + ackId);
    }
  }

  public static SocketPacket connect(String namespace, JsonNode data) {
    return new SocketPacket(SocketPacketType.CONNECT, namespace, data, NO_ACK);
  }

  public static SocketPacket disconnect(String namespace) {
    return new SocketPacket(SocketPacketType.DISCONNECT, namespace, null, NO_ACK);
  }

  public static SocketPacket event(String namespace, JsonNode data) {
    return new SocketPacket(SocketPacketType.EVENT, namespace, data, NO_ACK);
  }

  public static SocketPacket event(String namespace, JsonNode data, long ackId) {
    return new SocketPacket(SocketPacketType.EVENT, namespace, data, ackId);
  }

  public static SocketPacket ack(String namespace, JsonNode data, long ackId) {
    return new SocketPacket(SocketPacketType.ACK, namespace, data, ackId);
  }

  public static SocketPacket connectError(String namespace, JsonNode data) {
    return new SocketPacket(SocketPacketType.CONNECT_ERROR, namespace, data, NO_ACK);
  }

  public boolean hasAck() {
    return ackId != NO_ACK;
  }

  /** The same packet with another ack id. */
  public SocketPacket withAckId(long id) {
    return new SocketPacket(type, namespace, data, id);
  }

  /** The same packet in another namespace. */
  public SocketPacket withNamespace(String nsp) {
    return new SocketPacket(type, nsp, data, ackId);
  }
}
