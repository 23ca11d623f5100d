package dev.parley.socketio.adapter.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.UUID;

/**
 * The tests' own view of a Redis: subscriber counts (to wait until a cluster has formed, instead of sleeping) and raw
 * publishes (to play a hostile publisher). Each test uses its own channel prefix, so runs never see each other.
 */
final class RedisProbe implements AutoCloseable {
  /** The shared Redis of the machine and of CI. */
  static final String SHARED_URI = "redis://127.0.0.1:6379";

  private final HashedWheelTimer timer = new HashedWheelTimer(new DefaultThreadFactory("probe-lettuce-timer", true));
  // threads named apart from the adapters', which the flapping test counts
  private final ClientResources resources = DefaultClientResources.builder().timer(timer)
      .threadFactoryProvider(pool -> new DefaultThreadFactory("probe-" + pool, true)).build();
  private final RedisClient client;
  private final StatefulRedisConnection<String, byte[]> connection;

  RedisProbe(String uri) {
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(Duration.ofSeconds(5));
    client = RedisClient.create(resources, redisUri);
    connection = client.connect(LettuceClients.CODEC);
  }

  /** A channel prefix no other test run uses. */
  static String uniqueKey() {
    return "parley-test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Options for a test cluster on the shared Redis, with short timeouts. */
  static RedisAdapterOptions.Builder options(String key) {
    return RedisAdapterOptions.builder().uri(SHARED_URI).key(key).requestsTimeout(Duration.ofSeconds(3));
  }

  RedisCommands<String, byte[]> sync() {
    return connection.sync();
  }

  long numsub(String channel) {
    return sync().pubsubNumsub(channel).getOrDefault(channel, 0L);
  }

  long shardNumsub(String channel) {
    return sync().pubsubShardNumsub(channel).getOrDefault(channel, 0L);
  }

  void publish(String channel, byte[] message) {
    sync().publish(channel, message);
  }

  void spublish(String channel, byte[] message) {
    sync().spublish(channel, message);
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown();
    timer.stop();
  }
}
