package dev.parley.socketio.adapter.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.socketio.adapter.cluster.ClusterMessage;
import dev.parley.socketio.adapter.cluster.ClusterMessageCodec;
import dev.parley.socketio.adapter.cluster.MalformedMessageException;
import dev.parley.socketio.adapter.cluster.MessageType;
import dev.parley.socketio.adapter.cluster.WireFormat;
import dev.parley.socketio.adapter.cluster.WireValues;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The reference's stream entry ({@code RawClusterMessage} of {@code @socket.io/redis-streams-adapter}): four string
 * fields, {@code uid}, {@code nsp}, {@code type} (the message type's number, as text) and {@code data} (the message's
 * data as JSON, or, when it holds binary values, as base64 of its MessagePack form).
 *
 * <p>Anyone who can {@code XADD} to the stream writes here, so decoding checks every field before anything is built:
 * the field sizes, the type's digits, the base64, then the limits of {@link WireFormat} and the message's shape.
 */
final class StreamEntryCodec {
  static final String UID = "uid";
  static final String NSP = "nsp";
  static final String TYPE = "type";
  static final String DATA = "data";
  /** The types whose data the reference checks for binary values. */
  private static final Set<MessageType> MAY_CONTAIN_BINARY = EnumSet.of(MessageType.BROADCAST,
      MessageType.FETCH_SOCKETS_RESPONSE, MessageType.SERVER_SIDE_EMIT, MessageType.SERVER_SIDE_EMIT_RESPONSE,
      MessageType.BROADCAST_ACK);
  private static final int MAX_NAME_BYTES = 4096;

  private final WireFormat format;

  StreamEntryCodec(WireFormat format) {
    this.format = format;
  }

  /** The entry's fields, in the reference's order. */
  Map<String, byte[]> encode(ClusterMessage message) {
    Map<String, byte[]> fields = new LinkedHashMap<>();
    fields.put(UID, utf8(message.uid()));
    fields.put(NSP, utf8(message.nsp()));
    fields.put(TYPE, utf8(Integer.toString(message.type().code())));
    JsonNode data = ClusterMessageCodec.toTree(message).get("data");
    if (data != null) {
      fields.put(DATA, MAY_CONTAIN_BINARY.contains(message.type()) && WireFormat.hasBinary(data)
          ? Base64.getEncoder().encode(format.writeMessagePack(data))
          : format.writeJson(data));
    }
    return fields;
  }

  /** Reads an entry, checking every field. */
  ClusterMessage decode(Map<String, byte[]> fields) throws MalformedMessageException {
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    tree.put(UID, name(fields, UID));
    tree.put(NSP, name(fields, NSP));
    tree.put(TYPE, type(fields));
    byte[] data = fields.get(DATA);
    if (data != null && data.length > 0) {
      tree.set(DATA, data(data));
    }
    return ClusterMessageCodec.fromTree(tree);
  }

  /** The data of a broadcast entry (for a restore, which reads only broadcasts). */
  JsonNode data(byte[] data) throws MalformedMessageException {
    if (data.length > format.maxMessageBytes()) {
      throw new MalformedMessageException("data of " + data.length + " bytes, more than " + format.maxMessageBytes());
    }
    if (data[0] == '{') {
      return format.readJson(data);
    }
    byte[] packed;
    try {
      packed = Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException("data is neither JSON nor base64: " + e.getMessage());
    }
    JsonNode tree = format.read(packed);
    WireValues.requireObject(tree, "data");
    return tree;
  }

  /** The entry's namespace, or {@code null} when it has none that could be one. */
  static String namespace(Map<String, byte[]> fields) {
    byte[] nsp = fields.get(NSP);
    return nsp == null || nsp.length == 0 || nsp.length > MAX_NAME_BYTES ? null
        : new String(nsp, StandardCharsets.UTF_8);
  }

  /** Whether the entry says it is a broadcast (type {@code "3"}), before anything is decoded. */
  static boolean isBroadcast(Map<String, byte[]> fields) {
    byte[] type = fields.get(TYPE);
    return type != null && type.length == 1 && type[0] == '0' + MessageType.BROADCAST.code();
  }

  private static String name(Map<String, byte[]> fields, String field) throws MalformedMessageException {
    byte[] value = fields.get(field);
    if (value == null || value.length == 0) {
      throw new MalformedMessageException("entry without " + field);
    }
    if (value.length > MAX_NAME_BYTES) {
      throw new MalformedMessageException(field + " of " + value.length + " bytes");
    }
    return new String(value, StandardCharsets.UTF_8);
  }

  private static int type(Map<String, byte[]> fields) throws MalformedMessageException {
    byte[] value = fields.get(TYPE);
    if (value == null || value.length == 0 || value.length > 2) {
      throw new MalformedMessageException("entry type is not a message type number");
    }
    int type = 0;
    for (byte b : value) {
      if (b < '0' || b > '9') {
        throw new MalformedMessageException("entry type is not a message type number");
      }
      type = type * 10 + (b - '0');
    }
    return type;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
