package dev.parley.engineio.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnginePayloadCodecTest {

  @Test
  void joinsPacketsWithTheRecordSeparator() {
    List<EnginePacket> packets = List.of(EnginePacket.message("test1"), EnginePacket.message("test2"),
        EnginePacket.binary(new byte[] {1, 2, 3, 4}));
    String wire = "4test1\u001e4test2\u001ebAQIDBA==";
    assertThat(EnginePayloadCodec.encode(packets)).isEqualTo(wire);
    assertThat(EnginePayloadCodec.decode(wire, 100)).containsExactlyElementsOf(packets);
  }

  @Test
  void singlePacketPayload() {
    assertThat(EnginePayloadCodec.decode("4hello", 1)).containsExactly(EnginePacket.message("hello"));
    assertThat(EnginePayloadCodec.encode(List.of(EnginePacket.NOOP))).isEqualTo("6");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\u001e", "4a\u001e", "\u001e4a", "4a\u001e\u001e4b", "4a\u001eabc"})
  void anInvalidPacketInvalidatesThePayload(String wire) {
    assertThatThrownBy(() -> EnginePayloadCodec.decode(wire, 100)).isInstanceOf(EngineProtocolException.class);
  }

  @Test
  void capsTheNumberOfPackets() {
    String wire = "4x\u001e".repeat(10) + "4x";
    assertThat(EnginePayloadCodec.decode(wire, 11)).hasSize(11);
    assertThatThrownBy(() -> EnginePayloadCodec.decode(wire, 10))
        .isInstanceOf(EngineProtocolException.class)
        .hasMessage("too many packets in payload");
  }
}
