package dev.parley.socketio.server.internal;

import dev.parley.engineio.server.OutboundMessage;
import dev.parley.socketio.codec.EncodedPacket;
import dev.parley.socketio.codec.SocketPacket;
import dev.parley.socketio.codec.SocketPacketEncoder;

/** Encodes a Socket.IO packet into the Engine.IO message that carries it (text part, then attachments). */
final class PacketWriter {
  private final SocketPacketEncoder encoder;

  PacketWriter(SocketPacketEncoder encoder) {
    this.encoder = encoder;
  }

  OutboundMessage encode(SocketPacket packet) {
    EncodedPacket encoded = encoder.encode(packet);
    return OutboundMessage.of(encoded.text(), encoded.attachments());
  }
}
