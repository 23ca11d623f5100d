package dev.parley.socketio.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.socketio.adapter.cluster.MessagePack;
import dev.parley.testkit.Values;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parley's MessagePack against {@code notepack.io} 3.0.1 itself, the reference's encoder, run by the Node peer: the
 * bytes Parley writes are the bytes notepack writes for the same value, and what notepack writes Parley reads back
 * to the same value.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotepackCompatTest {
  private NodePeer node;

  @BeforeAll
  void start() {
    node = NodePeer.launch();
  }

  @AfterAll
  void stop() {
    node.close();
  }

  static List<Object> values() {
    return List.of(
        List.of(1, -1, 0, 127, 128, 255, 256, 65535, 65536, -32, -33, -128, -129, -32768, -32769, 4294967295L,
            4294967296L, -2147483648L, -2147483649L, 9007199254740991L),
        List.of(1.5, -0.25, 3.141592653589793, 1e-300),
        Map.of("short", "a", "utf8", "h\u00e9llo \ud83d\ude00", "str8", "x".repeat(40), "str16", "y".repeat(300)),
        Map.of("bin8", new byte[] {1, 2, 3}, "bin16", new byte[300], "nested", List.of(Map.of("k", new byte[0]))),
        Map.of("t", true, "f", false, "list", Arrays.asList("a", null)),
        List.of("x".repeat(70_000)),
        List.of(List.of(), Map.of(), List.of(List.of(List.of(1)))));
  }

  @ParameterizedTest
  @MethodSource("values")
  void parleyWritesWhatNotepackWrites(Object value) {
    JsonNode tree = NodePeer.JSON.valueToTree(value);
    String notepack = node.call("notepack", NodePeer.cmd().set("encode", NodePeer.JSON.valueToTree(
        Values.encode(value)))).get("bytes").asText();

    byte[] parley = MessagePack.encode(tree);

    // both sides walk the same map in the same order, so the bytes are comparable
    assertThat(Base64.getEncoder().encodeToString(parley)).isEqualTo(notepack);
    // compared as JSON text: 1 may be an int on one side and a long on the other
    assertThat(decode(Base64.getDecoder().decode(notepack)).toString()).isEqualTo(tree.toString());
  }

  @ParameterizedTest
  @MethodSource("values")
  void notepackReadsWhatParleyWrites(Object value) {
    JsonNode tree = NodePeer.JSON.valueToTree(value);
    JsonNode read = node.call("notepack", NodePeer.cmd().put("decode",
        Base64.getEncoder().encodeToString(MessagePack.encode(tree)))).get("value");

    assertThat(read.toString()).isEqualTo(NodePeer.JSON.valueToTree(Values.encode(value)).toString());
  }

  private static JsonNode decode(byte[] bytes) {
    try {
      return MessagePack.decode(bytes, 32);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
