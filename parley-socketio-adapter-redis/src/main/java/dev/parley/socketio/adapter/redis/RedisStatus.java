package dev.parley.socketio.adapter.redis;

/**
 * What a Redis adapter knows of its connections, read-only, for a health endpoint or metrics: every adapter of this
 * module implements it ({@code io.adapter() instanceof RedisStatus status}).
 *
 * <p>Not connected means: Redis is down, refuses us, or stopped answering (black-holed) and the connections are being
 * replaced. Local delivery goes on meanwhile; what crosses nodes does not.
 */
public interface RedisStatus {
  /** Whether the connections are up and Redis has not missed a health-check {@code PING} since. */
  boolean isConnected();

  /** The root cause of the last connection problem ({@code "RedisCommandTimeoutException: ..."}), or {@code null}. */
  String lastRedisError();
}
