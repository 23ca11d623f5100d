package dev.parley.engineio.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnginePacketCodecTest {

  static Stream<Arguments> roundTrips() {
    return Stream.of(
        Arguments.of("0{\"sid\":\"x\"}", EnginePacket.of(EnginePacketType.OPEN, "{\"sid\":\"x\"}")),
        Arguments.of("1", EnginePacket.CLOSE),
        Arguments.of("2", EnginePacket.PING),
        Arguments.of("3", EnginePacket.PONG),
        Arguments.of("2probe", EnginePacket.PROBE_PING),
        Arguments.of("3probe", EnginePacket.PROBE_PONG),
        Arguments.of("4hello", EnginePacket.message("hello")),
        Arguments.of("4\u00e9\u20ac\ud83d\ude00", EnginePacket.message("\u00e9\u20ac\ud83d\ude00")),
        Arguments.of("5", EnginePacket.UPGRADE),
        Arguments.of("6", EnginePacket.NOOP),
        Arguments.of("bAQIDBA==", EnginePacket.binary(new byte[] {1, 2, 3, 4})));
  }

  @ParameterizedTest
  @MethodSource("roundTrips")
  void decodesAndEncodesTheSpecificationExamples(String wire, EnginePacket packet) {
    assertThat(EnginePacketCodec.decodeText(wire)).isEqualTo(packet);
    assertThat(EnginePacketCodec.encodeText(packet)).isEqualTo(wire);
  }

  @Test
  void messageWithEmptyTextKeepsNoBody() {
    assertThat(EnginePacketCodec.decodeText("4")).isEqualTo(new EnginePacket(EnginePacketType.MESSAGE, null, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "7", "9x", "a", "abc", "b!!notbase64", "/", " 4"})
  void rejectsInvalidPackets(String wire) {
    assertThatThrownBy(() -> EnginePacketCodec.decodeText(wire)).isInstanceOf(EngineProtocolException.class);
  }

  @Test
  void binaryFrameIsAlwaysAMessage() {
    byte[] data = "raw".getBytes(StandardCharsets.UTF_8);
    assertThat(EnginePacketCodec.decodeBinary(data)).isEqualTo(EnginePacket.binary(data));
  }

  @Test
  void onlyMessagesCarryBinary() {
    assertThatThrownBy(() -> new EnginePacket(EnginePacketType.PING, null, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
