package dev.parley.benchmarks.client;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Minimal byte-level parsing of Engine.IO / Socket.IO text packets, so that the receive path of the generator never
 * builds strings or JSON trees for the frames it counts.
 */
public final class Packets {

  /** Engine.IO's record separator between the packets of a polling payload. */
  public static final byte SEPARATOR = 0x1e;

  /** A value {@link #findLong} returns when the key is absent or not followed by an integer. */
  public static final long MISSING = Long.MIN_VALUE;

  private Packets() {}

  /** The ASCII bytes of {@code s}. */
  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether the readable bytes of {@code buf} start with {@code prefix}. */
  public static boolean startsWith(ByteBuf buf, byte[] prefix) {
    int ri = buf.readerIndex();
    if (buf.readableBytes() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buf.getByte(ri + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Finds {@code key} (e.g. the bytes of {@code "t"}) in the readable bytes from {@code offset} on and parses the
   * integer after it, allowing blanks around the colon (Python's default JSON separators).
   *
   * @return the integer, or {@link #MISSING}
   */
  public static long findLong(ByteBuf buf, int offset, byte[] key) {
    int start = buf.readerIndex() + offset;
    int end = buf.writerIndex();
    int at = indexOf(buf, start, end, key);
    if (at < 0) {
      return MISSING;
    }
    int i = skipBlanks(buf, at + key.length, end);
    if (i >= end || buf.getByte(i) != ':') {
      return MISSING;
    }
    i = skipBlanks(buf, i + 1, end);
    return parseLong(buf, i, end);
  }

  /**
   * The ack id of a Socket.IO ACK packet such as {@code 312[...]} (namespace {@code /}), or -1 when it has none.
   * The buffer's first readable byte is the packet type.
   */
  public static long ackId(ByteBuf packet) {
    int i = packet.readerIndex() + 1;
    int end = packet.writerIndex();
    long id = 0;
    int digits = 0;
    while (i < end) {
      byte b = packet.getByte(i);
      if (b < '0' || b > '9') {
        break;
      }
      id = id * 10 + (b - '0');
      digits++;
      i++;
    }
    return digits == 0 ? -1 : id;
  }

  /** The index just after the ack id of {@code packet}: where its JSON arguments start. */
  public static int afterAckId(ByteBuf packet) {
    int i = packet.readerIndex() + 1;
    while (i < packet.writerIndex()) {
      byte b = packet.getByte(i);
      if (b < '0' || b > '9') {
        break;
      }
      i++;
    }
    return i;
  }

  /** Calls {@code sink} with a slice of each packet of a polling payload (packets joined by {@code \x1e}). */
  public static void forEachPacket(ByteBuf payload, Consumer<ByteBuf> sink) {
    int start = payload.readerIndex();
    int end = payload.writerIndex();
    while (start <= end) {
      int sep = payload.indexOf(start, end, SEPARATOR);
      int stop = sep < 0 ? end : sep;
      if (stop > start) {
        sink.accept(payload.slice(start, stop - start));
      }
      if (sep < 0) {
        return;
      }
      start = sep + 1;
    }
  }

  /** The {@code sid} of an Engine.IO open packet {@code 0{"sid":"...",...}}, or null. */
  public static String sid(String openPacket) {
    int at = openPacket.indexOf("\"sid\"");
    if (at < 0) {
      return null;
    }
    int colon = openPacket.indexOf(':', at + 5);
    int q1 = colon < 0 ? -1 : openPacket.indexOf('"', colon + 1);
    int q2 = q1 < 0 ? -1 : openPacket.indexOf('"', q1 + 1);
    return q2 < 0 ? null : openPacket.substring(q1 + 1, q2);
  }

  private static int indexOf(ByteBuf buf, int from, int end, byte[] needle) {
    byte first = needle[0];
    int last = end - needle.length;
    outer:
    for (int i = from; i <= last; i++) {
      if (buf.getByte(i) != first) {
        continue;
      }
      for (int k = 1; k < needle.length; k++) {
        if (buf.getByte(i + k) != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static int skipBlanks(ByteBuf buf, int i, int end) {
    while (i < end && (buf.getByte(i) == ' ' || buf.getByte(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static long parseLong(ByteBuf buf, int i, int end) {
    boolean negative = i < end && buf.getByte(i) == '-';
    if (negative) {
      i++;
    }
    long v = 0;
    int digits = 0;
    while (i < end && digits < 19) {
      byte b = buf.getByte(i);
      if (b < '0' || b > '9') {
        break;
      }
      v = v * 10 + (b - '0');
      digits++;
      i++;
    }
    if (digits == 0) {
      return MISSING;
    }
    return negative ? -v : v;
  }
}
