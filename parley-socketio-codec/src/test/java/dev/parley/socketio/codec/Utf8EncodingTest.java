package dev.parley.socketio.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The UTF-8 form of the encoder writes what the text form writes, behind the headroom it was asked for. */
class Utf8EncodingTest {
  private static final JsonCodec json = new JsonCodec(CodecLimits.DEFAULTS);
  private final SocketPacketEncoder encoder = new SocketPacketEncoder(json);

  static Stream<SocketPacket> packets() {
    ArrayNode binary = JsonNodeFactory.instance.arrayNode()
        .add("upload").add(new byte[] {1, 2, 3}).add(JsonNodeFactory.instance.objectNode().put("b", new byte[] {4}));
    return Stream.of(
        SocketPacket.connect("/", null),
        SocketPacket.disconnect("/admin"),
        SocketPacket.event("/", json.parse("[\"hello\",1,{\"a\":[true,null,1.5]}]")),
        SocketPacket.event("/ünïcødé", json.parse("[\"çà\",\"日本語\",\"😀\",\"\\u0000\\n\\\"\"]"), 42),
        SocketPacket.ack("/", json.parse("[]"), 9_007_199_254_740_991L),
        SocketPacket.connectError("/x", json.parse("{\"message\":\"Not authorized\"}")),
        SocketPacket.event("/", binary, 7),
        SocketPacket.event("/", json.parse("[\"big\",\"" + "x".repeat(70_000) + "\"]")));
  }

  @ParameterizedTest
  @MethodSource("packets")
  void writesTheSameTextAsTheTextEncoderBehindTheHeadroom(SocketPacket packet) {
    EncodedPacket text = encoder.encode(packet);

    EncodedUtf8Packet utf8 = encoder.encodeUtf8(packet, 11);

    assertThat(utf8.headroom()).isEqualTo(11);
    assertThat(Arrays.copyOfRange(utf8.buffer(), utf8.headroom(), utf8.buffer().length))
        .isEqualTo(text.text().getBytes(StandardCharsets.UTF_8));
    assertThat(Arrays.copyOfRange(utf8.buffer(), 0, utf8.headroom())).containsOnly(0);
    assertThat(utf8.attachments()).hasSameSizeAs(text.attachments());
    for (int i = 0; i < text.attachments().size(); i++) {
      assertThat(utf8.attachments().get(i)).isEqualTo(text.attachments().get(i));
    }
  }

  @Test
  void aLoneSurrogateIsWrittenAsAQuestionMarkLikeTheTextFormOnTheWire() {
    // a client may send "\ud800" escaped in JSON; echoing it must not fail nor swallow the next character
    SocketPacket packet = SocketPacket.ack("/", json.parse("[\"a\\ud800b\\udc00c\\ud800\"]"), 1);

    EncodedUtf8Packet utf8 = encoder.encodeUtf8(packet, 3);

    assertThat(utf8.text()).isEqualTo("31[\"a?b?c?\"]");
  }

  @Test
  void aCharacterOutsideTheBmpIsWrittenAsItsFourBytesLikeJsonStringify() {
    SocketPacket packet = SocketPacket.event("/", json.parse("[\"a😀b\"]"));

    EncodedUtf8Packet utf8 = encoder.encodeUtf8(packet, 0);

    assertThat(utf8.buffer()).isEqualTo("2[\"a😀b\"]".getBytes(StandardCharsets.UTF_8));
  }
}
