package dev.parley.socketio.server.internal;

import dev.parley.engineio.server.OutboundMessage;
import dev.parley.socketio.codec.EncodedUtf8Packet;
import dev.parley.socketio.codec.SocketPacket;
import dev.parley.socketio.codec.SocketPacketEncoder;

/**
 * Encodes a Socket.IO packet into the Engine.IO message that carries it (text part, then attachments).
 *
 * <p>The JSON is written in UTF-8 behind the room the WebSocket framing needs, so the encoder's array is the frame:
 * the echo benchmark's profile showed the text copied four times between the JSON writer and the socket before.
 */
final class PacketWriter {
  private final SocketPacketEncoder encoder;

  PacketWriter(SocketPacketEncoder encoder) {
    this.encoder = encoder;
  }

  OutboundMessage encode(SocketPacket packet) {
    EncodedUtf8Packet encoded = encoder.encodeUtf8(packet, OutboundMessage.TEXT_HEADROOM);
    return OutboundMessage.ofUtf8(encoded.buffer(), encoded.headroom(), encoded.attachments());
  }
}
