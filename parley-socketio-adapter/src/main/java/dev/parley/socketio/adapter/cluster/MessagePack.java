package dev.parley.socketio.adapter.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;

/**
 * MessagePack to and from Jackson trees, with the conventions of {@code notepack.io}, the encoder the reference's
 * Redis adapters and emitter use: binary values are {@code bin}, numbers take the smallest integer form or float 64,
 * {@code undefined} is the fixext 1 of type 0, dates are timestamps (type -1), ext type 0 is an ArrayBuffer.
 *
 * <p>Why our own and not a library: the decoder reads bytes from a shared channel, so it must be safe against hostile
 * input. Every length is checked against the bytes that remain <em>before</em> anything is allocated (a five-byte
 * message cannot claim a 2 GB string), nesting is bounded, trailing bytes are refused, and the result is plain JSON
 * values: nothing is ever instantiated from the data.
 */
public final class MessagePack {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** JavaScript's {@code Date.prototype.toJSON()}: what a date becomes once Socket.IO sends it to a client. */
  private static final DateTimeFormatter JS_ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final BigInteger UNSIGNED_64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private MessagePack() {}

  /**
   * Decodes one MessagePack value that spans all of {@code bytes}.
   *
   * @param maxDepth the deepest nesting of arrays and maps accepted
   * @throws MalformedMessageException when the bytes are not exactly one valid value within the limits
   */
  public static JsonNode decode(byte[] bytes, int maxDepth) throws MalformedMessageException {
    Reader reader = new Reader(bytes, maxDepth);
    JsonNode value = reader.read(0);
    if (reader.pos != bytes.length) {
      throw new MalformedMessageException((bytes.length - reader.pos) + " bytes after the MessagePack value");
    }
    return value.isMissingNode() ? NullNode.instance : value;
  }

  /** Encodes a tree as {@code notepack.io} would encode the same JavaScript value. */
  public static byte[] encode(JsonNode value) {
    Writer writer = new Writer();
    writer.write(value);
    return writer.toByteArray();
  }

  private static final class Reader {
    private final byte[] b;
    private final int maxDepth;
    private int pos;

    Reader(byte[] bytes, int maxDepth) {
      this.b = bytes;
      this.maxDepth = maxDepth;
    }

    JsonNode read(int depth) throws MalformedMessageException {
      int p = u8();
      if (p <= 0x7f) {
        return IntNode.valueOf(p);
      } else if (p <= 0x8f) {
        return map(p & 0x0f, depth);
      } else if (p <= 0x9f) {
        return array(p & 0x0f, depth);
      } else if (p <= 0xbf) {
        return str(p & 0x1f);
      } else if (p >= 0xe0) {
        return IntNode.valueOf((byte) p);
      }
      return switch (p) {
        case 0xc0 -> NullNode.instance;
        case 0xc2 -> BooleanNode.FALSE;
        case 0xc3 -> BooleanNode.TRUE;
        case 0xc4 -> bin(u8());
        case 0xc5 -> bin(u16());
        case 0xc6 -> bin(length32());
        case 0xc7 -> ext(u8(), true);
        case 0xc8 -> ext(u16(), true);
        case 0xc9 -> ext(length32(), true);
        case 0xca -> DoubleNode.valueOf(Float.intBitsToFloat((int) u32()));
        case 0xcb -> DoubleNode.valueOf(Double.longBitsToDouble(s64()));
        case 0xcc -> IntNode.valueOf(u8());
        case 0xcd -> IntNode.valueOf(u16());
        case 0xce -> number(u32());
        case 0xcf -> unsigned64(s64());
        case 0xd0 -> IntNode.valueOf((byte) u8());
        case 0xd1 -> IntNode.valueOf((short) u16());
        case 0xd2 -> IntNode.valueOf((int) u32());
        case 0xd3 -> number(s64());
        case 0xd4 -> ext(1, false);
        case 0xd5 -> ext(2, false);
        case 0xd6 -> ext(4, false);
        case 0xd7 -> ext(8, false);
        case 0xd8 -> ext(16, false);
        case 0xd9 -> str(u8());
        case 0xda -> str(u16());
        case 0xdb -> str(length32());
        case 0xdc -> array(u16(), depth);
        case 0xdd -> array(length32(), depth);
        case 0xde -> map(u16(), depth);
        case 0xdf -> map(length32(), depth);
        default -> throw new MalformedMessageException("invalid MessagePack byte 0x" + Integer.toHexString(p));
      };
    }

    private JsonNode array(int count, int depth) throws MalformedMessageException {
      enter(depth, count, 1);
      ArrayNode array = NODES.arrayNode(Math.min(count, 64));
      for (int i = 0; i < count; i++) {
        JsonNode item = read(depth + 1);
        // undefined in an array becomes null, as JSON.stringify makes it
        array.add(item.isMissingNode() ? NullNode.instance : item);
      }
      return array;
    }

    private JsonNode map(int count, int depth) throws MalformedMessageException {
      enter(depth, count, 2);
      ObjectNode object = NODES.objectNode();
      for (int i = 0; i < count; i++) {
        JsonNode key = read(depth + 1);
        if (!key.isTextual()) {
          throw new MalformedMessageException("map key is not a string");
        }
        JsonNode value = read(depth + 1);
        // undefined in an object drops the key, as JSON.stringify does
        if (!value.isMissingNode()) {
          object.set(key.textValue(), value);
        }
      }
      return object;
    }

    /** Refuses nesting past the limit and counts that cannot fit in what remains (each item takes a byte). */
    private void enter(int depth, int count, int minBytesPerItem) throws MalformedMessageException {
      if (depth >= maxDepth) {
        throw new MalformedMessageException("nesting deeper than " + maxDepth);
      }
      if ((long) count * minBytesPerItem > b.length - pos) {
        throw new MalformedMessageException("a container of " + count + " items in " + (b.length - pos) + " bytes");
      }
    }

    private JsonNode str(int length) throws MalformedMessageException {
      need(length);
      String s = new String(b, pos, length, StandardCharsets.UTF_8);
      pos += length;
      return TextNode.valueOf(s);
    }

    private JsonNode bin(int length) throws MalformedMessageException {
      return BinaryNode.valueOf(bytes(length));
    }

    private byte[] bytes(int length) throws MalformedMessageException {
      need(length);
      byte[] copy = new byte[length];
      System.arraycopy(b, pos, copy, 0, length);
      pos += length;
      return copy;
    }

    private JsonNode ext(int length, boolean variable) throws MalformedMessageException {
      need(1);
      int type = b[pos++];
      need(length);
      if (type == 0 && !variable && length == 1) {
        pos++;
        return MissingNode.getInstance();
      }
      if (type == 0 && variable) {
        return bin(length);
      }
      if (type == -1 && (length == 4 || length == 8 || length == 12)) {
        return timestamp(length);
      }
      if (type == 0 && length == 8) {
        return date(s64());
      }
      ArrayNode pair = NODES.arrayNode(2);
      pair.add(type);
      pair.add(bin(length));
      return pair;
    }

    private JsonNode timestamp(int length) throws MalformedMessageException {
      long seconds;
      long nanos = 0;
      if (length == 4) {
        seconds = u32();
      } else if (length == 8) {
        long value = s64();
        nanos = value >>> 34;
        seconds = value & 0x3_ffff_ffffL;
      } else {
        nanos = u32();
        seconds = s64();
      }
      return date(seconds * 1000 + nanos / 1_000_000);
    }

    private JsonNode date(long epochMillis) {
      return TextNode.valueOf(JS_ISO.format(Instant.ofEpochMilli(epochMillis)));
    }

    private static JsonNode number(long value) {
      return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
    }

    private static JsonNode unsigned64(long value) {
      return value >= 0 ? number(value)
          : BigIntegerNode.valueOf(new BigInteger(Long.toUnsignedString(value)));
    }

    private int u8() throws MalformedMessageException {
      need(1);
      return b[pos++] & 0xff;
    }

    private int u16() throws MalformedMessageException {
      need(2);
      int value = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
      pos += 2;
      return value;
    }

    private long u32() throws MalformedMessageException {
      need(4);
      long value = ((long) (b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8)
          | (b[pos + 3] & 0xff);
      pos += 4;
      return value;
    }

    private int length32() throws MalformedMessageException {
      long length = u32();
      if (length > b.length - pos) {
        throw new MalformedMessageException("a length of " + length + " with " + (b.length - pos) + " bytes left");
      }
      return (int) length;
    }

    private long s64() throws MalformedMessageException {
      long high = u32();
      long low = u32();
      return (high << 32) | low;
    }

    private void need(int length) throws MalformedMessageException {
      if (length < 0 || length > b.length - pos) {
        throw new MalformedMessageException("truncated MessagePack: " + length + " bytes needed, "
            + (b.length - pos) + " left");
      }
    }
  }

  private static final class Writer {
    private byte[] buf = new byte[256];
    private int size;

    void write(JsonNode node) {
      switch (node.getNodeType()) {
        case NULL, MISSING -> put(0xc0);
        case BOOLEAN -> put(node.booleanValue() ? 0xc3 : 0xc2);
        case NUMBER -> number(node);
        case STRING -> string(node.textValue());
        case BINARY -> binary(((BinaryNode) node).binaryValue());
        case ARRAY -> {
          header(node.size(), 0x90, 0xdc, 0xdd);
          for (JsonNode item : node) {
            write(item);
          }
        }
        case OBJECT -> {
          header(node.size(), 0x80, 0xde, 0xdf);
          Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
          while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            string(field.getKey());
            write(field.getValue());
          }
        }
        case POJO -> {
          Object pojo = ((com.fasterxml.jackson.databind.node.POJONode) node).getPojo();
          if (!(pojo instanceof byte[] bytes)) {
            throw new IllegalArgumentException("cannot encode a " + (pojo == null ? "null" : pojo.getClass()));
          }
          binary(bytes);
        }
        default -> throw new IllegalArgumentException("cannot encode a " + node.getNodeType());
      }
    }

    private void number(JsonNode node) {
      if (node.isIntegralNumber() && node.canConvertToLong()) {
        integer(node.longValue());
      } else if (node.isBigInteger() && node.bigIntegerValue().signum() > 0
          && node.bigIntegerValue().compareTo(UNSIGNED_64_MAX) <= 0) {
        put(0xcf);
        putLong(node.bigIntegerValue().longValue());
      } else {
        put(0xcb);
        putLong(Double.doubleToLongBits(node.doubleValue()));
      }
    }

    private void integer(long v) {
      if (v >= 0) {
        if (v < 0x80) {
          put((int) v);
        } else if (v < 0x100) {
          put(0xcc);
          put((int) v);
        } else if (v < 0x10000) {
          put(0xcd);
          putShort((int) v);
        } else if (v < 0x1_0000_0000L) {
          put(0xce);
          putInt((int) v);
        } else {
          put(0xcf);
          putLong(v);
        }
      } else if (v >= -0x20) {
        put((int) v & 0xff);
      } else if (v >= -0x80) {
        put(0xd0);
        put((int) v & 0xff);
      } else if (v >= -0x8000) {
        put(0xd1);
        putShort((int) v);
      } else if (v >= Integer.MIN_VALUE) {
        put(0xd2);
        putInt((int) v);
      } else {
        put(0xd3);
        putLong(v);
      }
    }

    private void string(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      int n = utf8.length;
      if (n < 0x20) {
        put(0xa0 | n);
      } else if (n < 0x100) {
        put(0xd9);
        put(n);
      } else if (n < 0x10000) {
        put(0xda);
        putShort(n);
      } else {
        put(0xdb);
        putInt(n);
      }
      putBytes(utf8);
    }

    private void binary(byte[] bytes) {
      int n = bytes.length;
      if (n < 0x100) {
        put(0xc4);
        put(n);
      } else if (n < 0x10000) {
        put(0xc5);
        putShort(n);
      } else {
        put(0xc6);
        putInt(n);
      }
      putBytes(bytes);
    }

    private void header(int n, int fix, int sixteen, int thirtyTwo) {
      if (n < 0x10) {
        put(fix | n);
      } else if (n < 0x10000) {
        put(sixteen);
        putShort(n);
      } else {
        put(thirtyTwo);
        putInt(n);
      }
    }

    private void put(int v) {
      ensure(1);
      buf[size++] = (byte) v;
    }

    private void putShort(int v) {
      put(v >>> 8);
      put(v);
    }

    private void putInt(int v) {
      putShort(v >>> 16);
      putShort(v);
    }

    private void putLong(long v) {
      putInt((int) (v >>> 32));
      putInt((int) v);
    }

    private void putBytes(byte[] bytes) {
      ensure(bytes.length);
      System.arraycopy(bytes, 0, buf, size, bytes.length);
      size += bytes.length;
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        int capacity = Math.max(buf.length * 2, size + more);
        byte[] bigger = new byte[capacity];
        System.arraycopy(buf, 0, bigger, 0, size);
        buf = bigger;
      }
    }

    byte[] toByteArray() {
      byte[] out = new byte[size];
      System.arraycopy(buf, 0, out, 0, size);
      return out;
    }
  }
}
