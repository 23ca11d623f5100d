package dev.parley.examroom.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.examroom.auth.TokenService;
import dev.parley.examroom.config.AppConfig;
import dev.parley.socketio.adapter.redis.RedisAdapter;
import dev.parley.socketio.adapter.redis.RedisAdapterOptions;
import dev.parley.socketio.adapter.redis.RedisStreamsAdapter;
import dev.parley.socketio.adapter.redis.RedisStreamsOptions;
import dev.parley.socketio.server.RecoveryOptions;
import dev.parley.socketio.server.ServerOptions;
import java.time.Duration;

/**
 * The Socket.IO side of several exam-room nodes: the adapter {@code cluster.adapter} names, so that a broadcast of
 * one node reaches the sockets of all; and with {@code redis-streams}, connection state recovery across nodes, so
 * that a client whose node died gets its socket back on another one, with what it missed.
 */
public final class SocketCluster {
  /** How long a disconnected socket's state is kept: the reference's default. */
  static final Duration RECOVERY_WINDOW = RecoveryOptions.DEFAULT_MAX_DISCONNECTION_DURATION;

  private SocketCluster() {}

  /** Sets the adapter (and recovery) the configuration asks for; nothing for one node in memory. */
  public static void configure(ServerOptions.Builder options, AppConfig config, TokenService tokens) {
    AppConfig.Cluster cluster = config.cluster();
    if (!cluster.isClustered()) {
      return;
    }
    RedisAdapterOptions redis = RedisAdapterOptions.builder().uri(config.redisUrl()).key(cluster.key()).build();
    switch (cluster.mode()) {
      case REDIS -> options.adapter(RedisAdapter.factory(redis));
      case REDIS_STREAMS -> options
          .adapter(RedisStreamsAdapter.factory(RedisStreamsOptions.builder().redis(redis).streamName(cluster.key())
              .sessionKeyPrefix(cluster.key() + ":session:").sessionTtl(RECOVERY_WINDOW).build()))
          // the middleware checks the token again on recovery, and the guard binds the state to the token's user
          .connectionStateRecovery(new RecoveryOptions(RECOVERY_WINDOW, false, (handshake, restored) ->
              sameUser(tokens, handshake.auth().get("token"), restored)));
      default -> throw new IllegalStateException("unknown cluster mode " + cluster.mode());
    }
  }

  /** Whether the reconnecting client's token is the restored socket's user's: a leaked pid is not enough. */
  static boolean sameUser(TokenService tokens, JsonNode token, JsonNode restored) {
    if (token == null || !token.isTextual() || restored == null) {
      return false;
    }
    try {
      return tokens.verify(token.asText()).userId().equals(restored.path("userId").asText(null));
    } catch (TokenService.InvalidTokenException e) {
      return false;
    }
  }
}
