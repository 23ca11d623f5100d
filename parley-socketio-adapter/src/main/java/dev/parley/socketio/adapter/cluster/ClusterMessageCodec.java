package dev.parley.socketio.adapter.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.socketio.adapter.SocketDetails;
import dev.parley.socketio.adapter.cluster.ClusterMessage.AdapterClose;
import dev.parley.socketio.adapter.cluster.ClusterMessage.Broadcast;
import dev.parley.socketio.adapter.cluster.ClusterMessage.DisconnectSockets;
import dev.parley.socketio.adapter.cluster.ClusterMessage.FetchSockets;
import dev.parley.socketio.adapter.cluster.ClusterMessage.Heartbeat;
import dev.parley.socketio.adapter.cluster.ClusterMessage.InitialHeartbeat;
import dev.parley.socketio.adapter.cluster.ClusterMessage.ServerSideEmit;
import dev.parley.socketio.adapter.cluster.ClusterMessage.SocketsJoin;
import dev.parley.socketio.adapter.cluster.ClusterMessage.SocketsLeave;
import dev.parley.socketio.adapter.cluster.ClusterResponse.BroadcastAck;
import dev.parley.socketio.adapter.cluster.ClusterResponse.BroadcastClientCount;
import dev.parley.socketio.adapter.cluster.ClusterResponse.FetchSocketsResponse;
import dev.parley.socketio.adapter.cluster.ClusterResponse.ServerSideEmitResponse;
import java.util.EnumSet;
import java.util.Set;

/**
 * The reference's wire format of cluster messages ({@code ClusterAdapter} in socket.io-adapter, used by the sharded
 * Redis adapter and the Redis Streams adapter): {@code {uid, nsp, type, data}} as JSON, or as MessagePack when the
 * data holds binary values.
 *
 * <p>Decoding is the one door hostile bytes come through: it checks sizes and depths ({@link WireFormat}), then every
 * field's shape, and reports anything else as a {@link MalformedMessageException}.
 */
public final class ClusterMessageCodec {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** The types whose data may carry binary values, as the reference lists them. */
  private static final Set<MessageType> MAY_CONTAIN_BINARY = EnumSet.of(MessageType.BROADCAST,
      MessageType.BROADCAST_ACK, MessageType.FETCH_SOCKETS_RESPONSE, MessageType.SERVER_SIDE_EMIT,
      MessageType.SERVER_SIDE_EMIT_RESPONSE);

  private final WireFormat format;

  public ClusterMessageCodec(WireFormat format) {
    this.format = format;
  }

  public WireFormat format() {
    return format;
  }

  /** JSON, or MessagePack when the message carries binary values: what the reference's sharded adapter sends. */
  public byte[] encode(ClusterMessage message) {
    ObjectNode tree = toTree(message);
    if (MAY_CONTAIN_BINARY.contains(message.type()) && WireFormat.hasBinary(tree.get("data"))) {
      return format.writeMessagePack(tree);
    }
    return format.writeJson(tree);
  }

  /** MessagePack whatever the content, as the reference's Redis Streams adapter publishes. */
  public byte[] encodeMessagePack(ClusterMessage message) {
    return format.writeMessagePack(toTree(message));
  }

  /** Reads a message in either encoding. */
  public ClusterMessage decode(byte[] bytes) throws MalformedMessageException {
    return fromTree(format.read(bytes));
  }

  /** The reference's object form of a message. */
  public static ObjectNode toTree(ClusterMessage message) {
    ObjectNode node = NODES.objectNode();
    node.put("uid", message.uid());
    node.put("nsp", message.nsp());
    node.put("type", message.type().code());
    ObjectNode data = data(message);
    if (data != null) {
      node.set("data", data);
    }
    return node;
  }

  private static ObjectNode data(ClusterMessage message) {
    ObjectNode data = NODES.objectNode();
    switch (message.type()) {
      case INITIAL_HEARTBEAT, HEARTBEAT, ADAPTER_CLOSE -> {
        return null;
      }
      case BROADCAST -> {
        Broadcast m = (Broadcast) message;
        data.set("opts", WireValues.options(m.options()));
        data.set("packet", WireValues.packet(m.packet()));
        putOptional(data, "requestId", m.requestId());
      }
      case SOCKETS_JOIN -> {
        SocketsJoin m = (SocketsJoin) message;
        data.set("opts", WireValues.options(m.options()));
        data.set("rooms", WireValues.strings(m.rooms()));
      }
      case SOCKETS_LEAVE -> {
        SocketsLeave m = (SocketsLeave) message;
        data.set("opts", WireValues.options(m.options()));
        data.set("rooms", WireValues.strings(m.rooms()));
      }
      case DISCONNECT_SOCKETS -> {
        DisconnectSockets m = (DisconnectSockets) message;
        data.set("opts", WireValues.options(m.options()));
        data.put("close", m.close());
      }
      case FETCH_SOCKETS -> {
        FetchSockets m = (FetchSockets) message;
        data.set("opts", WireValues.options(m.options()));
        data.put("requestId", m.requestId());
      }
      case SERVER_SIDE_EMIT -> {
        ServerSideEmit m = (ServerSideEmit) message;
        putOptional(data, "requestId", m.requestId());
        data.set("packet", m.args());
      }
      default -> responseData((ClusterResponse) message, data);
    }
    return data;
  }

  private static void responseData(ClusterResponse response, ObjectNode data) {
    data.put("requestId", response.requestId());
    switch (response.type()) {
      case FETCH_SOCKETS_RESPONSE -> {
        ArrayNode sockets = data.putArray("sockets");
        for (SocketDetails details : ((FetchSocketsResponse) response).sockets()) {
          sockets.add(WireValues.socket(details));
        }
      }
      case SERVER_SIDE_EMIT_RESPONSE -> data.set("packet", ((ServerSideEmitResponse) response).value());
      case BROADCAST_CLIENT_COUNT -> data.put("clientCount", ((BroadcastClientCount) response).clientCount());
      case BROADCAST_ACK -> {
        ArrayNode args = ((BroadcastAck) response).args();
        if (!args.isEmpty()) {
          // the reference's acknowledgement callback keeps its first argument only
          data.set("packet", args.get(0));
        }
      }
      default -> throw new IllegalArgumentException("not a response: " + response.type());
    }
  }

  private static void putOptional(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  /** Reads the reference's object form, checking every field. */
  public static ClusterMessage fromTree(JsonNode node) throws MalformedMessageException {
    WireValues.requireObject(node, "message");
    String uid = WireValues.name(node.get("uid"), "uid");
    String nsp = WireValues.name(node.get("nsp"), "nsp");
    JsonNode typeNode = node.get("type");
    MessageType type = typeNode != null && typeNode.isInt() ? MessageType.of(typeNode.intValue()) : null;
    if (type == null) {
      throw new MalformedMessageException("unknown message type " + typeNode);
    }
    JsonNode data = node.get("data");
    return switch (type) {
      case INITIAL_HEARTBEAT -> new InitialHeartbeat(uid, nsp);
      case HEARTBEAT -> new Heartbeat(uid, nsp);
      case ADAPTER_CLOSE -> new AdapterClose(uid, nsp);
      default -> withData(uid, nsp, type, data);
    };
  }

  private static ClusterMessage withData(String uid, String nsp, MessageType type, JsonNode data)
      throws MalformedMessageException {
    WireValues.requireObject(data, "data");
    return switch (type) {
      case BROADCAST -> {
        JsonNode packet = data.get("packet");
        WireValues.requireObject(packet, "data.packet");
        yield new Broadcast(uid, nsp, WireValues.packet(packet, nsp), WireValues.options(data.get("opts")),
            WireValues.optionalName(data.get("requestId"), "requestId"));
      }
      case SOCKETS_JOIN -> new SocketsJoin(uid, nsp, WireValues.options(data.get("opts")),
          WireValues.stringList(data.get("rooms"), "rooms"));
      case SOCKETS_LEAVE -> new SocketsLeave(uid, nsp, WireValues.options(data.get("opts")),
          WireValues.stringList(data.get("rooms"), "rooms"));
      case DISCONNECT_SOCKETS -> new DisconnectSockets(uid, nsp, WireValues.options(data.get("opts")),
          data.path("close").asBoolean(false));
      case FETCH_SOCKETS -> new FetchSockets(uid, nsp, WireValues.options(data.get("opts")),
          requestId(data));
      case SERVER_SIDE_EMIT -> new ServerSideEmit(uid, nsp, eventArgs(data.get("packet")),
          WireValues.optionalName(data.get("requestId"), "requestId"));
      case FETCH_SOCKETS_RESPONSE -> new FetchSocketsResponse(uid, nsp, requestId(data),
          WireValues.sockets(data.get("sockets")));
      case SERVER_SIDE_EMIT_RESPONSE -> new ServerSideEmitResponse(uid, nsp, requestId(data),
          data.has("packet") ? data.get("packet") : NullNode.instance);
      case BROADCAST_CLIENT_COUNT -> new BroadcastClientCount(uid, nsp, requestId(data), clientCount(data));
      case BROADCAST_ACK -> new BroadcastAck(uid, nsp, requestId(data), ackArgs(data));
      default -> throw new MalformedMessageException("unexpected data for " + type);
    };
  }

  /** The required {@code requestId} of a request or response. */
  public static String requestId(JsonNode data) throws MalformedMessageException {
    return WireValues.name(data.get("requestId"), "requestId");
  }

  /** A server-side emit's arguments: a non-empty array led by the event name. */
  public static ArrayNode eventArgs(JsonNode packet) throws MalformedMessageException {
    ArrayNode args = WireValues.requireArray(packet, "packet");
    if (args.isEmpty() || !args.get(0).isTextual()) {
      throw new MalformedMessageException("server-side emit without an event name");
    }
    return args;
  }

  /** A non-negative {@code clientCount}. */
  public static int clientCount(JsonNode data) throws MalformedMessageException {
    JsonNode count = data.get("clientCount");
    if (count == null || !count.isInt() || count.intValue() < 0) {
      throw new MalformedMessageException("clientCount is not a non-negative integer");
    }
    return count.intValue();
  }

  /** An acknowledgement's arguments from its single {@code packet} value (none when it is missing). */
  public static ArrayNode ackArgs(JsonNode data) {
    ArrayNode args = NODES.arrayNode();
    JsonNode packet = data.get("packet");
    if (packet != null) {
      args.add(packet);
    }
    return args;
  }
}
