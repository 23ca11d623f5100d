package dev.parley.socketio.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Swaps binary nodes for {@code {"_placeholder":true,"num":n}} objects and back (protocol section "Binary").
 *
 * <p>Numbering is depth-first, arrays in index order and objects in key order, as the reference's
 * {@code deconstructPacket} does, so the attachments of an echoed packet come back in the order they came in.
 */
final class Placeholders {
  static final String PLACEHOLDER_KEY = "_placeholder";
  static final String NUM_KEY = "num";

  private Placeholders() {}

  /** Whether the tree holds any binary node. */
  static boolean hasBinary(JsonNode node) {
    if (node == null) {
      return false;
    }
    if (node.isBinary()) {
      return true;
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        if (hasBinary(child)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A copy of the tree with every binary node replaced by a placeholder; the binaries go to {@code out}. */
  static JsonNode deconstruct(JsonNode node, List<byte[]> out) {
    if (node.isBinary()) {
      ObjectNode placeholder = JsonNodeFactory.instance.objectNode();
      placeholder.put(PLACEHOLDER_KEY, true);
      placeholder.put(NUM_KEY, out.size());
      out.add(((BinaryNode) node).binaryValue());
      return placeholder;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
      for (JsonNode child : node) {
        copy.add(deconstruct(child, out));
      }
      return copy;
    }
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        copy.set(field.getKey(), deconstruct(field.getValue(), out));
      }
      return copy;
    }
    return node;
  }

  /**
   * Replaces the placeholders of a decoded tree by the attachments, in place.
   *
   * <p>Each attachment may be referenced once. The reference's parser lets several placeholders share one, but no
   * client sends that (their encoders number each binary anew), and it would let one attachment within
   * {@code maxAttachmentBytes} become a packet of any number of copies of it, which the server then relays: one
   * 1 MB attachment and 30,000 placeholders (under 1 MB of text) would make a packet of 30 GB to send.
   *
   * @return the tree (or the attachment itself when the root is a placeholder)
   * @throws SocketProtocolException if a placeholder's {@code num} is not an integer index of {@code attachments},
   *     or an index already used by another placeholder
   */
  static JsonNode reconstruct(JsonNode node, List<byte[]> attachments) {
    return reconstruct(node, attachments, new boolean[attachments.size()]);
  }

  private static JsonNode reconstruct(JsonNode node, List<byte[]> attachments, boolean[] used) {
    if (node.isObject()) {
      JsonNode flag = node.get(PLACEHOLDER_KEY);
      if (flag != null && flag.isBoolean() && flag.booleanValue()) {
        JsonNode num = node.get(NUM_KEY);
        if (num == null || !num.isIntegralNumber() || !num.canConvertToInt()
            || num.intValue() < 0 || num.intValue() >= attachments.size() || used[num.intValue()]) {
          throw new SocketProtocolException("illegal attachments");
        }
        used[num.intValue()] = true;
        return BinaryNode.valueOf(attachments.get(num.intValue()));
      }
      ObjectNode object = (ObjectNode) node;
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        object.set(name, reconstruct(object.get(name), attachments, used));
      }
      return object;
    }
    if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        array.set(i, reconstruct(array.get(i), attachments, used));
      }
    }
    return node;
  }
}
