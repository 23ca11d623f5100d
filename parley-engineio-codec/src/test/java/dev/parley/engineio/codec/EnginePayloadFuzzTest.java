package dev.parley.engineio.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzes the Engine.IO decoders with what a client can put in a polling body or a WebSocket text frame.
 *
 * <p>It exists because a decoder that throws anything but {@link EngineProtocolException} escapes the transports'
 * error handling (the session is not closed with {@code parse error}), and a decoder whose output does not re-encode
 * to itself lets a client make the server relay something other than what it sent. {@code mvn test} replays the
 * corpus under {@code EnginePayloadFuzzTestInputs/payload}; {@code docs/security.md} says how to fuzz for real.
 */
class EnginePayloadFuzzTest {
  /** Small, so that the fuzzer reaches the cap; the server's default is 10,000. */
  private static final int MAX_PACKETS = 16;

  @FuzzTest(maxDuration = "10m")
  void payload(byte[] input) {
    // the transports decode the body as UTF-8 before the codec sees it
    String text = new String(input, StandardCharsets.UTF_8);
    checkPayload(text);
    checkSinglePacket(text);
  }

  /** A polling body: packets joined by the record separator. */
  private static void checkPayload(String body) {
    List<EnginePacket> packets;
    try {
      packets = EnginePayloadCodec.decode(body, MAX_PACKETS);
    } catch (EngineProtocolException expected) {
      return;
    }
    assertThat(packets).isNotEmpty().hasSizeLessThanOrEqualTo(MAX_PACKETS);
    String encoded = EnginePayloadCodec.encode(packets);
    assertThat(EnginePayloadCodec.decode(encoded, MAX_PACKETS)).isEqualTo(packets);
    if (packets.stream().noneMatch(EnginePacket::isBinary)) {
      // text packets have exactly one encoding (base64 has several: padding, whitespace)
      assertThat(encoded).isEqualTo(body);
    }
  }

  /** A WebSocket text frame: exactly one packet, in which a record separator is plain data. */
  private static void checkSinglePacket(String frame) {
    EnginePacket packet;
    try {
      packet = EnginePacketCodec.decodeText(frame);
    } catch (EngineProtocolException expected) {
      return;
    }
    String encoded = EnginePacketCodec.encodeText(packet);
    assertThat(EnginePacketCodec.decodeText(encoded)).isEqualTo(packet);
    if (!packet.isBinary()) {
      assertThat(encoded).isEqualTo(frame);
    }
  }
}
