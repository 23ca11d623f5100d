package dev.parley.socketio.adapter.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.socketio.adapter.BroadcastFlags;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.SocketDetails;
import dev.parley.socketio.codec.SocketPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The pieces every reference wire format shares, to and from trees: broadcast options
 * ({@code {rooms, except, flags}}), EVENT packets ({@code {type: 2, data, nsp}}), and {@code fetchSockets} entries
 * ({@code {id, handshake, rooms, data}}). Reading is strict about shapes (a hostile message fails here with a
 * {@link MalformedMessageException}, not later with a {@code ClassCastException}) and lenient where the reference is
 * (a missing {@code flags} or {@code data}).
 */
public final class WireValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Socket.IO's EVENT and BINARY_EVENT packet types: the only ones a broadcast may carry. */
  private static final int EVENT = 2;
  private static final int BINARY_EVENT = 5;
  /** Ids and names are short; a longer one is garbage, not a room worth allocating for. */
  private static final int MAX_NAME_LENGTH = 4096;

  private WireValues() {}

  // ---- broadcast options ----

  /** {@code {rooms: [...], except: [...], flags: {...}}}, the flags as the reference's operator sets them. */
  public static ObjectNode options(BroadcastOptions options) {
    ObjectNode node = NODES.objectNode();
    node.set("rooms", strings(options.rooms()));
    node.set("except", strings(options.except()));
    node.set("flags", flags(options.flags()));
    return node;
  }

  /** {@code {rooms, except}}, without flags, as the classic Redis requests carry them. */
  public static ObjectNode roomsAndExcept(BroadcastOptions options) {
    ObjectNode node = NODES.objectNode();
    node.set("rooms", strings(options.rooms()));
    node.set("except", strings(options.except()));
    return node;
  }

  /**
   * The reference sets a flag only when it differs from the default ({@code volatile: true}, {@code compress:
   * false}, a {@code timeout}), and the cluster adapter checks {@code volatile === undefined}: so do we.
   */
  static ObjectNode flags(BroadcastFlags flags) {
    ObjectNode node = NODES.objectNode();
    if (flags.isVolatile()) {
      node.put("volatile", true);
    }
    if (!flags.compress()) {
      node.put("compress", false);
    }
    if (flags.timeout() != null) {
      node.put("timeout", flags.timeout().toMillis());
    }
    return node;
  }

  /** Reads broadcast options; {@code flags} may be missing. The result is never {@code local}. */
  public static BroadcastOptions options(JsonNode node) throws MalformedMessageException {
    requireObject(node, "opts");
    Set<String> rooms = stringSet(node.get("rooms"), "opts.rooms");
    Set<String> except = node.has("except") ? stringSet(node.get("except"), "opts.except") : Set.of();
    JsonNode flags = node.get("flags");
    BroadcastFlags parsed = BroadcastFlags.DEFAULT;
    if (flags != null && flags.isObject()) {
      parsed = parsed.withVolatile(flags.path("volatile").asBoolean(false))
          .withCompress(!flags.path("compress").isBoolean() || flags.get("compress").booleanValue());
      JsonNode timeout = flags.get("timeout");
      if (timeout != null && timeout.isNumber() && timeout.asLong() > 0) {
        parsed = parsed.withTimeout(Duration.ofMillis(timeout.asLong()));
      }
    }
    return new BroadcastOptions(rooms, except, parsed);
  }

  // ---- packets ----

  /** {@code {type: 2, data: [...], nsp}}: the packet without its ack id (each node numbers its own). */
  public static ObjectNode packet(SocketPacket packet) {
    ObjectNode node = NODES.objectNode();
    node.put("type", EVENT);
    node.set("data", packet.data());
    node.put("nsp", packet.namespace());
    return node;
  }

  /**
   * Reads a broadcast packet: an EVENT (or BINARY_EVENT) whose data is a non-empty array led by the event name.
   *
   * @param namespace the namespace to give the packet (the receiving adapter's: a packet's own {@code nsp} is
   *     checked by the caller, and may be missing, meaning {@code "/"})
   */
  public static SocketPacket packet(JsonNode node, String namespace) throws MalformedMessageException {
    requireObject(node, "packet");
    int type = node.path("type").asInt(-1);
    if (!node.path("type").isInt() || (type != EVENT && type != BINARY_EVENT)) {
      throw new MalformedMessageException("packet type " + node.get("type") + " is not an EVENT");
    }
    JsonNode data = node.get("data");
    if (data == null || !data.isArray() || data.isEmpty()) {
      throw new MalformedMessageException("packet data is not a non-empty array");
    }
    JsonNode event = data.get(0);
    if (!event.isTextual() && !event.isNumber()) {
      throw new MalformedMessageException("packet event name is neither a string nor a number");
    }
    return SocketPacket.event(namespace, data);
  }

  /** The {@code nsp} of a packet: {@code "/"} when it is missing, as the reference reads it. */
  public static String packetNamespace(JsonNode packet) throws MalformedMessageException {
    JsonNode nsp = packet.get("nsp");
    if (nsp == null || nsp.isNull()) {
      return "/";
    }
    if (!nsp.isTextual()) {
      throw new MalformedMessageException("packet nsp is not a string");
    }
    return nsp.textValue();
  }

  // ---- fetchSockets entries ----

  /** {@code {id, handshake, rooms, data}}, the reference's shape of a remote socket. */
  public static ObjectNode socket(SocketDetails details) {
    ObjectNode node = NODES.objectNode();
    node.put("id", details.id());
    node.set("handshake", details.handshake());
    node.set("rooms", strings(details.rooms()));
    if (!details.data().isNull() && !details.data().isMissingNode()) {
      node.set("data", details.data());
    }
    return node;
  }

  /** Reads one {@code fetchSockets} entry; a missing {@code handshake} or {@code data} is tolerated. */
  public static SocketDetails socket(JsonNode node) throws MalformedMessageException {
    requireObject(node, "socket");
    String id = name(node.get("id"), "socket.id");
    JsonNode handshake = node.get("handshake");
    if (handshake != null && !handshake.isObject()) {
      throw new MalformedMessageException("socket.handshake is not an object");
    }
    Set<String> rooms = node.has("rooms") ? stringSet(node.get("rooms"), "socket.rooms") : Set.of();
    JsonNode data = node.get("data");
    return new SocketDetails(id, handshake == null ? NODES.objectNode() : handshake, rooms,
        data == null ? NullNode.instance : data);
  }

  /** Reads a list of {@code fetchSockets} entries. */
  public static List<SocketDetails> sockets(JsonNode node) throws MalformedMessageException {
    if (node == null || !node.isArray()) {
      throw new MalformedMessageException("sockets is not an array");
    }
    List<SocketDetails> list = new ArrayList<>(node.size());
    for (JsonNode entry : node) {
      list.add(socket(entry));
    }
    return list;
  }

  // ---- small strict readers ----

  /** A JSON array of the strings. */
  public static ArrayNode strings(Iterable<String> values) {
    ArrayNode array = NODES.arrayNode();
    values.forEach(array::add);
    return array;
  }

  /**
   * A list of names: strings, or numbers read as their text (the reference allows numeric rooms).
   *
   * @throws MalformedMessageException when it is not an array of those
   */
  public static List<String> stringList(JsonNode node, String what) throws MalformedMessageException {
    if (node == null || !node.isArray()) {
      throw new MalformedMessageException(what + " is not an array");
    }
    List<String> list = new ArrayList<>(node.size());
    for (JsonNode item : node) {
      list.add(name(item, what));
    }
    return list;
  }

  static Set<String> stringSet(JsonNode node, String what) throws MalformedMessageException {
    return new LinkedHashSet<>(stringList(node, what));
  }

  /** A string (or number) of reasonable length. */
  public static String name(JsonNode node, String what) throws MalformedMessageException {
    if (node == null || !(node.isTextual() || node.isIntegralNumber())) {
      throw new MalformedMessageException(what + " is not a string");
    }
    String text = node.asText();
    if (text.length() > MAX_NAME_LENGTH) {
      throw new MalformedMessageException(what + " is longer than " + MAX_NAME_LENGTH + " characters");
    }
    return text;
  }

  /** An optional string: {@code null} when missing or null. */
  public static String optionalName(JsonNode node, String what) throws MalformedMessageException {
    return node == null || node.isNull() ? null : name(node, what);
  }

  /** Requires an object. */
  public static void requireObject(JsonNode node, String what) throws MalformedMessageException {
    if (node == null || !node.isObject()) {
      throw new MalformedMessageException(what + " is not an object");
    }
  }

  /** Requires an array. */
  public static ArrayNode requireArray(JsonNode node, String what) throws MalformedMessageException {
    if (node == null || !node.isArray()) {
      throw new MalformedMessageException(what + " is not an array");
    }
    return (ArrayNode) node;
  }
}
