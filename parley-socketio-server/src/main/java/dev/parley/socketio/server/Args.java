package dev.parley.socketio.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of an event or an acknowledgement, as sent by the client, with typed access through Jackson.
 *
 * <pre>{@code
 * socket.on("order", (args, ack) -> {
 *   Order order = args.get(0, Order.class);
 *   byte[] attachment = args.bytes(1);
 * });
 * }</pre>
 *
 * <p>Binary attachments are {@link com.fasterxml.jackson.databind.node.BinaryNode}s in the tree and bind to
 * {@code byte[]} fields. Instances are immutable views; {@link #json()} returns a copy.
 */
public final class Args {
  private final ArrayNode values;
  private final ObjectMapper mapper;

  /**
   * @param values the arguments (not copied: the caller hands it over)
   * @param mapper the mapper used for {@link #get}
   */
  public Args(ArrayNode values, ObjectMapper mapper) {
    this.values = values;
    this.mapper = mapper;
  }

  /** No arguments. */
  public static Args empty(ObjectMapper mapper) {
    return new Args(JsonNodeFactory.instance.arrayNode(), mapper);
  }

  public int size() {
    return values.size();
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** Argument {@code i} as a JSON tree; a missing node when there is no such argument. */
  public JsonNode node(int i) {
    return values.path(i);
  }

  /**
   * Argument {@code i} bound to {@code type}.
   *
   * @throws IllegalArgumentException when the argument does not fit the type
   */
  public <T> T get(int i, Class<T> type) {
    JsonNode node = values.get(i);
    if (node == null) {
      return null;
    }
    try {
      return mapper.treeToValue(node, type);
    } catch (Exception e) {
      throw new IllegalArgumentException("argument " + i + " is not a " + type.getSimpleName(), e);
    }
  }

  /** Argument {@code i} bound to a generic type. */
  public <T> T get(int i, TypeReference<T> type) {
    JsonNode node = values.get(i);
    if (node == null) {
      return null;
    }
    try {
      return mapper.treeToValue(node, mapper.getTypeFactory().constructType(type));
    } catch (Exception e) {
      throw new IllegalArgumentException("argument " + i + " is not a " + type.getType(), e);
    }
  }

  /** Argument {@code i} as text, or {@code null} if it is absent or not a string. */
  public String string(int i) {
    JsonNode node = values.get(i);
    return node != null && node.isTextual() ? node.textValue() : null;
  }

  /** Argument {@code i} as bytes, or {@code null} if it is absent or not a binary attachment. */
  public byte[] bytes(int i) {
    JsonNode node = values.get(i);
    return node != null && node.isBinary() ? ((com.fasterxml.jackson.databind.node.BinaryNode) node).binaryValue()
        : null;
  }

  /** The arguments as JSON trees. */
  public List<JsonNode> nodes() {
    List<JsonNode> list = new ArrayList<>(values.size());
    values.forEach(list::add);
    return list;
  }

  /** A copy of the arguments as a JSON array. */
  public ArrayNode json() {
    return values.deepCopy();
  }

  /** The arguments without copying, for re-sending them unchanged (echo, relay). */
  public Object[] toArray() {
    Object[] array = new Object[values.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = values.get(i);
    }
    return array;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
