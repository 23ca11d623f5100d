package dev.parley.examroom.config;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the exam room's nodes share Socket.IO ({@code cluster.adapter}): one node in memory, or several nodes on
 * Redis. Several nodes also share one PostgreSQL database.
 */
public enum ClusterMode {
  /** One node: rooms and broadcasts in memory (the default). */
  MEMORY("memory"),
  /** Several nodes on Redis pub/sub ({@code @socket.io/redis-adapter}); a client whose node dies starts afresh. */
  REDIS("redis"),
  /**
   * Several nodes on a Redis stream ({@code @socket.io/redis-streams-adapter}), with connection state recovery: a
   * client whose node dies gets its socket and the broadcasts it missed back on another node.
   */
  REDIS_STREAMS("redis-streams");

  private final String wireName;

  ClusterMode(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The mode named {@code name}; a typo fails the start, never falls back to one node. */
  public static ClusterMode parse(String name) {
    String wanted = name == null ? "memory" : name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(m -> m.wireName.equals(wanted)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("cluster.adapter must be memory, redis or redis-streams, got \""
            + name + "\""));
  }
}
