package dev.parley.socketio.adapter.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.SocketDetails;
import dev.parley.socketio.adapter.cluster.ClusterAdapter;
import dev.parley.socketio.adapter.cluster.ClusterMessage;
import dev.parley.socketio.adapter.cluster.ClusterMessage.Broadcast;
import dev.parley.socketio.adapter.cluster.ClusterMessage.DisconnectSockets;
import dev.parley.socketio.adapter.cluster.ClusterMessage.FetchSockets;
import dev.parley.socketio.adapter.cluster.ClusterMessage.ServerSideEmit;
import dev.parley.socketio.adapter.cluster.ClusterMessage.SocketsJoin;
import dev.parley.socketio.adapter.cluster.ClusterMessage.SocketsLeave;
import dev.parley.socketio.adapter.cluster.ClusterMessageCodec;
import dev.parley.socketio.adapter.cluster.ClusterResponse;
import dev.parley.socketio.adapter.cluster.ClusterResponse.BroadcastAck;
import dev.parley.socketio.adapter.cluster.ClusterResponse.BroadcastClientCount;
import dev.parley.socketio.adapter.cluster.ClusterResponse.FetchSocketsResponse;
import dev.parley.socketio.adapter.cluster.ClusterResponse.ServerSideEmitResponse;
import dev.parley.socketio.adapter.cluster.MalformedMessageException;
import dev.parley.socketio.adapter.cluster.MessageType;
import dev.parley.socketio.adapter.cluster.WireFormat;
import dev.parley.socketio.adapter.cluster.WireValues;

/**
 * The wire format of {@code @socket.io/redis-adapter}'s classic adapter ({@code lib/index.ts}) and of
 * {@code @socket.io/redis-emitter}, mapped to and from the cluster template's typed messages.
 *
 * <ul>
 *   <li>Broadcasts without acknowledgement: MessagePack {@code [uid, packet, {rooms, except, flags}]} on the
 *       broadcast channel, or the room's channel for exactly one room.</li>
 *   <li>Requests, on the request channel, as {@code {uid, type, ...}} with the reference's request types: JSON,
 *       except {@code BROADCAST} (7, with acknowledgements), which is MessagePack since its packet may hold binary.
 *       {@code REMOTE_JOIN} (2), {@code REMOTE_LEAVE} (3), {@code REMOTE_DISCONNECT} (4) carry {@code opts:
 *       {rooms, except}}; {@code REMOTE_FETCH} (5) a {@code requestId}; {@code SERVER_SIDE_EMIT} (6) {@code data}
 *       and, when answers are wanted, a {@code requestId}.</li>
 *   <li>Answers, on the response channels: {@code {requestId, sockets}} (JSON, untyped: the requester knows what it
 *       asked), {@code {type: 6, requestId, data}} (JSON), {@code {type: 8, requestId, clientCount}} (JSON),
 *       {@code {type: 9, requestId, packet}} (MessagePack).</li>
 * </ul>
 *
 * <p>The heartbeat messages of the cluster protocol have no classic form: classic nodes are counted with
 * {@code PUBSUB NUMSUB}, so they are not sent.
 */
final class ClassicRedisProtocol {
  /** The reference's {@code RequestType} numbers. */
  static final int SOCKETS = 0;
  static final int ALL_ROOMS = 1;
  static final int REMOTE_JOIN = 2;
  static final int REMOTE_LEAVE = 3;
  static final int REMOTE_DISCONNECT = 4;
  static final int REMOTE_FETCH = 5;
  static final int SERVER_SIDE_EMIT = 6;
  static final int BROADCAST = 7;
  static final int BROADCAST_CLIENT_COUNT = 8;
  static final int BROADCAST_ACK = 9;
  /** The uid given to a responder, which classic answers do not name. */
  static final String UNKNOWN_UID = "?";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Bytes for a channel. */
  record Publication(String channel, byte[] payload) {}

  private final WireFormat wire;
  private final String key;
  private final String nsp;

  ClassicRedisProtocol(WireFormat wire, String key, String nsp) {
    this.wire = wire;
    this.key = key;
    this.nsp = nsp;
  }

  // ---- encoding ----

  /** A message for the other nodes, or {@code null} for a type the classic protocol does not have. */
  Publication encode(ClusterMessage message) {
    ObjectNode request;
    switch (message.type()) {
      case BROADCAST -> {
        return broadcast((Broadcast) message);
      }
      case SOCKETS_JOIN -> {
        SocketsJoin join = (SocketsJoin) message;
        request = request(message, REMOTE_JOIN, null);
        request.set("opts", WireValues.roomsAndExcept(join.options()));
        request.set("rooms", WireValues.strings(join.rooms()));
      }
      case SOCKETS_LEAVE -> {
        SocketsLeave leave = (SocketsLeave) message;
        request = request(message, REMOTE_LEAVE, null);
        request.set("opts", WireValues.roomsAndExcept(leave.options()));
        request.set("rooms", WireValues.strings(leave.rooms()));
      }
      case DISCONNECT_SOCKETS -> {
        DisconnectSockets disconnect = (DisconnectSockets) message;
        request = request(message, REMOTE_DISCONNECT, null);
        request.set("opts", WireValues.roomsAndExcept(disconnect.options()));
        request.put("close", disconnect.close());
      }
      case FETCH_SOCKETS -> {
        FetchSockets fetch = (FetchSockets) message;
        request = request(message, REMOTE_FETCH, fetch.requestId());
        request.set("opts", WireValues.roomsAndExcept(fetch.options()));
      }
      case SERVER_SIDE_EMIT -> {
        ServerSideEmit emit = (ServerSideEmit) message;
        request = request(message, SERVER_SIDE_EMIT, emit.requestId());
        request.set("data", emit.args());
      }
      default -> {
        return null;
      }
    }
    return new Publication(RedisChannels.request(key, nsp), json(request));
  }

  private Publication broadcast(Broadcast message) {
    if (message.requestId() == null) {
      ArrayNode payload = NODES.arrayNode(3);
      payload.add(message.uid());
      payload.add(WireValues.packet(message.packet()));
      payload.add(WireValues.options(message.options()));
      BroadcastOptions opts = message.options();
      String channel = opts.rooms().size() == 1
          ? RedisChannels.room(key, nsp, opts.rooms().iterator().next())
          : RedisChannels.broadcast(key, nsp);
      return new Publication(channel, wire.writeMessagePack(payload));
    }
    ObjectNode request = request(message, BROADCAST, message.requestId());
    request.set("packet", WireValues.packet(message.packet()));
    request.set("opts", WireValues.options(message.options()));
    return new Publication(RedisChannels.request(key, nsp), wire.writeMessagePack(request));
  }

  private static ObjectNode request(ClusterMessage message, int type, String requestId) {
    ObjectNode node = NODES.objectNode();
    node.put("uid", message.uid());
    if (requestId != null) {
      node.put("requestId", requestId);
    }
    node.put("type", type);
    return node;
  }

  /**
   * An answer for the requesting node: on its own channel when {@code specific}, else the shared one; the answer to
   * a server-side emit always goes to the shared channel, as the reference sends it.
   */
  Publication encodeResponse(String requesterUid, ClusterResponse response, boolean specific) {
    ObjectNode node = NODES.objectNode();
    String channel = specific ? RedisChannels.response(key, nsp, requesterUid) : RedisChannels.response(key, nsp);
    switch (response.type()) {
      case FETCH_SOCKETS_RESPONSE -> {
        node.put("requestId", response.requestId());
        ArrayNode sockets = node.putArray("sockets");
        for (SocketDetails details : ((FetchSocketsResponse) response).sockets()) {
          sockets.add(WireValues.socket(details));
        }
      }
      case SERVER_SIDE_EMIT_RESPONSE -> {
        node.put("type", SERVER_SIDE_EMIT).put("requestId", response.requestId());
        node.set("data", ((ServerSideEmitResponse) response).value());
        return new Publication(RedisChannels.response(key, nsp), json(node));
      }
      case BROADCAST_CLIENT_COUNT -> node.put("type", BROADCAST_CLIENT_COUNT).put("requestId", response.requestId())
          .put("clientCount", ((BroadcastClientCount) response).clientCount());
      case BROADCAST_ACK -> {
        node.put("type", BROADCAST_ACK).put("requestId", response.requestId());
        ArrayNode args = ((BroadcastAck) response).args();
        if (!args.isEmpty()) {
          node.set("packet", args.get(0));
        }
        return new Publication(channel, wire.writeMessagePack(node));
      }
      default -> throw new IllegalArgumentException("not a response: " + response.type());
    }
    return new Publication(channel, json(node));
  }

  private byte[] json(ObjectNode node) {
    return wire.writeJson(node);
  }

  // ---- decoding ----

  /**
   * A broadcast from the broadcast pattern ({@code [uid, packet, opts]}), or {@code null} for another namespace's.
   */
  Broadcast decodeBroadcast(byte[] bytes) throws MalformedMessageException {
    JsonNode tree = wire.read(bytes);
    if (!tree.isArray() || tree.size() < 3) {
      throw new MalformedMessageException("a broadcast is not [uid, packet, opts]");
    }
    String uid = WireValues.name(tree.get(0), "uid");
    JsonNode packet = tree.get(1);
    WireValues.requireObject(packet, "packet");
    if (!nsp.equals(WireValues.packetNamespace(packet))) {
      return null;
    }
    return new Broadcast(uid, nsp, WireValues.packet(packet, nsp), WireValues.options(tree.get(2)), null);
  }

  /** A request as a typed message, or the raw request for the types the template does not know (0, 1, legacy). */
  Object decodeRequest(byte[] bytes) throws MalformedMessageException {
    JsonNode tree = wire.read(bytes);
    WireValues.requireObject(tree, "request");
    JsonNode typeNode = tree.get("type");
    if (typeNode == null || !typeNode.isInt()) {
      throw new MalformedMessageException("request type is not an integer");
    }
    JsonNode uidNode = tree.get("uid");
    // the emitter sends its requests without a uid
    String uid = uidNode == null || uidNode.isNull() ? ClusterAdapter.EMITTER_UID : WireValues.name(uidNode, "uid");
    int type = typeNode.intValue();
    boolean legacy = !tree.has("opts");
    return switch (type) {
      case SOCKETS, ALL_ROOMS -> tree;
      case REMOTE_JOIN -> legacy ? tree : new SocketsJoin(uid, nsp, WireValues.options(tree.get("opts")),
          WireValues.stringList(tree.get("rooms"), "rooms"));
      case REMOTE_LEAVE -> legacy ? tree : new SocketsLeave(uid, nsp, WireValues.options(tree.get("opts")),
          WireValues.stringList(tree.get("rooms"), "rooms"));
      case REMOTE_DISCONNECT -> legacy ? tree : new DisconnectSockets(uid, nsp,
          WireValues.options(tree.get("opts")), tree.path("close").asBoolean(false));
      case REMOTE_FETCH -> new FetchSockets(uid, nsp, WireValues.options(tree.get("opts")),
          ClusterMessageCodec.requestId(tree));
      case SERVER_SIDE_EMIT -> new ServerSideEmit(uid, nsp, ClusterMessageCodec.eventArgs(tree.get("data")),
          WireValues.optionalName(tree.get("requestId"), "requestId"));
      case BROADCAST -> {
        JsonNode packet = tree.get("packet");
        WireValues.requireObject(packet, "packet");
        yield new Broadcast(uid, nsp, WireValues.packet(packet, nsp), WireValues.options(tree.get("opts")),
            ClusterMessageCodec.requestId(tree));
      }
      default -> throw new MalformedMessageException("unknown request type " + type);
    };
  }

  /**
   * An answer, typed with the help of what this node asked ({@code fetchSockets} answers say no type), or
   * {@code null} when it answers nothing this node asked.
   *
   * @param pending what kind of request {@code requestId} is on this node, {@code null} when none
   */
  ClusterResponse decodeResponse(JsonNode tree, MessageType pending) throws MalformedMessageException {
    String requestId = ClusterMessageCodec.requestId(tree);
    int type = tree.path("type").asInt(-1);
    if (type == BROADCAST_CLIENT_COUNT && pending == MessageType.BROADCAST) {
      return new BroadcastClientCount(UNKNOWN_UID, nsp, requestId, ClusterMessageCodec.clientCount(tree));
    }
    if (type == BROADCAST_ACK && pending == MessageType.BROADCAST) {
      return new BroadcastAck(UNKNOWN_UID, nsp, requestId, ClusterMessageCodec.ackArgs(tree));
    }
    if (pending == MessageType.SERVER_SIDE_EMIT && type == SERVER_SIDE_EMIT) {
      JsonNode data = tree.get("data");
      return new ServerSideEmitResponse(UNKNOWN_UID, nsp, requestId, data == null ? NullNode.instance : data);
    }
    if (pending == MessageType.FETCH_SOCKETS && tree.has("sockets")) {
      return new FetchSocketsResponse(UNKNOWN_UID, nsp, requestId, WireValues.sockets(tree.get("sockets")));
    }
    return null;
  }

  /** Reads an answer's bytes (JSON or MessagePack). */
  JsonNode readResponse(byte[] bytes) throws MalformedMessageException {
    JsonNode tree = wire.read(bytes);
    WireValues.requireObject(tree, "response");
    return tree;
  }

  /** An answer of the types the template does not know ({@code SOCKETS}, {@code ALL_ROOMS}, legacy joins). */
  byte[] rawResponse(ObjectNode node) {
    return json(node);
  }
}
