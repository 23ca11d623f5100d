package dev.parley.socketio.adapter.redis;

import dev.parley.socketio.adapter.AdapterContext;
import dev.parley.socketio.adapter.AdapterFactory;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.cluster.ClusterAdapter;
import dev.parley.socketio.adapter.cluster.ClusterMessage;
import dev.parley.socketio.adapter.cluster.ClusterMessage.Broadcast;
import dev.parley.socketio.adapter.cluster.ClusterMessageCodec;
import dev.parley.socketio.adapter.cluster.ClusterResponse;
import dev.parley.socketio.adapter.cluster.MalformedMessageException;
import dev.parley.socketio.adapter.cluster.ThrottledLog;
import dev.parley.socketio.adapter.cluster.WireFormat;
import dev.parley.socketio.adapter.redis.RedisConnections.Kind;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis adapter on sharded pub/sub (Redis 7's {@code SPUBLISH}/{@code SSUBSCRIBE}), wire-compatible with
 * {@code @socket.io/redis-adapter} 8.x's {@code createShardedAdapter}: the reference's cluster messages
 * ({@link ClusterMessageCodec}: JSON, MessagePack when binary) on {@code <key>#<nsp>#}, answers on
 * {@code <key>#<nsp>#<uid>#}, and, in the dynamic {@link SubscriptionMode}s (the default), room broadcasts on
 * {@code <key>#<nsp>#<room>#}, which only the nodes with members of the room subscribe to. The nodes are counted with
 * {@code PUBSUB SHARDNUMSUB}. The {@code key} option is the reference's {@code channelPrefix}.
 *
 * <pre>{@code
 * ServerOptions.builder().adapter(ShardedRedisAdapter.factory(RedisAdapterOptions.builder()
 *     .uri("redis://127.0.0.1:6379").subscriptionMode(SubscriptionMode.DYNAMIC).build()));
 * }</pre>
 */
public final class ShardedRedisAdapter extends ClusterAdapter implements RedisStatus {
  private static final Logger log = LoggerFactory.getLogger(ShardedRedisAdapter.class);
  /** The reference's {@code looksLikeASocketId}: its socket ids are 20 characters, as Parley's are. */
  private static final int SOCKET_ID_LENGTH = 20;

  private final RedisConnections redis;
  private final Runnable release;
  private final ClusterMessageCodec codec;
  private final SubscriptionMode mode;
  private final String key;
  private final String channel;
  private final String responseChannel;
  private final ThrottledLog dropped = new ThrottledLog(log, Duration.ofSeconds(10));
  /** The rooms whose channel this node subscribes to; changed under its own lock, with the rooms. */
  private final Set<String> roomChannels = new HashSet<>();

  ShardedRedisAdapter(AdapterContext context, RedisConnections redis, Runnable release) {
    super(context, RedisAdapter.clusterOptions(redis.options()), redis.scheduler());
    this.redis = redis;
    this.release = release;
    this.codec = new ClusterMessageCodec(new WireFormat(redis.options().maxMessageBytes(),
        WireFormat.DEFAULT_MAX_DEPTH));
    this.mode = redis.options().subscriptionMode();
    this.key = redis.options().key();
    this.channel = RedisChannels.sharded(key, context.namespace());
    this.responseChannel = RedisChannels.shardedResponse(key, context.namespace(), uid());
  }

  /** A factory for {@code ServerOptions.adapter(...)}; the namespaces share two Redis connections. */
  public static AdapterFactory factory(RedisAdapterOptions options) {
    return new SharedRedisFactory(options, ShardedRedisAdapter::new);
  }

  @Override
  public CompletionStage<Void> init() {
    return CompletableFuture.allOf(
        redis.subscribe(Kind.SHARD, channel, (c, m) -> onRaw(c, m, false)).toCompletableFuture(),
        redis.subscribe(Kind.SHARD, responseChannel, (c, m) -> onRaw(c, m, true)).toCompletableFuture());
  }

  @Override
  public void close() {
    redis.unsubscribe(Kind.SHARD, channel);
    redis.unsubscribe(Kind.SHARD, responseChannel);
    synchronized (roomChannels) {
      roomChannels.forEach(room -> redis.unsubscribe(Kind.SHARD, RedisChannels.room(key, nsp(), room)));
      roomChannels.clear();
    }
    super.close();
    release.run();
  }

  // ---- the backend ----

  @Override
  protected CompletionStage<String> doPublish(ClusterMessage message) {
    return redis.spublish(channelOf(message), codec.encode(message)).thenApply(receivers -> null);
  }

  /**
   * The reference's {@code computeChannel}: a broadcast without acknowledgements to exactly one room goes to the
   * room's channel in the dynamic modes (not to a socket id's in {@code dynamic}); anything else to the namespace's.
   * Broadcasts with acknowledgements never use a room channel: every node must answer with its count.
   */
  private String channelOf(ClusterMessage message) {
    if (message instanceof Broadcast broadcast && broadcast.requestId() == null) {
      Set<String> rooms = broadcast.options().rooms();
      if (rooms.size() == 1) {
        String room = rooms.iterator().next();
        if (mode == SubscriptionMode.DYNAMIC_PRIVATE
            || (mode == SubscriptionMode.DYNAMIC && room.length() != SOCKET_ID_LENGTH)) {
          return RedisChannels.room(key, nsp(), room);
        }
      }
    }
    return channel;
  }

  @Override
  protected CompletionStage<Void> doPublishResponse(String requesterUid, ClusterResponse response) {
    return redis.spublish(RedisChannels.shardedResponse(key, nsp(), requesterUid), codec.encode(response))
        .thenApply(receivers -> null);
  }

  /** {@code PUBSUB SHARDNUMSUB} of the namespace's channel. */
  @Override
  public CompletionStage<Integer> serverCount() {
    return redis.shardNumsub(channel);
  }

  private void onRaw(String from, byte[] bytes, boolean response) {
    ClusterMessage message;
    try {
      message = codec.decode(bytes);
    } catch (MalformedMessageException e) {
      dropped.warn("[{}] namespace {}: dropped a malformed message of {} bytes on {}: {}", uid(), nsp(),
          bytes.length, from, e.getMessage());
      return;
    }
    if (!response) {
      onMessage(message);
    } else if (message instanceof ClusterResponse answer) {
      onResponse(answer);
    }
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

  // ---- room channels (dynamic modes) ----

  @Override
  public void addAll(String socketId, Set<String> rooms) {
    if (mode == SubscriptionMode.STATIC) {
      super.addAll(socketId, rooms);
      return;
    }
    synchronized (roomChannels) {
      super.addAll(socketId, rooms);
      for (String room : rooms) {
        if (hasOwnChannel(room) && roomChannels.add(room)) {
          redis.subscribe(Kind.SHARD, RedisChannels.room(key, nsp(), room), (c, m) -> onRaw(c, m, false));
        }
      }
    }
  }

  @Override
  public void del(String socketId, String room) {
    if (mode == SubscriptionMode.STATIC) {
      super.del(socketId, room);
      return;
    }
    synchronized (roomChannels) {
      super.del(socketId, room);
      unsubscribeIfEmpty(room);
    }
  }

  @Override
  public void delAll(String socketId) {
    if (mode == SubscriptionMode.STATIC) {
      super.delAll(socketId);
      return;
    }
    synchronized (roomChannels) {
      List<String> rooms = List.copyOf(socketRooms(socketId));
      super.delAll(socketId);
      rooms.forEach(this::unsubscribeIfEmpty);
    }
  }

  private void unsubscribeIfEmpty(String room) {
    if (roomChannels.contains(room) && recipients(BroadcastOptions.rooms(Set.of(room))).isEmpty()) {
      roomChannels.remove(room);
      redis.unsubscribe(Kind.SHARD, RedisChannels.room(key, nsp(), room));
    }
  }

  /** The reference's {@code shouldUseASeparateNamespace}: public rooms in dynamic mode, every room in private. */
  private boolean hasOwnChannel(String room) {
    boolean isPublic = socketRooms(room).isEmpty();
    return mode == SubscriptionMode.DYNAMIC_PRIVATE || isPublic;
  }
}
