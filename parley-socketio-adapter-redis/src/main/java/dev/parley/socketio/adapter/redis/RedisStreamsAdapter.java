package dev.parley.socketio.adapter.redis;

import dev.parley.socketio.adapter.AdapterContext;
import dev.parley.socketio.adapter.AdapterFactory;
import dev.parley.socketio.adapter.SessionState;
import dev.parley.socketio.adapter.cluster.ClusterAdapterWithHeartbeat;
import dev.parley.socketio.adapter.cluster.ClusterMessage;
import dev.parley.socketio.adapter.cluster.ClusterMessage.Broadcast;
import dev.parley.socketio.adapter.cluster.ClusterMessageCodec;
import dev.parley.socketio.adapter.cluster.ClusterResponse;
import dev.parley.socketio.adapter.cluster.MalformedMessageException;
import dev.parley.socketio.adapter.cluster.MessageType;
import dev.parley.socketio.adapter.cluster.Responders;
import dev.parley.socketio.adapter.cluster.ThrottledLog;
import dev.parley.socketio.adapter.cluster.WireFormat;
import dev.parley.socketio.adapter.redis.RedisConnections.Kind;
import io.lettuce.core.XAddArgs;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis Streams adapter, wire-compatible with {@code @socket.io/redis-streams-adapter} (0.3.x by default, 0.2.x
 * with {@link StreamsProtocol#V0_2}): broadcasts and room changes are entries of a Redis stream, so every node reads
 * them in one order and each broadcast has an offset, the entry's id. That is what connection state recovery across
 * nodes needs: a client that comes back, on any node, after its node died, gets its id, rooms and data back from
 * Redis and the broadcasts it missed from the stream.
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.create(ServerOptions.builder()
 *     .adapter(RedisStreamsAdapter.factory(RedisStreamsOptions.builder()
 *         .redis(RedisAdapterOptions.builder().uri("redis://127.0.0.1:6379").build()).build()))
 *     .connectionStateRecovery(RecoveryOptions.defaults())
 *     .build());
 * }</pre>
 *
 * <p>The cluster semantics are the template's; this class moves messages: {@code XADD ... MAXLEN ~} for what must be
 * ordered and kept, pub/sub for requests and answers (0.3.x; in 0.2.x those go through the stream too). The stream is
 * read by one {@link StreamReader} per stream and server, which hands entries to this adapter's executor; nothing
 * here runs on, or blocks, a Netty event loop. Malformed entries and messages are logged (throttled) and dropped.
 */
public final class RedisStreamsAdapter extends ClusterAdapterWithHeartbeat implements RedisStatus {
  private static final Logger log = LoggerFactory.getLogger(RedisStreamsAdapter.class);
  /** Requests and their answers: not kept in the stream in 0.3.x, where no one reads them back. */
  private static final Set<MessageType> EPHEMERAL = Set.of(MessageType.SERVER_SIDE_EMIT, MessageType.FETCH_SOCKETS);
  /** What only the heartbeat protocol (0.2.x) says. */
  private static final Set<MessageType> HEARTBEATS = Set.of(MessageType.INITIAL_HEARTBEAT, MessageType.HEARTBEAT,
      MessageType.ADAPTER_CLOSE);

  private final RedisStreamsFactory.Shared shared;
  private final Runnable release;
  private final RedisConnections redis;
  private final RedisStreamsOptions options;
  private final StreamsProtocol protocol;
  private final StreamEntryCodec entries;
  private final ClusterMessageCodec messages;
  private final StreamSessions sessions;
  private final String stream;
  private final String publicChannel;
  private final String privateChannel;
  private final Kind kind;
  private final ThrottledLog dropped = new ThrottledLog(log, Duration.ofSeconds(10));

  RedisStreamsAdapter(AdapterContext context, RedisStreamsFactory.Shared shared, Runnable release) {
    super(context, shared.options().clusterOptions(), shared.redis().scheduler());
    this.shared = shared;
    this.release = release;
    this.redis = shared.redis();
    this.options = shared.options();
    this.protocol = options.protocol();
    WireFormat format = new WireFormat(options.redis().maxMessageBytes(), WireFormat.DEFAULT_MAX_DEPTH);
    this.entries = new StreamEntryCodec(format);
    this.messages = new ClusterMessageCodec(format);
    this.stream = options.streamOf(context.namespace());
    this.sessions = new StreamSessions(context, redis, entries, stream, options);
    String prefix = options.redis().key();
    this.publicChannel = RedisChannels.sharded(prefix, context.namespace());
    this.privateChannel = RedisChannels.shardedResponse(prefix, context.namespace(), uid());
    this.kind = options.useShardedPubSub() ? Kind.SHARD : Kind.CHANNEL;
  }

  /** A factory for {@code ServerOptions.adapter(...)}: the namespaces share the connections and the readers. */
  public static AdapterFactory factory(RedisStreamsOptions options) {
    return new RedisStreamsFactory(options);
  }

  @Override
  public CompletionStage<Void> init() {
    // serving before the stream is read would lose what other nodes broadcast meanwhile
    CompletableFuture<Void> reading = shared.register(this);
    sessions.start();
    if (protocol == StreamsProtocol.V0_2) {
      return reading.thenCompose(v -> super.init());
    }
    return CompletableFuture.allOf(reading,
        redis.subscribe(kind, publicChannel, (c, m) -> onPubSub(c, m)).toCompletableFuture(),
        redis.subscribe(kind, privateChannel, (c, m) -> onPubSub(c, m)).toCompletableFuture());
  }

  @Override
  public void close() {
    shared.unregister(this);
    sessions.stop();
    if (protocol == StreamsProtocol.V0_3) {
      redis.unsubscribe(kind, publicChannel);
      redis.unsubscribe(kind, privateChannel);
    }
    super.close();
    release.run();
  }

  String stream() {
    return stream;
  }

  String nspName() {
    return nsp();
  }

  // ---- the backend ----

  @Override
  protected boolean appendsOffsets() {
    return true;
  }

  @Override
  protected CompletionStage<String> doPublish(ClusterMessage message) {
    if (protocol == StreamsProtocol.V0_3) {
      if (HEARTBEATS.contains(message.type())) {
        // the 0.3.x nodes count each other through pub/sub: nothing to say
        return CompletableFuture.completedFuture(null);
      }
      if (isEphemeral(message)) {
        return pubsub(publicChannel, message).thenApply(receivers -> null);
      }
    }
    Map<String, byte[]> fields = entries.encode(message);
    return redis.run(c -> c.xadd(stream, XAddArgs.Builder.maxlen(options.maxLen()).approximateTrimming(), fields));
  }

  /** The reference's {@code isEphemeral}: requests, and broadcasts that wait for acknowledgements. */
  private static boolean isEphemeral(ClusterMessage message) {
    return EPHEMERAL.contains(message.type())
        || (message instanceof Broadcast broadcast && broadcast.requestId() != null);
  }

  @Override
  protected CompletionStage<Void> doPublishResponse(String requesterUid, ClusterResponse response) {
    if (protocol == StreamsProtocol.V0_2) {
      return doPublish(response).thenApply(offset -> null);
    }
    String channel = RedisChannels.shardedResponse(options.redis().key(), nsp(), requesterUid);
    return pubsub(channel, response).thenApply(receivers -> null);
  }

  private CompletionStage<Long> pubsub(String channel, ClusterMessage message) {
    byte[] payload = messages.encodeMessagePack(message);
    return kind == Kind.SHARD ? redis.spublish(channel, payload) : redis.publish(channel, payload);
  }

  /** 0.3.x: the subscribers of the namespace's channel; 0.2.x: the nodes heard from. */
  @Override
  public CompletionStage<Integer> serverCount() {
    if (protocol == StreamsProtocol.V0_2) {
      return super.serverCount();
    }
    return kind == Kind.SHARD ? redis.shardNumsub(publicChannel) : redis.numsub(publicChannel);
  }

  @Override
  protected CompletionStage<Responders> responders() {
    if (protocol == StreamsProtocol.V0_2) {
      return super.responders();
    }
    return serverCount().thenApply(n -> Responders.count(n - 1));
  }

  // ---- incoming, on the adapter's executor ----

  /** An entry of this adapter's stream and namespace, from the reader. */
  void onEntry(String id, Map<String, byte[]> fields) {
    ClusterMessage message;
    try {
      message = entries.decode(fields);
    } catch (MalformedMessageException e) {
      dropped.warn("[{}] namespace {}: dropped malformed entry {} of stream {}: {}", uid(), nsp(), id, stream,
          e.getMessage());
      return;
    }
    onMessage(message, id);
  }

  private void onPubSub(String channel, byte[] payload) {
    ClusterMessage message;
    try {
      message = messages.decode(payload);
    } catch (MalformedMessageException e) {
      dropped.warn("[{}] namespace {}: dropped a malformed message of {} bytes on {}: {}", uid(), nsp(),
          payload.length, channel, e.getMessage());
      return;
    }
    // Lettuce's I/O thread: the template hands application work to the executor itself
    onMessage(message);
  }

  /** How many malformed entries and messages were dropped (for tests and metrics). */
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

  // ---- sessions ----

  @Override
  public void sessionConnected(SessionState session) {
    sessions.connected(session);
  }

  @Override
  public CompletionStage<Void> persistSession(SessionState session) {
    sessions.persist(session);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<SessionState> restoreSession(String pid, String offset) {
    return sessions.restore(pid, offset);
  }

  @Override
  public void addAll(String socketId, Set<String> rooms) {
    super.addAll(socketId, rooms);
    sessions.roomsChanged(socketId);
  }

  @Override
  public void del(String socketId, String room) {
    super.del(socketId, room);
    sessions.roomsChanged(socketId);
  }

  @Override
  public void delAll(String socketId) {
    super.delAll(socketId);
    sessions.gone(socketId);
  }
}
