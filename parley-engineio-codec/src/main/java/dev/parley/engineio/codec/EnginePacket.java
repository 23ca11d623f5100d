package dev.parley.engineio.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Engine.IO packet: a type and, for some types, a text or a binary body (never both).
 *
 * <p>Only {@link EnginePacketType#MESSAGE} may carry binary data. The binary array is not copied: packets are
 * short-lived values passed from a decoder to its caller, and callers must not mutate what they hand over.
 *
 * @param type the packet type
 * @param text the text body, or {@code null}
 * @param binary the binary body, or {@code null}
 */
public record EnginePacket(EnginePacketType type, String text, byte[] binary) {

  public static final EnginePacket PING = new EnginePacket(EnginePacketType.PING, null, null);
  public static final EnginePacket PONG = new EnginePacket(EnginePacketType.PONG, null, null);
  public static final EnginePacket CLOSE = new EnginePacket(EnginePacketType.CLOSE, null, null);
  public static final EnginePacket NOOP = new EnginePacket(EnginePacketType.NOOP, null, null);
  public static final EnginePacket UPGRADE = new EnginePacket(EnginePacketType.UPGRADE, null, null);
  public static final EnginePacket PROBE_PING = new EnginePacket(EnginePacketType.PING, "probe", null);
  public static final EnginePacket PROBE_PONG = new EnginePacket(EnginePacketType.PONG, "probe", null);

  public EnginePacket {
    Objects.requireNonNull(type, "type");
    if (text != null && binary != null) {
      throw new IllegalArgumentException("a packet carries text or binary data, not both");
    }
    if (binary != null && type != EnginePacketType.MESSAGE) {
      throw new IllegalArgumentException("only message packets carry binary data");
    }
  }

  /** A text message packet. */
  public static EnginePacket message(String text) {
    return new EnginePacket(EnginePacketType.MESSAGE, Objects.requireNonNull(text, "text"), null);
  }

  /** A binary message packet. */
  public static EnginePacket binary(byte[] data) {
    return new EnginePacket(EnginePacketType.MESSAGE, null, Objects.requireNonNull(data, "data"));
  }

  /** A packet of the given type with an optional text body. */
  public static EnginePacket of(EnginePacketType type, String text) {
    return new EnginePacket(type, text, null);
  }

  public boolean isBinary() {
    return binary != null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnginePacket other
        && type == other.type
        && Objects.equals(text, other.text)
        && Arrays.equals(binary, other.binary);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, text, Arrays.hashCode(binary));
  }

  @Override
  public String toString() {
    if (binary != null) {
      return "EnginePacket[" + type + ", " + binary.length + " bytes]";
    }
    return "EnginePacket[" + type + (text == null ? "" : ", " + text) + "]";
  }
}
