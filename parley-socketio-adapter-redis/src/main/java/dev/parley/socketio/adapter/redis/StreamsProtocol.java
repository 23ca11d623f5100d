package dev.parley.socketio.adapter.redis;

/**
 * Which generation of {@code @socket.io/redis-streams-adapter} a {@link RedisStreamsAdapter} speaks with. Both put
 * broadcasts, joins, leaves and disconnections in the stream, so that a reconnecting client can be given what it
 * missed; they differ in how the nodes ask each other questions and count each other. Every node of a cluster must
 * use the same generation.
 */
public enum StreamsProtocol {
  /**
   * The reference since 0.3.0 (the current one): requests ({@code fetchSockets}, {@code serverSideEmit}, broadcasts
   * with acknowledgements) and their answers go over pub/sub, on {@code <channelPrefix>#<nsp>#} and
   * {@code <channelPrefix>#<nsp>#<uid>#}; the nodes are counted with {@code PUBSUB NUMSUB} (or
   * {@code SHARDNUMSUB}) of the first channel.
   */
  V0_3,
  /**
   * The reference up to 0.2.x: everything, answers included, goes through the stream, and the nodes count each other
   * with heartbeats (a node not heard from for {@code heartbeatTimeout} is no longer counted).
   */
  V0_2
}
