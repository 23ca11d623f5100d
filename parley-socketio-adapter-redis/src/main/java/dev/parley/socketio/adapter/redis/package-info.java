/**
 * Redis adapters for a cluster of Socket.IO servers, wire-compatible with the reference's
 * {@code @socket.io/redis-adapter} 8.x, so that Parley (Java) and socket.io (Node) servers share one cluster, and
 * with {@code @socket.io/redis-emitter}.
 *
 * <h2>Choosing</h2>
 * <ul>
 *   <li>{@link dev.parley.socketio.adapter.redis.RedisAdapter}: classic pub/sub ({@code PUBLISH},
 *       {@code PSUBSCRIBE}); the reference's {@code createAdapter}. Works with every Redis, and with the emitters.</li>
 *   <li>{@link dev.parley.socketio.adapter.redis.ShardedRedisAdapter}: sharded pub/sub ({@code SPUBLISH},
 *       {@code SSUBSCRIBE}, Redis 7+); the reference's {@code createShardedAdapter}, with its
 *       {@link dev.parley.socketio.adapter.redis.SubscriptionMode}. Scales with a Redis Cluster.</li>
 *   <li>{@link dev.parley.socketio.adapter.redis.RedisStreamsAdapter}: a Redis stream ({@code XADD}, {@code XREAD});
 *       {@code @socket.io/redis-streams-adapter}. Every node reads the same ordered entries, so broadcasts have
 *       offsets and sessions live in Redis: connection state recovery works across nodes, also when a node dies.</li>
 *   <li>{@link dev.parley.socketio.adapter.redis.RedisEmitter}: for processes without sockets.</li>
 * </ul>
 * All nodes of a cluster use the same kind of adapter and the same {@code key}.
 *
 * <pre>{@code
 * RedisAdapterOptions redis = RedisAdapterOptions.builder().uri("redis://127.0.0.1:6379").build();
 * SocketIoServer io = SocketIoServer.create(ServerOptions.builder()
 *     .port(3000)
 *     .adapter(RedisAdapter.factory(redis))
 *     .build());
 * io.to("room").emit("hello");                    // every node's sockets in "room"
 * io.fetchSockets().thenAccept(all -> ...);       // sockets of every node, Node's included
 * io.serverSideEmitWithAck(Duration.ofSeconds(2), "ping").thenAccept(answers -> ...);
 * }</pre>
 *
 * <h2>What an outage does</h2>
 * The Redis client (Lettuce) rejects commands while disconnected, bounds its queue and times out every command. So,
 * while Redis is down: this node's sockets keep receiving this node's broadcasts; publishes fail at once and are
 * logged (throttled), never buffered nor replayed afterwards; requests to other nodes ({@code fetchSockets},
 * {@code serverSideEmitWithAck}) fail at once. The connections come back by themselves, and every subscription is
 * restored. Messages published during the outage are lost, as with the reference.
 *
 * <p>Messages from Redis are parsed as JSON or MessagePack into plain values, with size and depth limits; a
 * malformed message is logged and dropped.
 *
 * @see <a href="https://github.com/socketio/socket.io-redis-adapter">@socket.io/redis-adapter</a>
 * @see <a href="https://github.com/socketio/socket.io-redis-streams-adapter">@socket.io/redis-streams-adapter</a>
 */
package dev.parley.socketio.adapter.redis;
