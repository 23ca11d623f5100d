package dev.parley.examroom.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.examroom.ExamRoomApp;
import dev.parley.examroom.config.AppConfig;
import dev.parley.socketio.adapter.redis.RedisAdapterOptions;
import dev.parley.testkit.LoopbackForwarder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/health} (catalogue F2's "health endpoint shows degraded"): a node whose Redis is black-holed, or
 * whose database is, says so with a 503 within the detection time, and says ok again once the network heals. The
 * cables are frozen, not cut: nothing is closed, so only the health checks can notice.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HealthEndpointTest {
  /** The adapter's defaults as the exam room uses them, plus a margin for a busy machine. */
  private static final Duration REDIS_DETECTION = RedisAdapterOptions.DEFAULT_HEALTH_CHECK_INTERVAL
      .plus(RedisAdapterOptions.DEFAULT_COMMAND_TIMEOUT).plus(Duration.ofSeconds(3));

  @TempDir
  Path dir;

  private static TestHttp.Response health(TestHttp http) {
    return http.send("/api/health", null, null);
  }

  private static void assertHealth(TestHttp.Response r, int status, String overall, String db, String redis) {
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(status);
    assertThat(r.body().get("status").asText()).isEqualTo(overall);
    assertThat(r.body().get("db").asText()).isEqualTo(db);
    assertThat(r.body().get("redis").asText()).isEqualTo(redis);
  }

  private static boolean is(TestHttp http, int status, String field, String value) {
    TestHttp.Response r = health(http);
    return r.status() == status && value.equals(r.body().get(field).asText());
  }

  @Test
  void aSingleNodeWithoutRedisIsHealthy() throws Exception {
    try (ExamRoomApp app = ExamRoomApp.start(AppConfig.load(Map.of(), new String[] {"--data.dir=" + dir,
        "--http.port=0", "--http.host=127.0.0.1", "--auth.jwt.secret=" + TestDb.SECRET}))) {
      TestHttp.Response r = health(new TestHttp(TestHttp.url(app)));
      assertHealth(r, 200, "ok", "ok", "off");
      assertThat(r.body().size()).as("nothing else, in particular no internal address").isEqualTo(3);
    }
  }

  @Test
  void aBlackholedRedisOrDatabaseMakesTheNodeDegraded() throws Exception {
    String schema = "exam_health_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    TestDb.sql("CREATE SCHEMA " + schema);
    try (LoopbackForwarder redis = new LoopbackForwarder(6379);
        LoopbackForwarder postgres = new LoopbackForwarder(5432)) {
      List<String> args = new ArrayList<>(TestDb.nodeArgs(dir, schema, "redis", "exam-health-" + schema,
          "redis://127.0.0.1:" + redis.port()));
      args.add("--db.url=jdbc:postgresql://127.0.0.1:" + postgres.port() + "/test?user=postgres&currentSchema="
          + schema);
      try (ExamRoomApp app = ExamRoomApp.start(AppConfig.load(Map.of(), args.toArray(String[]::new)))) {
        TestHttp http = new TestHttp(TestHttp.url(app));
        await().atMost(10, TimeUnit.SECONDS).until(() -> is(http, 200, "redis", "ok"));
        assertHealth(health(http), 200, "ok", "ok", "ok");

        redis.freeze(true);
        await().atMost(REDIS_DETECTION).until(() -> is(http, 503, "redis", "down"));
        assertHealth(health(http), 503, "degraded", "ok", "down");
        redis.freeze(false);
        await().atMost(15, TimeUnit.SECONDS).until(() -> is(http, 200, "redis", "ok"));

        postgres.freeze(true);
        // answered within the database check's bound although the database never answers
        await().atMost(HealthEndpoint.DB_TIMEOUT.multipliedBy(3)).until(() -> is(http, 503, "db", "down"));
        assertHealth(health(http), 503, "degraded", "down", "ok");
        postgres.freeze(false);
        await().atMost(20, TimeUnit.SECONDS).until(() -> is(http, 200, "db", "ok"));
      }
    } finally {
      TestDb.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
