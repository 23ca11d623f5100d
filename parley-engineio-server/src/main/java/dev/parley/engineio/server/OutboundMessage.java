package dev.parley.engineio.server;

import dev.parley.engineio.codec.EnginePacket;
import dev.parley.engineio.codec.EnginePacketType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A message prepared once and sent to any number of sessions: one text packet followed by binary packets.
 *
 * <p>It exists so that a broadcast is encoded once, not once per recipient: the WebSocket frames (server frames are
 * unmasked, so every recipient gets the same bytes) and the polling packets are built here, in the constructor, and
 * the instance is immutable and safe to share between event loops.
 */
public final class OutboundMessage {
  private final List<EnginePacket> packets;
  private final byte[][] webSocketFrames;
  private final long byteSize;

  private OutboundMessage(String text, List<byte[]> binaries) {
    List<EnginePacket> list = new ArrayList<>(1 + binaries.size());
    list.add(EnginePacket.message(text));
    byte[][] frames = new byte[1 + binaries.size()][];
    byte[] payload = (EnginePacketType.MESSAGE.wireChar() + text).getBytes(StandardCharsets.UTF_8);
    frames[0] = frame(OPCODE_TEXT, payload);
    long size = frames[0].length;
    for (int i = 0; i < binaries.size(); i++) {
      byte[] data = Objects.requireNonNull(binaries.get(i), "binary attachment");
      list.add(EnginePacket.binary(data));
      frames[i + 1] = frame(OPCODE_BINARY, data);
      size += frames[i + 1].length;
    }
    this.packets = List.copyOf(list);
    this.webSocketFrames = frames;
    this.byteSize = size;
  }

  /** A message of one text packet. */
  public static OutboundMessage of(String text) {
    return new OutboundMessage(text, List.of());
  }

  /** A text packet followed by binary packets (a Socket.IO packet with attachments). */
  public static OutboundMessage of(String text, List<byte[]> binaries) {
    return new OutboundMessage(text, binaries);
  }

  /** The Engine.IO packets, for the polling transport. */
  public List<EnginePacket> packets() {
    return packets;
  }

  /** The number of WebSocket frames. */
  public int frameCount() {
    return webSocketFrames.length;
  }

  /** Frame {@code i}, complete with its header; callers must not modify it. */
  public byte[] frame(int i) {
    return webSocketFrames[i];
  }

  /** The size of all frames, in bytes. */
  public long byteSize() {
    return byteSize;
  }

  private static final int OPCODE_TEXT = 0x1;
  private static final int OPCODE_BINARY = 0x2;

  /** An unmasked, final WebSocket frame (RFC 6455 section 5.2). */
  private static byte[] frame(int opcode, byte[] payload) {
    int length = payload.length;
    int headerLength = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    byte[] frame = new byte[headerLength + length];
    frame[0] = (byte) (0x80 | opcode);
    if (length < 126) {
      frame[1] = (byte) length;
    } else if (length <= 0xFFFF) {
      frame[1] = 126;
      frame[2] = (byte) (length >>> 8);
      frame[3] = (byte) length;
    } else {
      frame[1] = 127;
      long l = length;
      for (int i = 0; i < 8; i++) {
        frame[2 + i] = (byte) (l >>> (56 - 8 * i));
      }
    }
    System.arraycopy(payload, 0, frame, headerLength, length);
    return frame;
  }
}
