package dev.parley.socketio.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.socketio.adapter.AdapterFactory;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.Values;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mixed cluster on a Redis stream: a Node socket.io 4.8 server with {@code @socket.io/redis-streams-adapter}
 * 0.3.1 and a Parley node with {@link RedisStreamsAdapter}. Every cluster operation of the abstract test runs in both
 * directions: broadcasts (binary ones as base64 MessagePack entries) through the stream, requests and answers over
 * pub/sub, nodes counted with {@code PUBSUB NUMSUB}.
 */
class StreamsMixedClusterTest extends AbstractMixedClusterTest {

  @Override
  String mode() {
    return "streams";
  }

  @Override
  AdapterFactory factory(RedisAdapterOptions options) {
    return RedisStreamsAdapter.factory(streamsOptions(options).build());
  }

  /** The stream and session keys the Node peer uses for this key. */
  static RedisStreamsOptions.Builder streamsOptions(RedisAdapterOptions options) {
    return RedisStreamsOptions.builder().redis(options).streamName(options.key())
        .sessionKeyPrefix(options.key() + ":session:").blockTime(Duration.ofSeconds(1));
  }

  @Override
  void awaitRoomReady(String room, int nodes) {
    // every node reads the whole stream: a room needs no subscription
  }

  @Test
  void broadcastsAreEntriesOfTheStreamInTheReferenceFormat() {
    String room = room();
    JsClient onNode = connect(node.url(), room, "n");
    parley.io().to(room).emit("kept", "text", new byte[] {9});
    JsonNode args = onNode.awaitEvent("kept");
    assertThat(Values.bytes(args.get(1))).containsExactly(9);

    List<StreamMessage<String, byte[]>> entries = probe.sync().xrange(key, Range.create("-", "+"));
    StreamMessage<String, byte[]> last = entries.get(entries.size() - 1);
    assertThat(text(last.getBody().get("type"))).isEqualTo("3");
    assertThat(text(last.getBody().get("nsp"))).isEqualTo("/");
    // binary data travels as base64 of MessagePack, as the reference writes it
    assertThat(text(last.getBody().get("data"))).doesNotStartWith("{").matches("[A-Za-z0-9+/=]+");
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
