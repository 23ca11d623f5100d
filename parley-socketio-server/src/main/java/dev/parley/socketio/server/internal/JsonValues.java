package dev.parley.socketio.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.socketio.codec.SocketPacketDecoder;
import java.nio.ByteBuffer;

/**
 * Turns the Java values an application emits into the JSON trees packets carry.
 *
 * <p>Common values (trees, strings, numbers, {@code byte[]}) skip Jackson's data binding, which matters on the emit
 * hot path; anything else goes through {@link ObjectMapper#valueToTree}, which keeps {@code byte[]} fields as binary
 * nodes so they travel as attachments.
 */
public final class JsonValues {
  private JsonValues() {}

  public static JsonNode toNode(ObjectMapper mapper, Object value) {
    if (value == null) {
      return NullNode.instance;
    }
    if (value instanceof JsonNode node) {
      return node;
    }
    if (value instanceof String s) {
      return TextNode.valueOf(s);
    }
    if (value instanceof Integer i) {
      return IntNode.valueOf(i);
    }
    if (value instanceof Long l) {
      return LongNode.valueOf(l);
    }
    if (value instanceof Boolean b) {
      return BooleanNode.valueOf(b);
    }
    if (value instanceof Double d) {
      return DoubleNode.valueOf(d);
    }
    if (value instanceof byte[] bytes) {
      return BinaryNode.valueOf(bytes);
    }
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return BinaryNode.valueOf(bytes);
    }
    return mapper.valueToTree(value);
  }

  /** {@code [event, args...]}. */
  public static ArrayNode eventArray(ObjectMapper mapper, String event, Object[] args) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode(args.length + 1);
    array.add(event);
    for (Object arg : args) {
      array.add(toNode(mapper, arg));
    }
    return array;
  }

  /** {@code [args...]}. */
  public static ArrayNode array(ObjectMapper mapper, Object[] args) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode(args.length);
    for (Object arg : args) {
      array.add(toNode(mapper, arg));
    }
    return array;
  }

  /** Throws for the event names the protocol reserves (the reference throws too). */
  public static void checkEmittable(String event) {
    if (event == null) {
      throw new IllegalArgumentException("event name must not be null");
    }
    if (SocketPacketDecoder.RESERVED_EVENTS.contains(event)) {
      throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
    }
  }
}
