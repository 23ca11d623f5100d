package dev.parley.socketio.adapter.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.parley.socketio.adapter.BroadcastFlags;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.cluster.ClusterAdapter;
import dev.parley.socketio.adapter.cluster.ClusterMessage;
import dev.parley.socketio.adapter.cluster.WireFormat;
import dev.parley.socketio.codec.SocketPacket;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Emits to the sockets of a Redis cluster from a process that has none (a batch job, a REST service), as
 * {@code @socket.io/redis-emitter} does from Node: same channels, same messages, so both Parley and Node nodes (in
 * the classic pub/sub mode) deliver them.
 *
 * <pre>{@code
 * try (RedisEmitter emitter = RedisEmitter.create(RedisAdapterOptions.builder().uri("redis://redis:6379").build())) {
 *   emitter.to("room-42").emit("score", Map.of("points", 10)).toCompletableFuture().join();
 *   emitter.of("/admin").in("ops").socketsJoin("alerts");
 * }
 * }</pre>
 *
 * <p>An emitter is not a node: it subscribes to nothing, is not counted, and cannot ask for acknowledgements. Each
 * call returns once the message is handed to Redis; its result completes when Redis took it, or fails (never
 * queued for later: Redis down means the message is lost, and the caller is told).
 */
public final class RedisEmitter implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect",
      "disconnecting", "newListener", "removeListener");

  private final Connection connection;
  private final String nsp;
  private final ClassicRedisProtocol protocol;

  /** The emitter's Redis connection, opened on demand and shared by its namespace views. */
  private static final class Connection {
    final RedisAdapterOptions options;
    final ClientResources resources;
    final RedisClient client;
    final AtomicReference<CompletableFuture<StatefulRedisConnection<String, byte[]>>> current =
        new AtomicReference<>();
    volatile boolean closed;

    Connection(RedisAdapterOptions options) {
      this.options = options;
      this.resources = LettuceClients.resources(options);
      this.client = LettuceClients.client(options, resources);
    }

    /** The open connection, or a new attempt when there is none or the last one failed. */
    CompletableFuture<StatefulRedisConnection<String, byte[]>> get() {
      CompletableFuture<StatefulRedisConnection<String, byte[]>> existing = current.get();
      if (existing != null && !existing.isCompletedExceptionally()) {
        return existing;
      }
      if (closed) {
        return CompletableFuture.failedFuture(new IllegalStateException("emitter closed"));
      }
      CompletableFuture<StatefulRedisConnection<String, byte[]>> attempt = new CompletableFuture<>();
      if (current.compareAndSet(existing, attempt)) {
        client.connectAsync(LettuceClients.CODEC, LettuceClients.uri(options)).whenComplete((c, e) -> {
          if (e != null) {
            attempt.completeExceptionally(e);
          } else {
            attempt.complete(c);
          }
        });
        return attempt;
      }
      return current.get();
    }

    CompletionStage<Void> publish(String channel, byte[] payload) {
      return get().thenCompose(c -> c.async().publish(channel, payload)).thenApply(n -> null);
    }

    void close() {
      closed = true;
      CompletableFuture<StatefulRedisConnection<String, byte[]>> c = current.getAndSet(null);
      if (c != null) {
        c.thenAccept(StatefulRedisConnection::close);
      }
      client.shutdown(0, 2, TimeUnit.SECONDS);
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  private RedisEmitter(Connection connection, String nsp) {
    this.connection = connection;
    this.nsp = nsp;
    this.protocol = new ClassicRedisProtocol(WireFormat.defaults(), connection.options.key(), nsp);
  }

  /** An emitter for the main namespace; it connects on first use. Uses the options' URI, key and timeouts. */
  public static RedisEmitter create(RedisAdapterOptions options) {
    return new RedisEmitter(new Connection(options), "/");
  }

  /** The same emitter for another namespace (sharing the connection). */
  public RedisEmitter of(String namespace) {
    return new RedisEmitter(connection, namespace.startsWith("/") ? namespace : "/" + namespace);
  }

  /** The namespace this emitter targets. */
  public String namespace() {
    return nsp;
  }

  public Operator to(String... rooms) {
    return new Operator(Set.of(), Set.of(), BroadcastFlags.DEFAULT).to(rooms);
  }

  public Operator to(Collection<String> rooms) {
    return new Operator(Set.of(), Set.of(), BroadcastFlags.DEFAULT).to(rooms);
  }

  public Operator in(String... rooms) {
    return to(rooms);
  }

  public Operator except(String... rooms) {
    return new Operator(Set.of(), Set.of(), BroadcastFlags.DEFAULT).except(rooms);
  }

  public Operator asVolatile() {
    return new Operator(Set.of(), Set.of(), BroadcastFlags.DEFAULT.withVolatile(true));
  }

  public Operator compress(boolean compress) {
    return new Operator(Set.of(), Set.of(), BroadcastFlags.DEFAULT.withCompress(compress));
  }

  /** Emits to every socket of the namespace. */
  public CompletionStage<Void> emit(String event, Object... args) {
    return new Operator(Set.of(), Set.of(), BroadcastFlags.DEFAULT).emit(event, args);
  }

  /** Makes every socket of the namespace join rooms. */
  public CompletionStage<Void> socketsJoin(String... rooms) {
    return new Operator(Set.of(), Set.of(), BroadcastFlags.DEFAULT).socketsJoin(rooms);
  }

  /** Makes every socket of the namespace leave rooms. */
  public CompletionStage<Void> socketsLeave(String... rooms) {
    return new Operator(Set.of(), Set.of(), BroadcastFlags.DEFAULT).socketsLeave(rooms);
  }

  /** Disconnects every socket of the namespace; {@code close} also closes their connections. */
  public CompletionStage<Void> disconnectSockets(boolean close) {
    return new Operator(Set.of(), Set.of(), BroadcastFlags.DEFAULT).disconnectSockets(close);
  }

  /** Sends an event to the server-side listeners of every node (without acknowledgement, as the reference). */
  public CompletionStage<Void> serverSideEmit(String event, Object... args) {
    return publish(new ClusterMessage.ServerSideEmit(ClusterAdapter.EMITTER_UID, nsp, eventArray(event, args),
        null));
  }

  /** Closes the connection. */
  @Override
  public void close() {
    connection.close();
  }

  private CompletionStage<Void> publish(ClusterMessage message) {
    ClassicRedisProtocol.Publication publication = protocol.encode(message);
    return connection.publish(publication.channel(), publication.payload());
  }

  private static ArrayNode eventArray(String event, Object[] args) {
    if (event == null || RESERVED_EVENTS.contains(event)) {
      throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
    }
    ArrayNode array = JSON.createArrayNode();
    array.add(event);
    for (Object arg : args) {
      array.add(arg instanceof JsonNode node ? node : JSON.valueToTree(arg));
    }
    return array;
  }

  /** Rooms, exclusions and flags of one emission: immutable, each modifier returns a new one. */
  public final class Operator {
    private final Set<String> rooms;
    private final Set<String> except;
    private final BroadcastFlags flags;

    private Operator(Set<String> rooms, Set<String> except, BroadcastFlags flags) {
      this.rooms = rooms;
      this.except = except;
      this.flags = flags;
    }

    public Operator to(String... more) {
      return to(Arrays.asList(more));
    }

    public Operator to(Collection<String> more) {
      return new Operator(union(rooms, more), except, flags);
    }

    public Operator in(String... more) {
      return to(more);
    }

    public Operator except(String... more) {
      return new Operator(rooms, union(except, Arrays.asList(more)), flags);
    }

    public Operator asVolatile() {
      return new Operator(rooms, except, flags.withVolatile(true));
    }

    public Operator compress(boolean compress) {
      return new Operator(rooms, except, flags.withCompress(compress));
    }

    private BroadcastOptions options() {
      return new BroadcastOptions(rooms, except, flags);
    }

    /** Emits to the targeted sockets. */
    public CompletionStage<Void> emit(String event, Object... args) {
      SocketPacket packet = SocketPacket.event(nsp, eventArray(event, args));
      return publish(new ClusterMessage.Broadcast(ClusterAdapter.EMITTER_UID, nsp, packet, options(), null));
    }

    /** Makes the targeted sockets join rooms. */
    public CompletionStage<Void> socketsJoin(String... newRooms) {
      return publish(new ClusterMessage.SocketsJoin(ClusterAdapter.EMITTER_UID, nsp, options(),
          List.of(newRooms)));
    }

    /** Makes the targeted sockets leave rooms. */
    public CompletionStage<Void> socketsLeave(String... oldRooms) {
      return publish(new ClusterMessage.SocketsLeave(ClusterAdapter.EMITTER_UID, nsp, options(),
          List.of(oldRooms)));
    }

    /** Disconnects the targeted sockets. */
    public CompletionStage<Void> disconnectSockets(boolean close) {
      return publish(new ClusterMessage.DisconnectSockets(ClusterAdapter.EMITTER_UID, nsp, options(), close));
    }

    private Set<String> union(Set<String> a, Collection<String> b) {
      Set<String> set = new LinkedHashSet<>(a);
      set.addAll(b);
      return Set.copyOf(set);
    }
  }
}
