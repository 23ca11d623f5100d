package dev.parley.engineio.server.internal;

import dev.parley.engineio.codec.EnginePacket;
import dev.parley.engineio.codec.EnginePayloadCodec;
import dev.parley.engineio.codec.EngineProtocolException;
import dev.parley.engineio.server.CloseReason;
import dev.parley.engineio.server.EngineErrorCode;
import dev.parley.engineio.server.OutboundMessage;
import dev.parley.engineio.server.TransportName;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP long-polling: packets wait in a buffer for the client's next GET, which the transport holds until there is
 * something to send (protocol section "HTTP long-polling").
 *
 * <p>Confined to the session's loop. At most one GET is held: a second one is a protocol error that closes the
 * session, and a held GET whose connection drops closes it too, as the reference does. The buffer is bounded by
 * {@code outboundQueueMaxBytes}; a client that stops polling is closed as a slow consumer rather than let the
 * buffer grow.
 */
final class PollingTransport implements Transport, LoopFlusher.Flushable {
  static final String TEXT_CONTENT_TYPE = "text/plain; charset=UTF-8";
  private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

  private final EngineSession session;
  private final List<EnginePacket> buffer = new ArrayList<>();
  private long bufferedBytes;
  private HttpExchange pendingPoll;
  private boolean flushQueued;
  private boolean closing;
  private boolean closedByClient;
  private boolean discarded;

  PollingTransport(EngineSession session) {
    this.session = session;
  }

  @Override
  public TransportName name() {
    return TransportName.POLLING;
  }

  /** A GET for this session. */
  void onPoll(HttpExchange exchange) {
    if (closedByClient) {
      closedByClient = false;
      exchange.respond(HttpResponseStatus.OK, TEXT_CONTENT_TYPE, new byte[] {'6'});
      session.onClosingPollAnswered(CloseReason.TRANSPORT_CLOSE);
      return;
    }
    if (discarded || session.isClosed()) {
      exchange.respondError(EngineErrorCode.BAD_REQUEST);
      return;
    }
    if (pendingPoll != null) {
      // the reference answers the overlapping request with an error and closes the session
      exchange.respondError(EngineErrorCode.BAD_REQUEST);
      session.onError(CloseReason.TRANSPORT_ERROR, "overlap from client");
      return;
    }
    pendingPoll = exchange;
    exchange.onAbort(() -> session.loop().execute(() -> {
      if (pendingPoll == exchange) {
        pendingPoll = null;
        session.onTransportClosed(this, CloseReason.TRANSPORT_ERROR, "poll connection closed prematurely");
      }
    }));
    if (!buffer.isEmpty() || closing) {
      flushNow();
    } else if (session.isUpgradeProbed()) {
      answerPendingPollWithNoop();
    }
  }

  /** A POST for this session whose body cannot be read (not UTF-8): refused and the session closed, as bad packets. */
  void onInvalidData(HttpExchange exchange, String detail) {
    exchange.respondError(EngineErrorCode.BAD_REQUEST);
    if (!discarded && !session.isClosed()) {
      session.onError(CloseReason.PARSE_ERROR, detail);
    }
  }

  /** A POST for this session, with its whole body. */
  void onData(HttpExchange exchange, String body) {
    if (discarded || session.isClosed()) {
      exchange.respondError(EngineErrorCode.BAD_REQUEST);
      return;
    }
    List<EnginePacket> packets;
    try {
      packets = EnginePayloadCodec.decode(body, session.options().maxPacketsPerPayload());
    } catch (EngineProtocolException e) {
      exchange.respondError(EngineErrorCode.BAD_REQUEST);
      session.onError(CloseReason.PARSE_ERROR, e.getMessage());
      return;
    }
    // The echoes of a batch must leave in one poll: handle every packet before answering the POST, and let the
    // flush run at the end of the loop iteration.
    session.onPackets(packets);
    exchange.respond(HttpResponseStatus.OK, "text/html", OK);
  }

  @Override
  public void send(EnginePacket packet) {
    enqueue(packet, estimateSize(packet));
  }

  @Override
  public void send(OutboundMessage message, boolean dropIfBusy) {
    if (dropIfBusy && pendingPoll == null) {
      // volatile: no GET is waiting for it, so it would only be queued (catalogue E3)
      session.packetDropped();
      return;
    }
    List<EnginePacket> packets = message.packets();
    for (int i = 0; i < packets.size(); i++) {
      EnginePacket packet = packets.get(i);
      if (!enqueue(packet, estimateSize(packet))) {
        return;
      }
    }
  }

  private boolean enqueue(EnginePacket packet, long size) {
    if (closing) {
      return false;
    }
    // the record separator goes between packets: counting it so, the total is the answer's exact length in bytes
    bufferedBytes += buffer.isEmpty() ? size : size + 1;
    if (bufferedBytes > session.options().outboundQueueMaxBytes()) {
      buffer.clear();
      bufferedBytes = 0;
      session.onError(CloseReason.SLOW_CONSUMER, "polling buffer over " + session.options().outboundQueueMaxBytes());
      return false;
    }
    buffer.add(packet);
    if (pendingPoll != null && !flushQueued) {
      flushQueued = true;
      LoopFlusher.schedule(session.loop(), this);
    }
    return true;
  }

  /**
   * The bytes a packet takes in the UTF-8 answer of a poll, its separator aside: its type character and its data
   * (UTF-8 bytes, or padded base64 for binary). Counted in bytes, not characters, so that multi-byte text cannot
   * make an answer up to three times {@code outboundQueueMaxBytes}.
   */
  static long estimateSize(EnginePacket packet) {
    if (packet.isBinary()) {
      return 1 + (packet.binary().length + 2L) / 3 * 4;
    }
    return 1 + (packet.text() == null ? 0 : utf8Length(packet.text()));
  }

  /** The length of {@code text} in UTF-8, without encoding it (a lone surrogate, encoded as one byte, counts two). */
  static long utf8Length(String text) {
    long bytes = text.length();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        // 2 bytes below U+0800, 3 above; a surrogate pair is 4 bytes, that is 2 for each of its two chars
        bytes += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
      }
    }
    return bytes;
  }

  @Override
  public void flushNow() {
    flushQueued = false;
    if (pendingPoll == null) {
      return;
    }
    HttpExchange exchange = pendingPoll;
    if (!buffer.isEmpty()) {
      pendingPoll = null;
      String payload = EnginePayloadCodec.encode(buffer);
      buffer.clear();
      bufferedBytes = 0;
      exchange.respond(HttpResponseStatus.OK, TEXT_CONTENT_TYPE, payload.getBytes(StandardCharsets.UTF_8));
    } else if (closing) {
      // The close packet always travels alone, after the packets queued before it: the official client handles
      // a close synchronously but Socket.IO packets a tick later, so "41" then "1" in one payload would reach it as
      // a transport close instead of a server disconnect.
      pendingPoll = null;
      exchange.respond(HttpResponseStatus.OK, TEXT_CONTENT_TYPE, new byte[] {'1'});
      session.onCloseDelivered();
    }
  }

  /** The bytes buffered for the client's next GET. */
  long queuedBytes() {
    return bufferedBytes;
  }

  /** Answers a held GET with a noop, so the client can go on (upgrade, or a client close). */
  void answerPendingPollWithNoop() {
    if (pendingPoll != null && buffer.isEmpty()) {
      HttpExchange exchange = pendingPoll;
      pendingPoll = null;
      exchange.respond(HttpResponseStatus.OK, TEXT_CONTENT_TYPE, new byte[] {'6'});
    }
  }

  /** The client asked to close while no GET was held: the next GET gets a noop. */
  void closeByClient() {
    closing = true;
    closedByClient = true;
    buffer.clear();
    bufferedBytes = 0;
  }

  /** Whether a close packet would reach the client at once (a GET is held and nothing else is queued). */
  boolean canDeliverCloseNow() {
    return pendingPoll != null && buffer.isEmpty();
  }

  @Override
  public void close(boolean gracefully) {
    if (closing || discarded) {
      return;
    }
    if (!gracefully) {
      buffer.clear();
      bufferedBytes = 0;
    }
    closing = true;
    if (pendingPoll != null) {
      flushNow();
    }
  }

  /** The session upgraded: hand over what is still buffered and refuse any further poll. */
  List<EnginePacket> discard() {
    discarded = true;
    List<EnginePacket> rest = new ArrayList<>(buffer);
    buffer.clear();
    bufferedBytes = 0;
    return rest;
  }
}
