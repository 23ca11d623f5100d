package dev.parley.socketio.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.socketio.adapter.AdapterFactory;
import dev.parley.testkit.JsClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The mixed cluster in the sharded pub/sub mode ({@code createShardedAdapter}, Redis 7), with the reference's default
 * subscription mode, {@code dynamic}: a room's broadcast travels on the room's own channel.
 */
class ShardedMixedClusterTest extends AbstractMixedClusterTest {

  @Override
  String mode() {
    return "sharded";
  }

  @Override
  AdapterFactory factory(RedisAdapterOptions options) {
    return ShardedRedisAdapter.factory(options);
  }

  @Override
  void awaitRoomReady(String room, int nodes) {
    // each node subscribes to a room's channel when the room gets its first local member: asynchronously
    await().atMost(10, TimeUnit.SECONDS)
        .until(() -> probe.shardNumsub(RedisChannels.room(key, "/", room)) == nodes);
  }

  @Test
  void eachNodeSubscribesToTheChannelsOfItsPublicRoomsOnlyWhileTheyHaveMembers() {
    String room = room();
    JsClient onParley = connect(parley.url(), room, "p");
    String ownRoom = RedisChannels.room(key, "/", id(onParley));

    await().atMost(10, TimeUnit.SECONDS).until(() -> probe.shardNumsub(RedisChannels.room(key, "/", room)) == 1);
    // a socket's own room is private: no channel of its own in dynamic mode
    assertThat(probe.shardNumsub(ownRoom)).isZero();

    onParley.disconnect();
    await().atMost(10, TimeUnit.SECONDS).until(() -> probe.shardNumsub(RedisChannels.room(key, "/", room)) == 0);
  }
}
