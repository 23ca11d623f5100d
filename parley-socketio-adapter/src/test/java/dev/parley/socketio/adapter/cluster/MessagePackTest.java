package dev.parley.socketio.adapter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** MessagePack as notepack.io writes and reads it, and refusals of hostile input. */
class MessagePackTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode decode(String hex) throws MalformedMessageException {
    return MessagePack.decode(HEX.parseHex(hex.replace(" ", "")), 16);
  }

  private static String encode(String json) throws Exception {
    return HEX.formatHex(MessagePack.encode(JSON.readTree(json)));
  }

  @Test
  void encodesAsNotepackDoes() throws Exception {
    // bytes written by notepack.io 3.0.1 for the same JavaScript values
    assertThat(encode("[1,-1,300,\"a\",true,null]")).isEqualTo("9601ffcd012ca161c3c0");
    assertThat(encode("{\"a\":1.5}")).isEqualTo("81a161cb3ff8000000000000");
    assertThat(encode("[-33, 70000, -70000, 5000000000]"))
        .isEqualTo("94d0dfce00011170d2fffeee90cf000000012a05f200");
    ArrayNode withBinary = JsonNodeFactory.instance.arrayNode().add(new byte[] {1, 2});
    assertThat(HEX.formatHex(MessagePack.encode(withBinary))).isEqualTo("91c4020102");
  }

  @Test
  void readsWhatNotepackWrites() throws Exception {
    assertThat(decode("9601ffcd012ca161c3c0").toString()).isEqualTo("[1,-1,300,\"a\",true,null]");
    assertThat(decode("c4020102").binaryValue()).containsExactly(1, 2);
    // ArrayBuffer (ext type 0) is binary too
    assertThat(decode("c702000a0b").binaryValue()).containsExactly(10, 11);
    // undefined: null in an array, no key in an object, as JSON.stringify treats it
    assertThat(decode("92d4000001").toString()).isEqualTo("[null,1]");
    assertThat(decode("82a161d40000a16201").toString()).isEqualTo("{\"b\":1}");
    // dates become the ISO string a client would have received
    assertThat(decode("d6ff00000001").asText()).isEqualTo("1970-01-01T00:00:01.000Z");
    assertThat(decode("cfffffffffffffffff").bigIntegerValue())
        .isEqualTo(new BigInteger("18446744073709551615"));
    assertThat(decode("ca3fc00000").asDouble()).isEqualTo(1.5);
    // an unknown extension is kept as [type, data], as notepack does
    assertThat(decode("d40507").get(0).asInt()).isEqualTo(5);
  }

  @Test
  void roundTripsTrees() throws Exception {
    ObjectNode tree = (ObjectNode) JSON.readTree("{\"s\":\"" + "x".repeat(70000) + "\",\"n\":[1.25,-7,"
        + "9007199254740991],\"o\":{\"deep\":[[[]]]},\"u\":\"h\u00e9llo \ud83d\ude00\"}");
    tree.put("bin", new byte[300]);
    assertThat(MessagePack.decode(MessagePack.encode(tree), 16)).isEqualTo(tree);
  }

  @Test
  void refusesHostileInput() {
    assertThatThrownBy(() -> decode("c1")).isInstanceOf(MalformedMessageException.class);
    // lengths larger than what remains are refused before anything is allocated
    assertThatThrownBy(() -> decode("db7fffffff61")).hasMessageContaining("a length of 2147483647");
    assertThatThrownBy(() -> decode("dd7fffffff")).hasMessageContaining("a length of");
    assertThatThrownBy(() -> decode("dc ffff 01")).hasMessageContaining("a container of 65535 items");
    assertThatThrownBy(() -> decode("de ffff 01")).hasMessageContaining("a container of 65535 items");
    assertThatThrownBy(() -> decode("c5ffff00")).hasMessageContaining("truncated");
    assertThatThrownBy(() -> decode("0102")).hasMessageContaining("after the MessagePack value");
    assertThatThrownBy(() -> decode("81 01 01")).hasMessageContaining("map key is not a string");
    assertThatThrownBy(() -> decode("91".repeat(40) + "c0")).hasMessageContaining("nesting deeper than 16");
    assertThatThrownBy(() -> decode("")).hasMessageContaining("truncated");
  }
}
