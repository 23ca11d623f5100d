package dev.parley.engineio.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes HTTP long-polling payloads: packets joined by the record separator {@code \x1e}
 * (protocol section "HTTP long-polling").
 *
 * <p>Decoding is a single linear scan, and the number of packets is capped so a body of tiny packets
 * ({@code 4x\x1e4x\x1e…}) cannot make a session do unbounded work.
 */
public final class EnginePayloadCodec {

  /** The record separator between packets of a payload. */
  public static final char SEPARATOR = '\u001e';

  private EnginePayloadCodec() {}

  /** Joins the packets' text forms with the separator. */
  public static String encode(List<EnginePacket> packets) {
    if (packets.size() == 1) {
      return EnginePacketCodec.encodeText(packets.get(0));
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < packets.size(); i++) {
      if (i > 0) {
        sb.append(SEPARATOR);
      }
      sb.append(EnginePacketCodec.encodeText(packets.get(i)));
    }
    return sb.toString();
  }

  /**
   * Splits a payload into packets.
   *
   * @param payload the request body, decoded as UTF-8
   * @param maxPackets the most packets accepted in one payload
   * @throws EngineProtocolException if any packet is invalid or there are more than {@code maxPackets}
   */
  public static List<EnginePacket> decode(CharSequence payload, int maxPackets) {
    List<EnginePacket> packets = new ArrayList<>();
    int length = payload.length();
    int start = 0;
    while (true) {
      int end = indexOfSeparator(payload, start, length);
      if (packets.size() == maxPackets) {
        throw new EngineProtocolException("too many packets in payload");
      }
      packets.add(EnginePacketCodec.decodeText(payload, start, end));
      if (end == length) {
        return packets;
      }
      start = end + 1;
    }
  }

  private static int indexOfSeparator(CharSequence s, int from, int length) {
    for (int i = from; i < length; i++) {
      if (s.charAt(i) == SEPARATOR) {
        return i;
      }
    }
    return length;
  }
}
