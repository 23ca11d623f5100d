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
 * unmasked, so every recipient gets the same bytes) are built here, in the constructor, and the instance is immutable
 * and safe to share between event loops. The polling packets are derived from the frames the first time a polling
 * session needs them, since most messages only ever travel over WebSocket.
 *
 * <p>{@link #ofUtf8(byte[], int, List)} takes a text already encoded in UTF-8 behind {@link #TEXT_HEADROOM} spare
 * bytes: the frame header and the Engine.IO packet type are written into that room, so the encoder's array becomes
 * the frame without another copy.
 */
public final class OutboundMessage {
  /**
   * The spare bytes {@link #ofUtf8} needs in front of the text: the longest WebSocket frame header (10 bytes) and the
   * Engine.IO packet type.
   */
  public static final int TEXT_HEADROOM = 11;

  private static final int OPCODE_TEXT = 0x1;
  private static final int OPCODE_BINARY = 0x2;

  private final byte[][] frames;
  private final int[] frameOffsets;
  private final long byteSize;
  private final int textStart;
  // Derived from the frames on first use; racy but benign: every thread computes an equal immutable list.
  private List<EnginePacket> packets;

  private OutboundMessage(byte[] text, int textOffset, List<byte[]> binaries) {
    int textLength = text.length - textOffset;
    int payloadLength = 1 + textLength;
    int headerLength = headerLength(payloadLength);
    int frameStart = textOffset - 1 - headerLength;
    if (frameStart < 0) {
      throw new IllegalArgumentException("the text needs " + (1 + headerLength) + " bytes of headroom");
    }
    text[textOffset - 1] = (byte) EnginePacketType.MESSAGE.wireChar();
    writeHeader(text, frameStart, OPCODE_TEXT, payloadLength);
    this.frames = new byte[1 + binaries.size()][];
    this.frameOffsets = new int[frames.length];
    frames[0] = text;
    frameOffsets[0] = frameStart;
    this.textStart = textOffset;
    long size = text.length - frameStart;
    for (int i = 0; i < binaries.size(); i++) {
      byte[] data = Objects.requireNonNull(binaries.get(i), "binary attachment");
      byte[] frame = new byte[headerLength(data.length) + data.length];
      writeHeader(frame, 0, OPCODE_BINARY, data.length);
      System.arraycopy(data, 0, frame, frame.length - data.length, data.length);
      frames[i + 1] = frame;
      size += frame.length;
    }
    this.byteSize = size;
  }

  /** A message of one text packet. */
  public static OutboundMessage of(String text) {
    return of(text, List.of());
  }

  /** A text packet followed by binary packets (a Socket.IO packet with attachments). */
  public static OutboundMessage of(String text, List<byte[]> binaries) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    byte[] buffer = new byte[TEXT_HEADROOM + utf8.length];
    System.arraycopy(utf8, 0, buffer, TEXT_HEADROOM, utf8.length);
    return new OutboundMessage(buffer, TEXT_HEADROOM, binaries);
  }

  /**
   * A text packet whose text is {@code buffer} from {@code textOffset} to its end, in UTF-8, followed by binary
   * packets. The message takes {@code buffer} over: it writes the framing into the headroom (at least
   * {@link #TEXT_HEADROOM} bytes) and the caller must not touch the array afterwards.
   */
  public static OutboundMessage ofUtf8(byte[] buffer, int textOffset, List<byte[]> binaries) {
    if (textOffset < TEXT_HEADROOM || textOffset > buffer.length) {
      throw new IllegalArgumentException("textOffset must be in [" + TEXT_HEADROOM + ", " + buffer.length + "]");
    }
    return new OutboundMessage(buffer, textOffset, binaries);
  }

  /** The Engine.IO packets, for the polling transport. */
  public List<EnginePacket> packets() {
    List<EnginePacket> result = packets;
    if (result == null) {
      List<EnginePacket> list = new ArrayList<>(frames.length);
      byte[] text = frames[0];
      list.add(EnginePacket.message(new String(text, textStart, text.length - textStart, StandardCharsets.UTF_8)));
      for (int i = 1; i < frames.length; i++) {
        byte[] frame = frames[i];
        int dataStart = frame.length - binaryLength(frame);
        byte[] data = new byte[frame.length - dataStart];
        System.arraycopy(frame, dataStart, data, 0, data.length);
        list.add(EnginePacket.binary(data));
      }
      result = List.copyOf(list);
      packets = result;
    }
    return result;
  }

  /** The number of WebSocket frames. */
  public int frameCount() {
    return frames.length;
  }

  /**
   * The array holding frame {@code i}: the frame, header included, runs from {@link #frameOffset(int)} to the end of
   * the array. Callers must not modify it.
   */
  public byte[] frameArray(int i) {
    return frames[i];
  }

  /** Where frame {@code i} starts in {@link #frameArray(int)}. */
  public int frameOffset(int i) {
    return frameOffsets[i];
  }

  /** The size of all frames, in bytes. */
  public long byteSize() {
    return byteSize;
  }

  private static int headerLength(int payloadLength) {
    return payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
  }

  /** The header of an unmasked, final WebSocket frame (RFC 6455 section 5.2). */
  private static void writeHeader(byte[] frame, int at, int opcode, int length) {
    frame[at] = (byte) (0x80 | opcode);
    if (length < 126) {
      frame[at + 1] = (byte) length;
    } else if (length <= 0xFFFF) {
      frame[at + 1] = 126;
      frame[at + 2] = (byte) (length >>> 8);
      frame[at + 3] = (byte) length;
    } else {
      frame[at + 1] = 127;
      long l = length;
      for (int k = 0; k < 8; k++) {
        frame[at + 2 + k] = (byte) (l >>> (56 - 8 * k));
      }
    }
  }

  /** The payload length of a frame built by {@link #writeHeader} at offset 0. */
  private static int binaryLength(byte[] frame) {
    int b = frame[1] & 0x7F;
    if (b < 126) {
      return b;
    }
    if (b == 126) {
      return ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF);
    }
    return frame.length - 10;
  }
}
