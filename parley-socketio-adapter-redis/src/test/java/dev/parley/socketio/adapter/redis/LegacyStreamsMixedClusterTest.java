package dev.parley.socketio.adapter.redis;

import dev.parley.socketio.adapter.AdapterFactory;
import java.time.Duration;

/**
 * The mixed cluster with {@code @socket.io/redis-streams-adapter} 0.2.3 ({@link StreamsProtocol#V0_2}): everything,
 * answers included, goes through the stream, and the nodes count each other with heartbeats.
 */
class LegacyStreamsMixedClusterTest extends AbstractMixedClusterTest {

  @Override
  String mode() {
    return "streams-0.2";
  }

  @Override
  AdapterFactory factory(RedisAdapterOptions options) {
    return RedisStreamsAdapter.factory(StreamsMixedClusterTest.streamsOptions(options)
        .protocol(StreamsProtocol.V0_2).heartbeats(Duration.ofMillis(500), Duration.ofSeconds(2)).build());
  }

  @Override
  void awaitRoomReady(String room, int nodes) {
    // every node reads the whole stream
  }
}
