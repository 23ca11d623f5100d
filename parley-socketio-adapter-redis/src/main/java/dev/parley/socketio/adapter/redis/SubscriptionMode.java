package dev.parley.socketio.adapter.redis;

/**
 * How many sharded channels a {@link ShardedRedisAdapter} subscribes to, as {@code subscriptionMode} of the
 * reference's {@code createShardedAdapter}. Every node of a cluster must use the same mode: it decides the channel a
 * room broadcast is published on.
 */
public enum SubscriptionMode {
  /** Two channels per namespace (the namespace's and this node's responses): for many dynamic namespaces. */
  STATIC("static"),
  /**
   * Also one channel per public room that has sockets on this node, so that a room broadcast reaches only the nodes
   * with members. The reference's default.
   */
  DYNAMIC("dynamic"),
  /** Like {@link #DYNAMIC}, with a channel for private rooms (socket ids) too: for much one-to-one messaging. */
  DYNAMIC_PRIVATE("dynamic-private");

  private final String wireName;

  SubscriptionMode(String wireName) {
    this.wireName = wireName;
  }

  /** The reference's option value ({@code "static"}, {@code "dynamic"}, {@code "dynamic-private"}). */
  public String wireName() {
    return wireName;
  }
}
