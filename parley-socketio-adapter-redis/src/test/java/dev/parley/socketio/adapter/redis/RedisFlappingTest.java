package dev.parley.socketio.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.socketio.adapter.AdapterFactory;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import dev.parley.testkit.LoopbackForwarder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Catalogue F3: Redis goes away and comes back five times in a row. Each time the adapters reconnect and subscribe
 * again; a subscription made twice (an old subscriber connection left open, a pattern issued on two connections)
 * would deliver every later broadcast twice, and a connection or thread left behind per outage would pile up. So after
 * each heal Redis must show exactly the connections and subscriptions of the first formation, and one broadcast of
 * each node must reach each client exactly once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisFlappingTest {
  private static final int NODES = 3;
  private static final int FLAPS = 5;
  private static final String ROOM = "flap";

  private static RedisAdapterOptions options(String uri, String key) {
    return RedisAdapterOptions.builder().uri(uri).key(key).commandTimeout(Duration.ofSeconds(1))
        .connectTimeout(Duration.ofSeconds(1)).reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(300)).build();
  }

  /** Classic pub/sub; Redis itself is killed (SIGKILL) and started again, empty, on the same port. */
  @Test
  void redisFlappingNoDuplicateSubscriptions() throws Exception {
    String key = RedisProbe.uniqueKey();
    try (OwnRedisServer redis = new OwnRedisServer()) {
      flap(redis.uri(), () -> RedisAdapter.factory(options(redis.uri(), key)), up -> restart(redis, up), probe -> {
        assertThat(probe.numsub(RedisChannels.request(key, "/"))).isEqualTo(NODES);
        assertThat(probe.numsub(RedisChannels.response(key, "/"))).isEqualTo(NODES);
      });
    }
  }

  /**
   * The Streams adapter, Redis killed and restarted (empty: the stream starts again): the reader's connection must
   * be replaced, not added to, and it must read on after its last entry in the new stream.
   */
  @Test
  void streamsRedisFlappingNoDuplicateSubscriptions() throws Exception {
    String key = RedisProbe.uniqueKey();
    try (OwnRedisServer redis = new OwnRedisServer()) {
      flap(redis.uri(), () -> RedisStreamsAdapter.factory(
          StreamsMixedClusterTest.streamsOptions(options(redis.uri(), key)).build()), up -> restart(redis, up),
          probe -> assertThat(probe.numsub(RedisChannels.sharded(key, "/"))).isEqualTo(NODES));
    }
  }

  private static void restart(OwnRedisServer redis, boolean up) {
    try {
      if (up) {
        redis.start();
      } else {
        redis.kill();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sharded pub/sub; Redis stays up (its subscriptions of a connection that is not closed would stay too) and the
   * network goes: every connection is cut and new ones are refused, then let through again.
   */
  @Test
  void shardedRedisFlappingNoDuplicateSubscriptions() throws Exception {
    String key = RedisProbe.uniqueKey();
    try (OwnRedisServer redis = new OwnRedisServer();
        LoopbackForwarder cable = new LoopbackForwarder(URI.create(redis.uri()).getPort())) {
      int redisPort = URI.create(redis.uri()).getPort();
      flap(redis.uri(), () -> ShardedRedisAdapter.factory(options(cable.url().replace("http", "redis"), key)), up -> {
        cable.retarget(up ? redisPort : 0);
        if (!up) {
          cable.severAll();
        }
      }, probe -> {
        assertThat(probe.shardNumsub(RedisChannels.sharded(key, "/"))).isEqualTo(NODES);
        assertThat(probe.shardNumsub(RedisChannels.room(key, "/", ROOM))).isEqualTo(NODES);
      });
    }
  }

  private void flap(String redisUri, Supplier<AdapterFactory> adapter, Consumer<Boolean> redisUp,
      Consumer<RedisProbe> subscribedOncePerNode) throws Exception {
    List<ParleyNode> nodes = new ArrayList<>();
    try (JsClientDriver clients = JsClientDriver.start()) {
      List<JsClient> members = new ArrayList<>();
      for (int i = 0; i < NODES; i++) {
        nodes.add(new ParleyNode(adapter.get()));
        members.add(clients.connect(nodes.get(i).url(), Map.of("transports", List.of("websocket"),
            "auth", Map.of("room", ROOM))));
        members.get(i).awaitEvent("connect");
      }
      awaitHealed(nodes);
      List<String> formation;
      try (RedisProbe probe = new RedisProbe(redisUri)) {
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> subscribedOncePerNode.accept(probe));
        formation = subscriptionProfile(probe);
      }
      broadcastRound(nodes, members, 0);
      Set<String> pools = Set.of();

      for (int round = 1; round <= FLAPS; round++) {
        redisUp.accept(false);
        await().atMost(10, TimeUnit.SECONDS).until(() -> nodes.stream().noneMatch(n -> status(n).isConnected()));
        redisUp.accept(true);
        awaitHealed(nodes);
        try (RedisProbe probe = new RedisProbe(redisUri)) {
          // what Redis holds for the cluster converges to the first formation: the same connections, each with
          // the same number of channels, patterns and shard channels, and every channel once per node
          await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> subscribedOncePerNode.accept(probe));
          await().atMost(10, TimeUnit.SECONDS)
              .untilAsserted(() -> assertThat(subscriptionProfile(probe)).isEqualTo(formation));
          broadcastRound(nodes, members, round);
          subscribedOncePerNode.accept(probe);
          assertThat(subscriptionProfile(probe)).as("after round %s", round).isEqualTo(formation);
        }
        if (round == 1) {
          // by now every pool has run (the reconnection pool starts with the first outage); its size is fixed
          pools = redisThreadPools();
        }
        assertThat(redisThreadPools()).as("thread pools of Redis clients after round %s", round)
            .isSubsetOf(pools);
      }
    } finally {
      nodes.forEach(ParleyNode::close);
    }
  }

  private static RedisStatus status(ParleyNode node) {
    return (RedisStatus) node.io().adapter();
  }

  /** Every node connected and counting the others; more than that is the subscription checks' to report. */
  private static void awaitHealed(List<ParleyNode> nodes) {
    await().atMost(15, TimeUnit.SECONDS).ignoreExceptions()
        .until(() -> nodes.stream().allMatch(n -> status(n).isConnected() && n.serverCount() >= NODES));
  }

  /**
   * One broadcast per node, then a second one as a fence: Redis writes a message to every subscriber connection at
   * once, so a copy through a doubled subscription arrives with the original, before the fence is through.
   */
  private static void broadcastRound(List<ParleyNode> nodes, List<JsClient> members, int round) {
    for (int i = 0; i < NODES; i++) {
      nodes.get(i).io().to(ROOM).emit("flap", round, i);
    }
    for (int i = 0; i < NODES; i++) {
      nodes.get(i).io().to(ROOM).emit("fence", round, i);
    }
    for (JsClient member : members) {
      await().atMost(10, TimeUnit.SECONDS).until(() -> ofRound(member, "fence", round).size() >= NODES);
      assertThat(ofRound(member, "flap", round)).as("round %s as %s heard it", round, member)
          .containsExactlyInAnyOrder(0, 1, 2);
      assertThat(ofRound(member, "fence", round)).containsExactlyInAnyOrder(0, 1, 2);
    }
  }

  private static List<Integer> ofRound(JsClient member, String event, int round) {
    return member.events(event).stream().filter(e -> e.args().get(0).asInt() == round)
        .map(e -> e.args().get(1).asInt()).toList();
  }

  /** Each connection to Redis as its numbers of channels, patterns and shard channels, sorted. */
  private static List<String> subscriptionProfile(RedisProbe probe) {
    String list = probe.sync().clientList();
    List<String> profile = new ArrayList<>();
    for (String line : list.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      StringBuilder counts = new StringBuilder();
      for (String field : line.trim().split(" ")) {
        if (field.startsWith("sub=") || field.startsWith("psub=") || field.startsWith("ssub=")) {
          counts.append(field).append(' ');
        }
      }
      profile.add(counts.toString().trim());
    }
    profile.sort(null);
    return profile;
  }

  /**
   * The pools of the adapters' Redis clients in this JVM ({@code lettuce-epollEventLoop-14} of thread
   * {@code lettuce-epollEventLoop-14-2}) and their schedulers: pools, not threads, because Netty starts a pool's
   * threads one by one as work reaches them, while a leak (a client or its resources made per reconnection) adds pools.
   */
  private static Set<String> redisThreadPools() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(n -> n.startsWith("lettuce-") || n.startsWith("parley-redis-adapter-"))
        .map(n -> n.startsWith("lettuce-") ? n.substring(0, n.lastIndexOf('-')) : n)
        .collect(Collectors.toSet());
  }
}
