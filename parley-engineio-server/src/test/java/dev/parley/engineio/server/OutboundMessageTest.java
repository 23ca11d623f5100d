package dev.parley.engineio.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.engineio.codec.EnginePacket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OutboundMessageTest {

  private static byte[] frame(OutboundMessage message, int i) {
    byte[] array = message.frameArray(i);
    return Arrays.copyOfRange(array, message.frameOffset(i), array.length);
  }

  /** The frame RFC 6455 section 5.2 describes: FIN, opcode, unmasked length in 7, 7+16 or 7+64 bits, payload. */
  private static byte[] expectedFrame(int opcode, byte[] payload) {
    int n = payload.length;
    byte[] header = n < 126 ? new byte[] {(byte) (0x80 | opcode), (byte) n}
        : n <= 0xFFFF ? new byte[] {(byte) (0x80 | opcode), 126, (byte) (n >> 8), (byte) n}
        : new byte[] {(byte) (0x80 | opcode), 127, 0, 0, 0, 0, (byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8),
            (byte) n};
    byte[] frame = Arrays.copyOf(header, header.length + n);
    System.arraycopy(payload, 0, frame, header.length, n);
    return frame;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 124, 125, 126, 127, 65_534, 65_535, 65_536, 200_000})
  void theTextFrameAtEveryLengthBoundaryIsTheFrameOfTheEngineMessage(int textLength) {
    String text = "é".repeat(textLength / 2) + "x".repeat(textLength % 2);
    byte[] payload = ("4" + text).getBytes(StandardCharsets.UTF_8);

    OutboundMessage fromString = OutboundMessage.of(text);
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    byte[] buffer = new byte[OutboundMessage.TEXT_HEADROOM + 5 + utf8.length];
    System.arraycopy(utf8, 0, buffer, OutboundMessage.TEXT_HEADROOM + 5, utf8.length);
    OutboundMessage fromUtf8 = OutboundMessage.ofUtf8(buffer, OutboundMessage.TEXT_HEADROOM + 5, List.of());

    for (OutboundMessage message : List.of(fromString, fromUtf8)) {
      assertThat(message.frameCount()).isEqualTo(1);
      assertThat(frame(message, 0)).isEqualTo(expectedFrame(0x1, payload));
      assertThat(message.byteSize()).isEqualTo(expectedFrame(0x1, payload).length);
      assertThat(message.packets()).containsExactly(EnginePacket.message(text));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 125, 126, 65_535, 65_536})
  void binaryAttachmentsAreBinaryFramesAndBinaryPackets(int size) {
    byte[] data = new byte[size];
    Arrays.fill(data, (byte) 7);

    OutboundMessage message = OutboundMessage.of("51-[\"a\",{\"_placeholder\":true,\"num\":0}]", List.of(data));

    assertThat(message.frameCount()).isEqualTo(2);
    assertThat(frame(message, 1)).isEqualTo(expectedFrame(0x2, data));
    assertThat(message.packets()).hasSize(2);
    assertThat(message.packets().get(1).binary()).isEqualTo(data);
  }

  @Test
  void aTextWithoutTheHeadroomItsFrameNeedsIsRefused() {
    assertThatThrownBy(() -> OutboundMessage.ofUtf8(new byte[20], 10, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OutboundMessage.ofUtf8(new byte[20], 21, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
