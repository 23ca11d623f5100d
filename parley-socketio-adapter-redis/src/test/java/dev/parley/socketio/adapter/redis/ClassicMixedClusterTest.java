package dev.parley.socketio.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.socketio.adapter.AdapterFactory;
import org.junit.jupiter.api.Test;

/** The mixed cluster in the classic pub/sub mode ({@code createAdapter}). */
class ClassicMixedClusterTest extends AbstractMixedClusterTest {

  @Override
  String mode() {
    return "classic";
  }

  @Override
  AdapterFactory factory(RedisAdapterOptions options) {
    return RedisAdapter.factory(options);
  }

  @Override
  void awaitRoomReady(String room, int nodes) {
    // classic nodes subscribe to every room's channel with one pattern, from the start
  }

  @Test
  void nodesAllRoomsRequestIsAnsweredWithParleysRooms() {
    String room = room();
    connect(parley.url(), room, "p");

    // a request type of the classic adapter that the cluster protocol does not have
    assertThat(texts(node.call("allRooms", NodePeer.cmd()).get("rooms"))).contains(room);
  }
}
