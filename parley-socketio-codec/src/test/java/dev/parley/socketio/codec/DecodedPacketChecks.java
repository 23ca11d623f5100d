package dev.parley.socketio.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What must hold for every packet the decoder hands out, whatever the input: the promises of
 * {@link SocketPacketDecoder} and {@link CodecLimits}, written once for the fuzz tests.
 *
 * <p>The limits are checked on the packet, not on the input, because the packet is what the server goes on to use:
 * it relays it to other clients, and a packet that is within the limits on the way in must stay within them on the
 * way out (a placeholder used twice would otherwise make one attachment into many).
 */
final class DecodedPacketChecks {
  private final JsonCodec json;
  private final CodecLimits limits;
  private final SocketPacketEncoder encoder;

  DecodedPacketChecks(JsonCodec json, CodecLimits limits) {
    this.json = json;
    this.limits = limits;
    this.encoder = new SocketPacketEncoder(json);
  }

  /** Asserts the decoder's promises and the round trip through the encoder. */
  void check(SocketPacket packet) {
    assertThat(packet.type().isBinary()).as("decoded packets are never of a binary type").isFalse();
    assertThat(packet.namespace()).startsWith("/");
    JsonNode data = packet.data();
    if (data != null) {
      assertThat(depth(data)).as("JSON depth").isLessThanOrEqualTo(limits.maxJsonDepth());
      assertIntegersWithinLength(data);
      List<byte[]> binaries = binaries(data);
      assertThat(binaries.size()).as("attachments").isLessThanOrEqualTo(limits.maxAttachments());
      assertThat(binaries.stream().mapToLong(b -> b.length).sum()).as("attachment bytes")
          .isLessThanOrEqualTo(limits.maxAttachmentBytes());
    }
    if (packet.type() == SocketPacketType.EVENT) {
      JsonNode name = data.get(0);
      assertThat(name.isNumber() || name.isTextual()).as("event name").isTrue();
      if (name.isTextual()) {
        assertThat(SocketPacketDecoder.RESERVED_EVENTS).doesNotContain(name.textValue());
      }
    }
    assertRoundTrip(packet);
  }

  /** What the server sends for this packet decodes, with the same limits, to the same packet. */
  private void assertRoundTrip(SocketPacket packet) {
    EncodedPacket encoded = encoder.encode(packet);
    SocketPacketDecoder decoder = new SocketPacketDecoder(json, limits);
    SocketPacket decoded = decoder.decodeText(encoded.text());
    for (byte[] attachment : encoded.attachments()) {
      assertThat(decoded).isNull();
      decoded = decoder.decodeBinary(attachment);
    }
    assertThat(decoded).isNotNull();
    // A number too large for a double (1e999) parses as Infinity, which JSON cannot write: Jackson writes the string
    // "Infinity", the reference (JSON.stringify) writes null. Neither is the number that came in, so equality is
    // not the property there; decoding what is sent is.
    if (packet.data() == null || !hasNonFiniteNumber(packet.data())) {
      assertThat(decoded).isEqualTo(packet);
    }
  }

  private void assertIntegersWithinLength(JsonNode node) {
    if (node.isIntegralNumber()) {
      assertThat(node.bigIntegerValue().abs().toString().length()).as("integer length")
          .isLessThanOrEqualTo(limits.maxNumberLength());
    }
    for (JsonNode child : node) {
      assertIntegersWithinLength(child);
    }
  }

  static int depth(JsonNode node) {
    if (!node.isContainerNode()) {
      return 0;
    }
    int deepest = 0;
    for (JsonNode child : node) {
      deepest = Math.max(deepest, depth(child));
    }
    return deepest + 1;
  }

  static List<byte[]> binaries(JsonNode node) {
    List<byte[]> out = new ArrayList<>();
    collectBinaries(node, out);
    return out;
  }

  private static void collectBinaries(JsonNode node, List<byte[]> out) {
    if (node.isBinary()) {
      out.add(((BinaryNode) node).binaryValue());
      return;
    }
    for (JsonNode child : node) {
      collectBinaries(child, out);
    }
  }

  private static boolean hasNonFiniteNumber(JsonNode node) {
    if (node.isFloatingPointNumber() && !node.isBigDecimal() && !Double.isFinite(node.doubleValue())) {
      return true;
    }
    for (JsonNode child : node) {
      if (hasNonFiniteNumber(child)) {
        return true;
      }
    }
    return false;
  }
}
