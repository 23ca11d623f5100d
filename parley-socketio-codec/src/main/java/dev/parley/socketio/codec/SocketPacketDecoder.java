package dev.parley.socketio.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decodes the packets of one connection, reassembling binary packets from their text part and attachments.
 *
 * <p>One instance per connection, used from one thread at a time. The validity rules are the reference parser's
 * ({@code isPayloadValid}), made stricter where the reference is lax in ways no official client relies on: a binary
 * packet must declare at least one attachment, ack ids must be safe integers, and placeholders must use integer
 * indexes, each attachment at most once. Any violation raises {@link SocketProtocolException} and leaves the decoder
 * reset.
 */
public final class SocketPacketDecoder {

  /** Event names the protocol reserves; a client may not send them (CVE-2024-38355). */
  public static final Set<String> RESERVED_EVENTS =
      Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

  private static final int MAX_ACK_ID_DIGITS = 16;

  private final JsonCodec json;
  private final CodecLimits limits;

  private SocketPacket pending;
  private int expectedAttachments;
  private List<byte[]> attachments;
  private long attachmentBytes;

  public SocketPacketDecoder(JsonCodec json, CodecLimits limits) {
    this.json = json;
    this.limits = limits;
  }

  /**
   * Decodes a text message.
   *
   * @return the packet, or {@code null} when it is a binary packet still waiting for its attachments
   */
  public SocketPacket decodeText(String text) {
    if (pending != null) {
      reset();
      throw new SocketProtocolException("got plaintext data when reconstructing a packet");
    }
    Header header = parseHeader(text);
    SocketPacket packet = new SocketPacket(header.type, header.nsp, header.data, header.ackId);
    if (!header.type.isBinary()) {
      return packet;
    }
    SocketPacketType plainType =
        header.type == SocketPacketType.BINARY_EVENT ? SocketPacketType.EVENT : SocketPacketType.ACK;
    pending = new SocketPacket(plainType, header.nsp, header.data, header.ackId);
    expectedAttachments = header.attachments;
    attachments = new ArrayList<>(header.attachments);
    attachmentBytes = 0;
    return null;
  }

  /**
   * Decodes a binary message, which must be an attachment of the packet being reassembled.
   *
   * @return the complete packet once its last attachment arrives, else {@code null}
   */
  public SocketPacket decodeBinary(byte[] data) {
    if (pending == null) {
      throw new SocketProtocolException("got binary data when not reconstructing a packet");
    }
    attachmentBytes += data.length;
    if (attachmentBytes > limits.maxAttachmentBytes()) {
      reset();
      throw new SocketProtocolException("attachments too large");
    }
    attachments.add(data);
    if (attachments.size() < expectedAttachments) {
      return null;
    }
    SocketPacket packet = pending;
    List<byte[]> buffers = attachments;
    reset();
    return new SocketPacket(packet.type(), packet.namespace(), Placeholders.reconstruct(packet.data(), buffers),
        packet.ackId());
  }

  /** Whether a binary packet is waiting for attachments. */
  public boolean isReassembling() {
    return pending != null;
  }

  /** Drops any partial packet; called when the connection closes so its buffers are freed at once. */
  public void reset() {
    pending = null;
    attachments = null;
    expectedAttachments = 0;
    attachmentBytes = 0;
  }

  private record Header(SocketPacketType type, int attachments, String nsp, long ackId, JsonNode data) {}

  private Header parseHeader(String str) {
    int length = str.length();
    if (length == 0) {
      throw new SocketProtocolException("empty packet");
    }
    SocketPacketType type = SocketPacketType.fromWireChar(str.charAt(0));
    int i = 1;
    int attachmentCount = 0;
    if (type.isBinary()) {
      int dash = str.indexOf('-', i);
      if (dash < 0) {
        throw new SocketProtocolException("illegal attachments");
      }
      attachmentCount = parseAttachmentCount(str, i, dash);
      i = dash + 1;
    }
    String nsp = "/";
    if (i < length && str.charAt(i) == '/') {
      int comma = str.indexOf(',', i);
      int end = comma < 0 ? length : comma;
      nsp = str.substring(i, end);
      i = comma < 0 ? length : comma + 1;
    }
    long ackId = SocketPacket.NO_ACK;
    int idStart = i;
    while (i < length && isDigit(str.charAt(i))) {
      i++;
    }
    if (i > idStart) {
      if (i - idStart > MAX_ACK_ID_DIGITS) {
        throw new SocketProtocolException("invalid ack id");
      }
      ackId = Long.parseLong(str, idStart, i, 10);
      if (ackId > SocketPacket.MAX_ACK_ID) {
        throw new SocketProtocolException("invalid ack id");
      }
    }
    JsonNode data = i < length ? json.parse(str.substring(i)) : null;
    if (!isPayloadValid(type, data)) {
      throw new SocketProtocolException("invalid payload");
    }
    if (ackId != SocketPacket.NO_ACK && type != SocketPacketType.EVENT && type != SocketPacketType.ACK
        && !type.isBinary()) {
      throw new SocketProtocolException("invalid ack id");
    }
    return new Header(type, attachmentCount, nsp, ackId, data);
  }

  private int parseAttachmentCount(String str, int start, int end) {
    if (end == start || end - start > 9) {
      throw new SocketProtocolException(end == start ? "illegal attachments" : "too many attachments");
    }
    for (int k = start; k < end; k++) {
      if (!isDigit(str.charAt(k))) {
        throw new SocketProtocolException("illegal attachments");
      }
    }
    int n = Integer.parseInt(str, start, end, 10);
    if (n > limits.maxAttachments()) {
      throw new SocketProtocolException("too many attachments");
    }
    if (n == 0) {
      throw new SocketProtocolException("illegal attachments");
    }
    return n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isPayloadValid(SocketPacketType type, JsonNode payload) {
    return switch (type) {
      case CONNECT -> payload == null || payload.isObject();
      case DISCONNECT -> payload == null;
      case CONNECT_ERROR -> payload != null && (payload.isTextual() || payload.isObject());
      case EVENT, BINARY_EVENT -> payload != null && payload.isArray() && payload.size() > 0
          && isValidEventName(payload.get(0));
      case ACK, BINARY_ACK -> payload != null && payload.isArray();
    };
  }

  private static boolean isValidEventName(JsonNode name) {
    return name.isNumber() || (name.isTextual() && !RESERVED_EVENTS.contains(name.textValue()));
  }
}
