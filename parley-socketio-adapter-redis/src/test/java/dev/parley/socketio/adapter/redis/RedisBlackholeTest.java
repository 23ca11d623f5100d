package dev.parley.socketio.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.socketio.adapter.AdapterFactory;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import dev.parley.testkit.LoopbackForwarder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Catalogue F2: node A reaches the shared Redis through a {@link LoopbackForwarder} that is then frozen (half-open
 * TCP: no byte passes, nothing is closed), node B reaches it directly. Lettuce alone would consider A connected for as
 * long as TCP keep-alive takes, and the proxy answers keep-alive anyway: the health-check {@code PING} must notice it
 * within {@code healthCheckInterval + commandTimeout}, report it, let local delivery go on, and after the heal
 * replace the connections and subscribe again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisBlackholeTest {
  private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(800);
  private static final Duration HEALTH_CHECK = Duration.ofMillis(300);
  /** The promise under test: a black-holed Redis is reported within this (plus a margin for a busy machine). */
  private static final Duration DETECTION = HEALTH_CHECK.plus(COMMAND_TIMEOUT).plus(Duration.ofSeconds(2));

  private static int count(JsClient client, String event) {
    return client.events(event).size();
  }

  private static RedisAdapterOptions.Builder options(String key, int port) {
    return RedisProbe.options(key).uri("redis://127.0.0.1:" + port).commandTimeout(COMMAND_TIMEOUT)
        .healthCheckInterval(HEALTH_CHECK).connectTimeout(COMMAND_TIMEOUT)
        .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(300));
  }

  @Test
  void redisBlackholeDetected() throws Exception {
    String key = RedisProbe.uniqueKey();
    blackholeAndHeal(key, proxyPort -> RedisAdapter.factory(options(key, proxyPort).build()),
        RedisAdapter.factory(options(key, 6379).build()));
  }

  @Test
  void redisStreamsBlackholeDetected() throws Exception {
    String key = RedisProbe.uniqueKey();
    Function<Integer, AdapterFactory> streams = port -> RedisStreamsAdapter.factory(
        StreamsMixedClusterTest.streamsOptions(options(key, port).build()).build());
    blackholeAndHeal(key, streams, streams.apply(6379));
  }

  private void blackholeAndHeal(String key, Function<Integer, AdapterFactory> viaProxy, AdapterFactory direct)
      throws Exception {
    try (LoopbackForwarder cable = new LoopbackForwarder(6379);
        ParleyNode a = new ParleyNode(viaProxy.apply(cable.port()));
        ParleyNode b = new ParleyNode(direct);
        JsClientDriver clients = JsClientDriver.start();
        RedisProbe probe = new RedisProbe(RedisProbe.SHARED_URI)) {
      JsClient onA = join(clients, a);
      JsClient onB = join(clients, b);
      RedisStatus statusOfA = (RedisStatus) a.io().adapter();
      await().atMost(10, TimeUnit.SECONDS).ignoreExceptions().until(() -> a.serverCount() == 2);
      a.io().to("room").emit("before");
      onB.awaitEvent("before");
      assertThat(statusOfA.isConnected()).isTrue();

      cable.freeze(true);
      int acceptedAtFreeze = cable.accepted();

      // detected by the PING within the configured time, and reported as the cause
      await().atMost(DETECTION).until(() -> !statusOfA.isConnected());
      assertThat(statusOfA.lastRedisError()).contains("Timeout");
      if (statusOfA instanceof RedisAdapter classic) {
        assertThat(classic.connectionsReplaced()).isPositive();
      }
      // no thread waits forever: a cluster request answers (with a failure) instead of hanging
      CompletableFuture<Integer> count = a.io().adapter().serverCount().toCompletableFuture();
      await().atMost(DETECTION).until(count::isDone);
      if (statusOfA instanceof RedisAdapter) {
        assertThat(count).as("PUBSUB NUMSUB needs Redis").isCompletedExceptionally();
      }
      // local delivery goes on while Redis is unreachable; B hears nothing of it
      for (int i = 0; i < 5; i++) {
        a.io().to("room").emit("during", i);
      }
      await().atMost(5, TimeUnit.SECONDS).until(() -> count(onA, "during") == 5);
      // the replacement connections hang too and are given up in turn, so they are retried, not waited on
      await().atMost(DETECTION.multipliedBy(2)).until(() -> cable.accepted() >= acceptedAtFreeze + 4);
      assertThat(statusOfA.isConnected()).isFalse();

      cable.freeze(false);

      // healthy again, subscribed again: each side hears the other, and A's old subscriber is gone from Redis
      await().atMost(10, TimeUnit.SECONDS).until(statusOfA::isConnected);
      await().atMost(10, TimeUnit.SECONDS).ignoreExceptions().until(() -> a.serverCount() == 2);
      if (statusOfA instanceof RedisAdapter) {
        await().atMost(10, TimeUnit.SECONDS)
            .until(() -> probe.numsub(RedisChannels.request(key, "/")) == 2);
      }
      await().atMost(10, TimeUnit.SECONDS).until(() -> {
        a.io().to("room").emit("after-a");
        b.io().to("room").emit("after-b");
        return count(onB, "after-a") > 0 && count(onA, "after-b") > 0;
      });
      assertThat(count(onB, "during")).as("what A sent while cut off never reaches B late").isZero();
      assertThat(statusOfA.lastRedisError()).isNull();
    }
  }

  private static JsClient join(JsClientDriver clients, ParleyNode node) {
    JsClient client = clients.connect(node.url(), Map.of("transports", List.of("websocket"),
        "auth", Map.of("room", "room")));
    client.awaitEvent("connect");
    return client;
  }
}
