package dev.parley.socketio.adapter.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.socketio.adapter.AdapterContext;
import dev.parley.socketio.adapter.AdapterFactory;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.cluster.ClusterAdapter;
import dev.parley.socketio.adapter.cluster.ClusterAdapterOptions;
import dev.parley.socketio.adapter.cluster.ClusterMessage;
import dev.parley.socketio.adapter.cluster.ClusterResponse;
import dev.parley.socketio.adapter.cluster.MalformedMessageException;
import dev.parley.socketio.adapter.cluster.MessageType;
import dev.parley.socketio.adapter.cluster.ThrottledLog;
import dev.parley.socketio.adapter.cluster.WireFormat;
import dev.parley.socketio.adapter.cluster.WireValues;
import dev.parley.socketio.adapter.redis.RedisConnections.Kind;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis adapter, wire-compatible with {@code @socket.io/redis-adapter} 8.x in its classic pub/sub mode
 * ({@code createAdapter(pubClient, subClient, opts)}): Parley and Node nodes with the same {@code key} form one
 * cluster, and {@code @socket.io/redis-emitter} (or {@link RedisEmitter}) reaches both.
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.create(ServerOptions.builder()
 *     .adapter(RedisAdapter.factory(RedisAdapterOptions.builder().uri("redis://127.0.0.1:6379").build()))
 *     .build());
 * }</pre>
 *
 * <p>Each namespace subscribes to its broadcast channels (one pattern), its request channel and its two response
 * channels; the nodes are counted with {@code PUBSUB NUMSUB} on the request channel. The cluster semantics are the
 * template's ({@link ClusterAdapter}); this class maps them to the classic wire format ({@link ClassicRedisProtocol})
 * and answers the two legacy requests the template does not have ({@code allRooms}, {@code sockets}).
 *
 * <p>During a Redis outage this node's sockets keep receiving what this node broadcasts; publishes fail at once and
 * are dropped (logged, throttled); requests to other nodes fail at once; the connections come back by themselves.
 */
public final class RedisAdapter extends ClusterAdapter implements RedisStatus {
  private static final Logger log = LoggerFactory.getLogger(RedisAdapter.class);

  private final RedisConnections redis;
  private final Runnable release;
  private final ClassicRedisProtocol protocol;
  private final String key;
  private final String broadcastPrefix;
  private final ThrottledLog dropped = new ThrottledLog(log, Duration.ofSeconds(10));

  RedisAdapter(AdapterContext context, RedisConnections redis, Runnable release) {
    super(context, clusterOptions(redis.options()), redis.scheduler());
    this.redis = redis;
    this.release = release;
    this.key = redis.options().key();
    this.protocol = new ClassicRedisProtocol(new WireFormat(redis.options().maxMessageBytes(),
        WireFormat.DEFAULT_MAX_DEPTH), key, context.namespace());
    this.broadcastPrefix = RedisChannels.broadcast(key, context.namespace());
  }

  static ClusterAdapterOptions clusterOptions(RedisAdapterOptions options) {
    return ClusterAdapterOptions.builder().requestTimeout(options.requestsTimeout()).build();
  }

  /**
   * A factory for {@code ServerOptions.adapter(...)}: the namespaces of the server share two Redis connections, as
   * the reference's adapters share their {@code pubClient} and {@code subClient}.
   */
  public static AdapterFactory factory(RedisAdapterOptions options) {
    return new SharedRedisFactory(options, RedisAdapter::new);
  }

  /** Subscribes; completes once Redis confirmed every subscription (they are retried until it does). */
  @Override
  public CompletionStage<Void> init() {
    String nsp = nsp();
    return CompletableFuture.allOf(
        redis.subscribe(Kind.PATTERN, RedisChannels.broadcastPattern(key, nsp), this::onBroadcast)
            .toCompletableFuture(),
        redis.subscribe(Kind.CHANNEL, RedisChannels.request(key, nsp), (c, m) -> onRequest(m))
            .toCompletableFuture(),
        redis.subscribe(Kind.CHANNEL, RedisChannels.response(key, nsp), (c, m) -> onResponseBytes(m))
            .toCompletableFuture(),
        redis.subscribe(Kind.CHANNEL, RedisChannels.response(key, nsp, uid()), (c, m) -> onResponseBytes(m))
            .toCompletableFuture());
  }

  @Override
  public void close() {
    String nsp = nsp();
    redis.unsubscribe(Kind.PATTERN, RedisChannels.broadcastPattern(key, nsp));
    redis.unsubscribe(Kind.CHANNEL, RedisChannels.request(key, nsp));
    redis.unsubscribe(Kind.CHANNEL, RedisChannels.response(key, nsp));
    redis.unsubscribe(Kind.CHANNEL, RedisChannels.response(key, nsp, uid()));
    super.close();
    release.run();
  }

  // ---- the backend ----

  @Override
  protected CompletionStage<String> doPublish(ClusterMessage message) {
    ClassicRedisProtocol.Publication publication = protocol.encode(message);
    if (publication == null) {
      return CompletableFuture.completedFuture(null);
    }
    return redis.publish(publication.channel(), publication.payload()).thenApply(receivers -> null);
  }

  @Override
  protected CompletionStage<Void> doPublishResponse(String requesterUid, ClusterResponse response) {
    ClassicRedisProtocol.Publication publication = protocol.encodeResponse(requesterUid, response,
        redis.options().publishOnSpecificResponseChannel());
    return redis.publish(publication.channel(), publication.payload()).thenApply(receivers -> null);
  }

  /** {@code PUBSUB NUMSUB} of the request channel: every node, Parley or Node, subscribes to it. */
  @Override
  public CompletionStage<Integer> serverCount() {
    return redis.numsub(RedisChannels.request(key, nsp()));
  }

  // ---- receiving, on Lettuce's I/O thread ----

  private void onBroadcast(String channel, byte[] message) {
    if (!channel.startsWith(broadcastPrefix)) {
      return;
    }
    String room = channel.substring(broadcastPrefix.length(), Math.max(broadcastPrefix.length(),
        channel.length() - 1));
    // a room's broadcast concerns this node only if the room has sockets here: skip the decoding otherwise
    if (!room.isEmpty() && recipients(BroadcastOptions.rooms(Set.of(room))).isEmpty()) {
      return;
    }
    try {
      ClusterMessage broadcast = protocol.decodeBroadcast(message);
      if (broadcast != null) {
        onMessage(broadcast);
      }
    } catch (MalformedMessageException e) {
      drop(channel, message, e);
    }
  }

  private void onRequest(byte[] message) {
    Object request;
    try {
      request = protocol.decodeRequest(message);
    } catch (MalformedMessageException e) {
      drop(RedisChannels.request(key, nsp()), message, e);
      return;
    }
    if (request instanceof ClusterMessage typed) {
      onMessage(typed);
    } else {
      onLegacyRequest((JsonNode) request);
    }
  }

  private void onResponseBytes(byte[] message) {
    try {
      JsonNode tree = protocol.readResponse(message);
      JsonNode requestId = tree.get("requestId");
      MessageType pending = requestId == null ? null : pendingRequestType(requestId.asText());
      if (pending == null) {
        // an answer to another node's request: the shared response channel carries them all
        return;
      }
      ClusterResponse response = protocol.decodeResponse(tree, pending);
      if (response != null) {
        onResponse(response);
      }
    } catch (MalformedMessageException e) {
      drop(RedisChannels.response(key, nsp()), message, e);
    }
  }

  /** The requests of older versions that the cluster template does not have: answered here. */
  private void onLegacyRequest(JsonNode request) {
    int type = request.path("type").asInt();
    String requester = request.path("uid").asText(EMITTER_UID);
    if (uid().equals(requester)) {
      return;
    }
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.set("requestId", request.get("requestId"));
    try {
      switch (type) {
        case ClassicRedisProtocol.SOCKETS -> {
          Set<String> rooms = request.has("rooms") ? Set.copyOf(WireValues.stringList(request.get("rooms"),
              "rooms")) : Set.of();
          answer.set("sockets", WireValues.strings(sockets(rooms)));
        }
        case ClassicRedisProtocol.ALL_ROOMS -> answer.set("rooms", WireValues.strings(rooms().keySet()));
        default -> {
          if (!legacySocketRequest(type, request)) {
            return;
          }
        }
      }
    } catch (MalformedMessageException e) {
      drop(RedisChannels.request(key, nsp()), new byte[0], e);
      return;
    }
    if (request.has("requestId")) {
      String channel = redis.options().publishOnSpecificResponseChannel()
          ? RedisChannels.response(key, nsp(), requester) : RedisChannels.response(key, nsp());
      redis.publish(channel, protocol.rawResponse(answer));
    }
  }

  /** {@code remoteJoin}, {@code remoteLeave}, {@code remoteDisconnect} of one socket by id (adapter 6.x). */
  private boolean legacySocketRequest(int type, JsonNode request) throws MalformedMessageException {
    String sid = WireValues.name(request.get("sid"), "sid");
    if (!context.isLocal(sid)) {
      return false;
    }
    switch (type) {
      case ClassicRedisProtocol.REMOTE_JOIN -> context.join(sid, Set.of(WireValues.name(request.get("room"),
          "room")));
      case ClassicRedisProtocol.REMOTE_LEAVE -> context.leave(sid, Set.of(WireValues.name(request.get("room"),
          "room")));
      case ClassicRedisProtocol.REMOTE_DISCONNECT -> context.disconnect(sid, request.path("close").asBoolean());
      default -> {
        return false;
      }
    }
    return true;
  }

  private void drop(String channel, byte[] message, MalformedMessageException e) {
    dropped.warn("[{}] namespace {}: dropped a malformed message of {} bytes on {}: {}", uid(), nsp(),
        message.length, channel, e.getMessage());
  }

  /** How many malformed messages were dropped (for tests and metrics). */
  public long droppedMessages() {
    return dropped.count();
  }

  @Override
  public boolean isConnected() {
    return redis.isConnected();
  }

  @Override
  public String lastRedisError() {
    return redis.lastError();
  }

  /** How often the connections were given up because Redis stopped answering (for tests and metrics). */
  public int connectionsReplaced() {
    return redis.replacements();
  }

  /** Publishes that were waiting for Redis at most at once: the bound on memory during an outage. */
  public int maxPublishesInFlight() {
    return redis.maxInFlight();
  }
}
