package dev.parley.socketio.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redis killed during a steady broadcast and restarted: local clients keep receiving, publishes neither pile up nor
 * come back stale, and the adapters reconnect and resubscribe by themselves, so cluster delivery resumes within
 * seconds. Runs on its own {@code redis-server} child process.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisOutageTest {
  private static final int QUEUE_BOUND = 64;

  private static List<Integer> ticks(JsClient client) {
    List<Integer> seqs = new ArrayList<>();
    client.events("tick").forEach(e -> seqs.add(e.args().get(0).asInt()));
    return seqs;
  }

  private static int last(JsClient client) {
    List<Integer> seqs = ticks(client);
    return seqs.isEmpty() ? -1 : seqs.get(seqs.size() - 1);
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  @Test
  void theClusterSurvivesARedisOutage() throws Exception {
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    try (OwnRedisServer redis = new OwnRedisServer()) {
      RedisAdapterOptions options = RedisAdapterOptions.builder().uri(redis.uri()).key(RedisProbe.uniqueKey())
          .requestQueueSize(QUEUE_BOUND).commandTimeout(Duration.ofSeconds(1))
          .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(500)).build();
      try (ParleyNode a = new ParleyNode(RedisAdapter.factory(options));
          ParleyNode b = new ParleyNode(RedisAdapter.factory(options));
          JsClientDriver clients = JsClientDriver.start()) {
        JsClient onA = clients.connect(a.url(), Map.of("transports", List.of("websocket"),
            "auth", Map.of("room", "room")));
        JsClient onB = clients.connect(b.url(), Map.of("transports", List.of("websocket"),
            "auth", Map.of("room", "room")));
        onA.awaitEvent("connect");
        onB.awaitEvent("connect");
        await().atMost(10, TimeUnit.SECONDS).until(() -> a.serverCount() == 2);

        AtomicInteger seq = new AtomicInteger();
        ticker.scheduleAtFixedRate(() -> a.io().to("room").emit("tick", seq.getAndIncrement()), 0, 20,
            TimeUnit.MILLISECONDS);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ticks(onB).size() >= 10);

        redis.kill();
        int killedAt = seq.get();
        RedisAdapter adapterOfA = (RedisAdapter) a.io().adapter();

        // local delivery goes on: A's own client keeps receiving while Redis is gone
        await().atMost(10, TimeUnit.SECONDS).until(() -> last(onA) > killedAt + 50);
        assertThat(last(onB)).as("B hears nothing while Redis is down").isLessThan(killedAt);

        // a burst while Redis is down: publishes fail at once, nothing is kept for later
        long before = usedHeapAfterGc();
        String payload = "x".repeat(20_000);
        for (int i = 0; i < 5_000; i++) {
          a.io().to("nobody-here").emit("burst", payload, i);
        }
        long growth = usedHeapAfterGc() - before;
        assertThat(growth).as("heap growth after 100 MB of publishes during the outage").isLessThan(40_000_000);
        assertThat(adapterOfA.publishFailures()).isGreaterThan(5_000);
        assertThat(adapterOfA.maxPublishesInFlight()).isLessThanOrEqualTo(QUEUE_BOUND);
        assertThat(adapterOfA.isConnected()).isFalse();

        int restartedAt = seq.get();
        redis.start();

        // the adapters reconnect and resubscribe by themselves: B hears A again within seconds
        await().atMost(10, TimeUnit.SECONDS).until(() -> last(onB) > restartedAt);
        await().atMost(5, TimeUnit.SECONDS).until(adapterOfA::isConnected);
        Set<Integer> heardByB = new HashSet<>();
        for (int s : ticks(onB)) {
          assertThat(heardByB.add(s)).as("tick %s heard twice by B", s).isTrue();
          assertThat(s < killedAt || s >= restartedAt).as("tick %s published during the outage reached B", s)
              .isTrue();
        }
        // resubscribed once per node: Redis counts two subscribers of the request channel, two patterns
        try (RedisProbe probe = new RedisProbe(redis.uri())) {
          assertThat(probe.numsub(RedisChannels.request(options.key(), "/"))).isEqualTo(2);
          assertThat(probe.sync().pubsubNumpat()).isEqualTo(2);
        }
        ticker.shutdownNow();
      }
    } finally {
      ticker.shutdownNow();
    }
  }

  @Test
  void nodesStartedWhileRedisIsDownJoinTheClusterWhenItComesUp() throws Exception {
    try (OwnRedisServer redis = new OwnRedisServer()) {
      redis.kill();
      RedisAdapterOptions options = RedisAdapterOptions.builder().uri(redis.uri()).key(RedisProbe.uniqueKey())
          .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(500)).build();
      try (ParleyNode a = new ParleyNode(RedisAdapter.factory(options));
          ParleyNode b = new ParleyNode(ShardedRedisAdapter.factory(options));
          ParleyNode c = new ParleyNode(RedisAdapter.factory(options));
          JsClientDriver clients = JsClientDriver.start()) {
        JsClient onA = clients.connect(a.url(), Map.of("transports", List.of("websocket"),
            "auth", Map.of("room", "room")));
        JsClient onC = clients.connect(c.url(), Map.of("transports", List.of("websocket"),
            "auth", Map.of("room", "room")));
        onA.awaitEvent("connect");
        onC.awaitEvent("connect");
        a.io().to("room").emit("while-down");
        onA.awaitEvent("while-down");

        redis.start();

        // the first connection is retried, then every subscription asked for meanwhile is made (serverCount
        // fails until the connection is there)
        await().atMost(10, TimeUnit.SECONDS).ignoreExceptions().until(() -> a.serverCount() == 2 && b.serverCount() == 1);
        a.io().to("room").emit("after");
        onC.awaitEvent("after");
        assertThat(onC.events("while-down")).isEmpty();
      }
    }
  }
}
