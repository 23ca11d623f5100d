package dev.parley.socketio.adapter.redis;

/**
 * The names of the Redis channels, exactly as the reference's adapters and emitter build them; a node of another
 * language shares a cluster only if every name matches to the byte.
 *
 * <p>Classic pub/sub ({@code @socket.io/redis-adapter}'s {@code createAdapter}, {@code @socket.io/redis-emitter}):
 * {@code <key>#<nsp>#} and {@code <key>#<nsp>#<room>#} for broadcasts (a broadcast to exactly one room goes to the
 * room's channel), {@code <key>-request#<nsp>#} for requests, {@code <key>-response#<nsp>#} for answers and
 * {@code <key>-response#<nsp>#<uid>#} for the answers to one node.
 *
 * <p>Sharded pub/sub ({@code createShardedAdapter}): {@code <prefix>#<nsp>#} for messages,
 * {@code <prefix>#<nsp>#<uid>#} for one node's answers, {@code <prefix>#<nsp>#<room>#} for a room in the dynamic
 * subscription modes.
 */
public final class RedisChannels {
  private RedisChannels() {}

  /** Classic: the namespace's broadcast channel, also the prefix of its room channels. */
  public static String broadcast(String key, String nsp) {
    return key + "#" + nsp + "#";
  }

  /** Classic: a room's broadcast channel. Sharded: a room's channel (dynamic modes). */
  public static String room(String key, String nsp, String room) {
    return broadcast(key, nsp) + room + "#";
  }

  /**
   * Classic: the pattern that matches the namespace's broadcast and room channels. Glob characters of the key or
   * namespace are escaped, so that the pattern matches exactly the reference's channel names.
   */
  public static String broadcastPattern(String key, String nsp) {
    return escapeGlob(broadcast(key, nsp)) + "*";
  }

  /** Classic: requests to every node of the namespace; its subscribers are the nodes ({@code PUBSUB NUMSUB}). */
  public static String request(String key, String nsp) {
    return key + "-request#" + nsp + "#";
  }

  /** Classic: answers, shared by the nodes of the namespace. */
  public static String response(String key, String nsp) {
    return key + "-response#" + nsp + "#";
  }

  /** Classic: answers to one node. */
  public static String response(String key, String nsp, String uid) {
    return response(key, nsp) + uid + "#";
  }

  /** Sharded: the namespace's channel, whose subscribers are the nodes ({@code PUBSUB SHARDNUMSUB}). */
  public static String sharded(String prefix, String nsp) {
    return broadcast(prefix, nsp);
  }

  /** Sharded: one node's answers. */
  public static String shardedResponse(String prefix, String nsp, String uid) {
    return broadcast(prefix, nsp) + uid + "#";
  }

  static String escapeGlob(String text) {
    StringBuilder out = new StringBuilder(text.length() + 4);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
