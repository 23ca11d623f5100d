package dev.parley.examroom.health;

import dev.parley.examroom.http.ApiResponse;
import dev.parley.examroom.http.Router;
import dev.parley.examroom.storage.Database;
import dev.parley.socketio.adapter.redis.RedisStatus;
import dev.parley.socketio.server.SocketIoServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/health}, for a load balancer or an orchestrator: {@code {"status": "ok"|"degraded", "db": ...,
 * "redis": ...}}, 200 when everything this node needs answers and 503 otherwise, without signing in.
 *
 * <p>{@code db} is {@code ok} or {@code down} (a connection from the pool that validates within
 * {@link #DB_TIMEOUT}); {@code redis} is {@code ok}, {@code down} (the adapter's connections are down or Redis
 * stopped answering its health-check {@code PING}), or {@code off} on a single node without Redis. A degraded node
 * still serves its own clients; the 503 tells a balancer to prefer others. Causes are logged, not shown: they name
 * internal hosts.
 */
public final class HealthEndpoint {
  /** How long the database may take to hand out and validate a connection before it counts as down. */
  public static final Duration DB_TIMEOUT = Duration.ofSeconds(2);

  private final Database db;
  private final SocketIoServer io;

  public HealthEndpoint(Database db, SocketIoServer io) {
    this.db = db;
    this.io = io;
  }

  public void register(Router router) {
    router.get("/api/health", r -> check());
  }

  /** The health of this node now. */
  public CompletableFuture<ApiResponse> check() {
    String redis = redisState();
    int seconds = (int) DB_TIMEOUT.toSeconds();
    // the answer must not wait on a hung pool: the timeout completes it even if the check itself is stuck
    return db.read(c -> c.isValid(seconds))
        .completeOnTimeout(false, DB_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS)
        .exceptionally(e -> false)
        .thenApply(dbUp -> {
          boolean healthy = dbUp && !"down".equals(redis);
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("status", healthy ? "ok" : "degraded");
          body.put("db", dbUp ? "ok" : "down");
          body.put("redis", redis);
          return ApiResponse.json(healthy ? 200 : 503, body).header("Cache-Control", "no-store");
        });
  }

  private String redisState() {
    if (io.adapter() instanceof RedisStatus status) {
      return status.isConnected() ? "ok" : "down";
    }
    return "off";
  }
}
