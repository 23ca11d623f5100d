package dev.parley.socketio.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SocketPacketCodecTest {
  private static final JsonCodec json = new JsonCodec(CodecLimits.DEFAULTS);
  private final SocketPacketEncoder encoder = new SocketPacketEncoder(json);
  private final SocketPacketDecoder decoder = new SocketPacketDecoder(json, CodecLimits.DEFAULTS);

  private static JsonNode parse(String s) {
    return json.parse(s);
  }

  static Stream<Arguments> textPackets() {
    return Stream.of(
        Arguments.of("0", SocketPacket.connect("/", null)),
        Arguments.of("0{\"token\":\"123\"}", SocketPacket.connect("/", parse("{\"token\":\"123\"}"))),
        Arguments.of("0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}",
            SocketPacket.connect("/admin", parse("{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}"))),
        Arguments.of("1/admin,", SocketPacket.disconnect("/admin")),
        Arguments.of("2[\"hello\",1]", SocketPacket.event("/", parse("[\"hello\",1]"))),
        Arguments.of("2/admin,456[\"project:delete\",123]",
            SocketPacket.event("/admin", parse("[\"project:delete\",123]"), 456)),
        Arguments.of("3/admin,456[]", SocketPacket.ack("/admin", parse("[]"), 456)),
        Arguments.of("4{\"message\":\"Not authorized\"}",
            SocketPacket.connectError("/", parse("{\"message\":\"Not authorized\"}"))),
        Arguments.of("2[\"message\",1,\"2\",{\"3\":[true]}]",
            SocketPacket.event("/", parse("[\"message\",1,\"2\",{\"3\":[true]}]"))));
  }

  @ParameterizedTest
  @MethodSource("textPackets")
  void roundTripsTextPackets(String wire, SocketPacket packet) {
    assertThat(decoder.decodeText(wire)).isEqualTo(packet);
    String encoded = encoder.encode(packet).text();
    // "1/admin," decodes to the same packet as "1/admin"; the encoder writes the reference's form.
    assertThat(decoder.decodeText(encoded)).isEqualTo(packet);
  }

  @Test
  void encodesLikeTheReference() {
    assertThat(encoder.encode(SocketPacket.disconnect("/admin")).text()).isEqualTo("1/admin,");
    assertThat(encoder.encode(SocketPacket.event("/", parse("[\"a\"]"), 12)).text()).isEqualTo("212[\"a\"]");
    assertThat(encoder.encode(SocketPacket.connectError("/random", parse("{\"message\":\"Invalid namespace\"}")))
        .text()).isEqualTo("4/random,{\"message\":\"Invalid namespace\"}");
  }

  @Test
  void binaryEventRoundTripWithPlaceholdersInOrder() {
    ArrayNode data = JsonNodeFactory.instance.arrayNode();
    data.add("hello");
    data.add(BinaryNode.valueOf(new byte[] {1, 2, 3}));
    data.addObject().set("nested", JsonNodeFactory.instance.arrayNode().add(BinaryNode.valueOf(new byte[] {4})));
    EncodedPacket encoded = encoder.encode(SocketPacket.event("/admin", data, 7));
    assertThat(encoded.text()).isEqualTo("52-/admin,7[\"hello\",{\"_placeholder\":true,\"num\":0},"
        + "{\"nested\":[{\"_placeholder\":true,\"num\":1}]}]");
    assertThat(encoded.attachments()).containsExactly(new byte[] {1, 2, 3}, new byte[] {4});
    // the caller's tree is left untouched
    assertThat(data.get(1).isBinary()).isTrue();

    assertThat(decoder.decodeText(encoded.text())).isNull();
    assertThat(decoder.isReassembling()).isTrue();
    assertThat(decoder.decodeBinary(new byte[] {1, 2, 3})).isNull();
    SocketPacket decoded = decoder.decodeBinary(new byte[] {4});
    assertThat(decoded).isEqualTo(SocketPacket.event("/admin", data, 7));
    assertThat(decoder.isReassembling()).isFalse();
  }

  @Test
  void binaryAckUsesTheBinaryAckType() {
    ArrayNode data = JsonNodeFactory.instance.arrayNode().add(BinaryNode.valueOf(new byte[] {9}));
    assertThat(encoder.encode(SocketPacket.ack("/", data, 789)).text())
        .isEqualTo("61-789[{\"_placeholder\":true,\"num\":0}]");
  }

  @Test
  void placeholderKeysMayComeInAnyOrder() {
    decoder.decodeText("51-[\"x\",{\"num\":0,\"_placeholder\":true}]");
    SocketPacket packet = decoder.decodeBinary(new byte[] {5});
    assertThat(((BinaryNode) packet.data().get(1)).binaryValue()).containsExactly(5);
  }

  static Stream<String> invalidPackets() {
    return Stream.of("", "4abc", "42{}", "2{}", "42abc[\"x\"]", "2[{\"toString\":\"foo\"}]", "2[true,\"foo\"]",
        "2[null,\"bar\"]", "2/admin,{}", "1/admin,{}", "0/nsp,\"str\"", "41{\"x\":1}", "1{\"x\":1}", "7", "9",
        "2[\"x\"", "2[]", "2\"x\"", "3{}", "3/admin,1", "2[\"x\"] trailing", "0[]",
        "2[\"connect\"]", "2[\"connect_error\"]", "2[\"disconnect\"]", "2[\"disconnecting\"]",
        "2[\"newListener\"]", "2[\"removeListener\"]",
        "212345678901234567890[\"x\"]", "2" + "9".repeat(400) + "[\"x\"]", "29007199254740992[\"x\"]",
        "2-1[\"x\"]", "511-[\"x\"]", "5999999999-[\"x\"]", "50-[\"x\"]", "5-1-[\"x\"]", "5-[\"x\"]", "5[\"x\"]",
        "5a-[\"x\"]", "2[\"x\"," + "[".repeat(100_000), "2[\"x\"," + "1".repeat(10_000) + "]");
  }

  @ParameterizedTest
  @MethodSource("invalidPackets")
  void rejectsInvalidPacketsWithAProtocolException(String wire) {
    assertThatThrownBy(() -> decoder.decodeText(wire)).isInstanceOf(SocketProtocolException.class);
    assertThat(decoder.isReassembling()).isFalse();
  }

  @Test
  void acceptsTenDigitAckIds() {
    assertThat(decoder.decodeText("21234567890[\"x\"]").ackId()).isEqualTo(1234567890L);
  }

  static Stream<String> illegalPlaceholders() {
    return Stream.of("{\"_placeholder\":true,\"num\":\"splice\"}", "{\"_placeholder\":true,\"num\":1}",
        "{\"_placeholder\":true,\"num\":-1}", "{\"_placeholder\":true,\"num\":1.5}",
        "{\"_placeholder\":true}", "{\"_placeholder\":true,\"num\":99999999999}");
  }

  @ParameterizedTest
  @MethodSource("illegalPlaceholders")
  void rejectsIllegalPlaceholders(String placeholder) {
    decoder.decodeText("51-[\"x\"," + placeholder + "]");
    assertThatThrownBy(() -> decoder.decodeBinary(new byte[] {1}))
        .isInstanceOf(SocketProtocolException.class)
        .hasMessage("illegal attachments");
  }

  @Test
  void anAttachmentMayBeReferencedOnlyOnce() {
    // found by SocketPacketDecoderFuzzTest: two placeholders sharing one attachment made the packet carry it twice,
    // past maxAttachmentBytes and maxAttachments once the server relayed it
    decoder.decodeText("52-[\"x\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":0}]");
    decoder.decodeBinary(new byte[] {1});
    assertThatThrownBy(() -> decoder.decodeBinary(new byte[] {2}))
        .isInstanceOf(SocketProtocolException.class)
        .hasMessage("illegal attachments");
    assertThat(decoder.isReassembling()).isFalse();
  }

  @Test
  void plaintextWhileReassemblingIsAnErrorAndResets() {
    decoder.decodeText("52-[\"x\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
    decoder.decodeBinary(new byte[] {1});
    assertThatThrownBy(() -> decoder.decodeText("2[\"y\"]")).isInstanceOf(SocketProtocolException.class);
    assertThat(decoder.isReassembling()).isFalse();
  }

  @Test
  void binaryWithoutHeaderIsAnError() {
    assertThatThrownBy(() -> decoder.decodeBinary(new byte[] {1})).isInstanceOf(SocketProtocolException.class);
  }

  @Test
  void attachmentBytesAreBounded() {
    SocketPacketDecoder small = new SocketPacketDecoder(json, new CodecLimits(10, 100, 64, 400));
    small.decodeText("52-[\"x\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
    small.decodeBinary(new byte[60]);
    assertThatThrownBy(() -> small.decodeBinary(new byte[41])).isInstanceOf(SocketProtocolException.class)
        .hasMessage("attachments too large");
    assertThat(small.isReassembling()).isFalse();
  }

  @Test
  void resetFreesAPartialPacket() {
    decoder.decodeText("53-[\"x\"]");
    decoder.decodeBinary(new byte[] {1});
    decoder.reset();
    assertThat(decoder.isReassembling()).isFalse();
    assertThat(decoder.decodeText("2[\"y\"]").data().get(0).asText()).isEqualTo("y");
  }

  @Test
  void numericEventNamesAreAccepted() {
    assertThat(decoder.decodeText("2[1,2]").data()).isEqualTo(parse("[1,2]"));
  }

  @Test
  void nestingWithinTheLimitIsAccepted() {
    String deep = "[".repeat(63) + "]".repeat(63);
    assertThat(decoder.decodeText("2[\"x\"," + deep + "]")).isNotNull();
    String tooDeep = "[".repeat(64) + "]".repeat(64);
    assertThatThrownBy(() -> decoder.decodeText("2[\"x\"," + tooDeep + "]"))
        .isInstanceOf(SocketProtocolException.class);
  }

  @Test
  void encodedPacketCopiesItsList() {
    EncodedPacket p = new EncodedPacket("x", List.of(new byte[1]));
    assertThat(p.hasAttachments()).isTrue();
    assertThat(EncodedPacket.text("y").hasAttachments()).isFalse();
  }
}
