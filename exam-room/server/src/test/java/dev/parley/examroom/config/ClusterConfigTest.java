package dev.parley.examroom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cluster.adapter} through the layers, and the set-ups a cluster refuses to start with. */
class ClusterConfigTest {
  private static final String PG = "--db.url=jdbc:postgresql://127.0.0.1:5432/exam";

  @Test
  void oneNodeInMemoryByDefault() {
    AppConfig config = AppConfig.load(Map.of(), new String[0]);
    assertThat(config.cluster().mode()).isEqualTo(ClusterMode.MEMORY);
    assertThat(config.cluster().isClustered()).isFalse();
    assertThat(config.cluster().key()).isEqualTo("exam-room");
  }

  @Test
  void theEnvironmentAndFlagsChooseTheAdapter() {
    AppConfig fromEnv = AppConfig.load(Map.of("EXAM_ROOM_CLUSTER_ADAPTER", "redis-streams",
        "EXAM_ROOM_REDIS_URL", "redis://127.0.0.1:6379", "EXAM_ROOM_CLUSTER_KEY", "exams"), new String[] {PG});
    assertThat(fromEnv.cluster().mode()).isEqualTo(ClusterMode.REDIS_STREAMS);
    assertThat(fromEnv.cluster().key()).isEqualTo("exams");
    assertThat(fromEnv.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
    AppConfig flag = AppConfig.load(Map.of("EXAM_ROOM_CLUSTER_ADAPTER", "redis-streams"),
        new String[] {PG, "--redis.url=redis://r:6379", "--cluster.adapter=redis"});
    assertThat(flag.cluster().mode()).isEqualTo(ClusterMode.REDIS);
  }

  @Test
  void aClusterNeedsRedisAndOneSharedPostgresql() {
    assertThatThrownBy(() -> AppConfig.load(Map.of(), new String[] {PG, "--cluster.adapter=redis"}))
        .hasMessageContaining("needs redis.url");
    assertThatThrownBy(() -> AppConfig.load(Map.of(), new String[] {"--cluster.adapter=redis-streams",
        "--redis.url=redis://r:6379"})).hasMessageContaining("PostgreSQL");
    assertThatThrownBy(() -> AppConfig.load(Map.of(), new String[] {PG, "--cluster.adapter=redis-stream",
        "--redis.url=redis://r:6379"})).hasMessageContaining("memory, redis or redis-streams");
  }
}
