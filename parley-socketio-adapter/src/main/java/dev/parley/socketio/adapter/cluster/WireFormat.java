package dev.parley.socketio.adapter.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The two encodings of the reference's cluster messages, JSON and MessagePack, behind one bounded reader.
 *
 * <p>The reference tells them apart by the first byte: a JSON message is an object, so it starts with {@code '{'};
 * anything else is MessagePack. The reader enforces the limits on both paths before a value is built: the message
 * size first, then nesting depth and lengths while parsing (Jackson's stream constraints, our MessagePack reader's
 * checks). Nothing is read with Java serialization, so a serialized Java object is just bytes that fail to parse.
 */
public final class WireFormat {
  /** The default largest message accepted: large broadcasts pass, a flood of garbage does not. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
  /** The default deepest nesting: a packet's JSON limit (64) plus the message's own envelope. */
  public static final int DEFAULT_MAX_DEPTH = 80;

  private final int maxMessageBytes;
  private final int maxDepth;
  private final ObjectMapper json;

  /**
   * @param maxMessageBytes the largest message read, in bytes
   * @param maxDepth the deepest nesting of arrays and objects read
   */
  public WireFormat(int maxMessageBytes, int maxDepth) {
    if (maxMessageBytes < 16) {
      throw new IllegalArgumentException("maxMessageBytes must be at least 16");
    }
    if (maxDepth < 8) {
      throw new IllegalArgumentException("maxDepth must be at least 8");
    }
    this.maxMessageBytes = maxMessageBytes;
    this.maxDepth = maxDepth;
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(maxDepth)
            .maxNumberLength(400)
            .maxStringLength(maxMessageBytes)
            .maxDocumentLength(maxMessageBytes)
            .build())
        .build();
    this.json = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** The limits of {@link #DEFAULT_MAX_MESSAGE_BYTES} and {@link #DEFAULT_MAX_DEPTH}. */
  public static WireFormat defaults() {
    return new WireFormat(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_DEPTH);
  }

  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  /**
   * Reads a message: JSON when it starts with {@code '{'}, MessagePack otherwise.
   *
   * @throws MalformedMessageException when it is empty, too large, or not valid within the limits
   */
  public JsonNode read(byte[] bytes) throws MalformedMessageException {
    if (bytes == null || bytes.length == 0) {
      throw new MalformedMessageException("empty message");
    }
    if (bytes.length > maxMessageBytes) {
      throw new MalformedMessageException("message of " + bytes.length + " bytes, more than " + maxMessageBytes);
    }
    if (bytes[0] == '{') {
      return readJson(bytes);
    }
    return MessagePack.decode(bytes, maxDepth);
  }

  /** Reads a JSON message (a channel that carries only JSON). */
  public JsonNode readJson(byte[] bytes) throws MalformedMessageException {
    if (bytes.length > maxMessageBytes) {
      throw new MalformedMessageException("message of " + bytes.length + " bytes, more than " + maxMessageBytes);
    }
    try {
      JsonNode tree = json.readTree(bytes);
      if (tree == null || tree.isMissingNode()) {
        throw new MalformedMessageException("empty JSON message");
      }
      return tree;
    } catch (IOException e) {
      throw new MalformedMessageException("invalid JSON: " + firstLine(e.getMessage()), e);
    }
  }

  /** Writes a tree as JSON (binary values, if any, become base64 strings: use MessagePack for those). */
  public byte[] writeJson(JsonNode tree) {
    try {
      return json.writeValueAsBytes(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree that cannot be written", e);
    }
  }

  /** Writes a tree as MessagePack. */
  public byte[] writeMessagePack(JsonNode tree) {
    return MessagePack.encode(tree);
  }

  /** Whether a tree holds binary values, which only MessagePack carries as such. */
  public static boolean hasBinary(JsonNode node) {
    if (node == null) {
      return false;
    }
    if (node.isBinary() || node.isPojo()) {
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

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int end = message.indexOf('\n');
    String line = end < 0 ? message : message.substring(0, end);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
