package dev.parley.socketio.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzzes the Socket.IO decoder: single text packets, and sequences of text and binary messages that exercise the
 * reassembly of binary packets from their placeholders and attachments.
 *
 * <p>It exists because the decoder is the first code to see what a client sends: anything but
 * {@link SocketProtocolException} escaping it skips the server's {@code parse error} handling, and a packet that
 * breaks a limit or does not survive re-encoding reaches applications and other clients. The properties are in
 * {@link DecodedPacketChecks}. {@code mvn test} replays the corpora under {@code SocketPacketDecoderFuzzTestInputs};
 * {@code docs/security.md} says how to fuzz for real.
 */
class SocketPacketDecoderFuzzTest {
  /**
   * Limits small enough for the fuzzer to reach each of them in a few mutations; the decoder treats every limit the
   * same way whatever its value. The number length stays at 24 or more: Jackson writes a double in its shortest form
   * ({@code 1e19} becomes {@code 1.0E19}), up to 20 digits, so a lower limit would refuse numbers the encoder itself
   * wrote, which is not a property of the decoder (the default is 400).
   */
  static final CodecLimits LIMITS = new CodecLimits(3, 64, 8, 24);
  /** Marks a binary message in a {@link #binaryReconstruction} input, as {@code b} does in a polling payload. */
  private static final byte BINARY = 'b';
  private static final byte SEPARATOR = 0x1e;

  private static final JsonCodec JSON = new JsonCodec(LIMITS);
  private static final DecodedPacketChecks CHECKS = new DecodedPacketChecks(JSON, LIMITS);

  /** One text message, as a WebSocket text frame or a polling packet delivers it. */
  @FuzzTest(maxDuration = "10m")
  void textPacket(byte[] input) {
    SocketPacketDecoder decoder = new SocketPacketDecoder(JSON, LIMITS);
    SocketPacket packet;
    try {
      packet = decoder.decodeText(new String(input, StandardCharsets.UTF_8));
    } catch (SocketProtocolException expected) {
      assertThat(decoder.isReassembling()).isFalse();
      return;
    }
    if (packet == null) {
      // the text part of a binary packet: it waits for its attachments
      assertThat(decoder.isReassembling()).isTrue();
      return;
    }
    CHECKS.check(packet);
  }

  /**
   * Messages separated by {@code 0x1e}; one that starts with {@code b} is a binary message (the bytes after the
   * {@code b}), any other a text message. Every packet that comes out must pass the checks; the first error must
   * leave the decoder reset, holding no partial packet, as the server closes the connection then.
   */
  @FuzzTest(maxDuration = "10m")
  void binaryReconstruction(byte[] input) {
    SocketPacketDecoder decoder = new SocketPacketDecoder(JSON, LIMITS);
    int start = 0;
    while (start <= input.length) {
      int end = indexOf(input, SEPARATOR, start);
      byte[] message = Arrays.copyOfRange(input, start, end);
      SocketPacket packet;
      try {
        packet = message.length > 0 && message[0] == BINARY
            ? decoder.decodeBinary(Arrays.copyOfRange(message, 1, message.length))
            : decoder.decodeText(new String(message, StandardCharsets.UTF_8));
      } catch (SocketProtocolException expected) {
        assertThat(decoder.isReassembling()).isFalse();
        return;
      }
      if (packet != null) {
        assertThat(decoder.isReassembling()).isFalse();
        CHECKS.check(packet);
      }
      start = end + 1;
    }
  }

  private static int indexOf(byte[] bytes, byte value, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return bytes.length;
  }
}
