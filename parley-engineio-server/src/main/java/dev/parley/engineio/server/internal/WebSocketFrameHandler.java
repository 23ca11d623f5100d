package dev.parley.engineio.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the frames of an upgraded channel into whole messages, and answers control frames.
 *
 * <p>Fragmented messages are joined here, bounded both in bytes ({@code maxMessageBytes}, close 1009) and in
 * fragments (a flood of empty continuation frames, close 1009), so no message grows past the limit the handshake
 * announced. Pings get pongs and a close frame is echoed before the channel closes (RFC 6455 section 5.5). A frame
 * with reserved bits that no negotiated extension claimed fails the connection with 1002 (section 5.2).
 *
 * <p>Text messages are checked for valid UTF-8 here, once per whole message, instead of by Netty's
 * {@code Utf8FrameValidator}: that one walks every byte through a per-byte callback and was the largest single cost
 * of an echo benchmark. The JDK's decoder runs its vectorised ASCII path, and only a message whose decoding produced
 * U+FFFD is decoded again strictly; an invalid message closes the connection with 1007 (RFC 6455 section 8.1).
 */
public final class WebSocketFrameHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(WebSocketFrameHandler.class);
  static final int MAX_FRAGMENTS = 10_000;

  /** Receives whole messages; called on the channel's loop. */
  public interface Listener {
    void onText(String text);

    void onBinary(byte[] data);

    /** The channel closed; {@code detail} says how, for logs. */
    void onClosed(String detail);

    /** The peer broke the protocol; the channel is being closed. */
    void onProtocolError(String detail);
  }

  private final Listener listener;
  private final int maxMessageBytes;
  private final int maxFragments;
  private CompositeByteBuf fragments;
  private boolean fragmentedText;
  private int fragmentCount;
  private boolean closing;

  public WebSocketFrameHandler(Listener listener, int maxMessageBytes) {
    this(listener, maxMessageBytes, MAX_FRAGMENTS);
  }

  /**
   * A handler that accepts messages of up to {@code maxFragments} frames. Only the WebSocket conformance module
   * raises it: the Autobahn suite sends 4 MiB messages in 65,537 frames, far past what an Engine.IO client sends.
   */
  public WebSocketFrameHandler(Listener listener, int maxMessageBytes, int maxFragments) {
    this.listener = listener;
    this.maxMessageBytes = maxMessageBytes;
    this.maxFragments = maxFragments;
  }

  /**
   * The frame decoder settings this handler is written for: Netty's UTF-8 validator off, because this handler checks
   * whole messages; masked frames only, as RFC 6455 requires of clients; a protocol violation closes the connection.
   * One definition for the engine's upgrade and for the conformance module that runs the Autobahn suite against
   * this handler, so that the suite tests the decoder as the engine sets it up.
   *
   * @param maxMessageBytes the largest frame payload, which is also the largest message
   * @param allowExtensions whether frames may set reserved bits (only with permessage-deflate)
   */
  public static WebSocketDecoderConfig decoderConfig(int maxMessageBytes, boolean allowExtensions) {
    return WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(maxMessageBytes)
        .allowExtensions(allowExtensions)
        .expectMaskedFrames(true)
        .closeOnProtocolViolation(true)
        .withUTF8Validator(false)
        .build();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof WebSocketFrame frame)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      onFrame(ctx, frame);
    } finally {
      frame.release();
    }
  }

  private void onFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (closing) {
      return;
    }
    if (frame.rsv() != 0) {
      // Reserved bits that no negotiated extension claimed: an extension's decoder (permessage-deflate) sits before
      // this handler and clears its own bit. Netty's frame decoder checks them only when extensions are off.
      protocolError(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "reserved bits set without an extension");
      return;
    }
    if (frame instanceof PingWebSocketFrame) {
      ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
    } else if (frame instanceof PongWebSocketFrame) {
      return;
    } else if (frame instanceof CloseWebSocketFrame close) {
      onCloseFrame(ctx, close);
    } else if (frame instanceof ContinuationWebSocketFrame) {
      onContinuation(ctx, frame);
    } else if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
      onDataFrame(ctx, frame);
    }
  }

  private void onDataFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (fragments != null) {
      protocolError(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "data frame inside a fragmented message");
      return;
    }
    boolean text = frame instanceof TextWebSocketFrame;
    if (frame.isFinalFragment()) {
      deliver(ctx, frame.content(), text);
      return;
    }
    // past this many components the buffer merges them into one, so a message of many frames keeps few
    fragments = ctx.alloc().compositeBuffer(MAX_FRAGMENTS);
    fragmentedText = text;
    fragmentCount = 0;
    append(ctx, frame.content());
  }

  private void onContinuation(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (fragments == null) {
      protocolError(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "continuation frame without a start");
      return;
    }
    if (!append(ctx, frame.content())) {
      return;
    }
    if (frame.isFinalFragment()) {
      CompositeByteBuf message = fragments;
      fragments = null;
      try {
        deliver(ctx, message, fragmentedText);
      } finally {
        message.release();
      }
    }
  }

  private boolean append(ChannelHandlerContext ctx, ByteBuf content) {
    if (++fragmentCount > maxFragments
        || (long) fragments.readableBytes() + content.readableBytes() > maxMessageBytes) {
      protocolError(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, "message too big");
      return false;
    }
    if (content.isReadable()) {
      fragments.addComponent(true, content.retain());
    }
    return true;
  }

  private void deliver(ChannelHandlerContext ctx, ByteBuf content, boolean text) {
    if (!text) {
      listener.onBinary(ByteBufUtil.getBytes(content));
      return;
    }
    String decoded = decodeUtf8(content);
    if (decoded == null) {
      protocolError(ctx, WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "invalid UTF-8 in a text message");
      return;
    }
    listener.onText(decoded);
  }

  /** The text of a message, or null when its bytes are not well-formed UTF-8. */
  static String decodeUtf8(ByteBuf content) {
    int length = content.readableBytes();
    byte[] bytes;
    int offset;
    if (content.hasArray()) {
      bytes = content.array();
      offset = content.arrayOffset() + content.readerIndex();
    } else {
      bytes = ByteBufUtil.getBytes(content);
      offset = 0;
    }
    String lenient = new String(bytes, offset, length, StandardCharsets.UTF_8);
    // The lenient decoder replaces every malformed sequence with U+FFFD, so a message without one is valid; one
    // with it is either invalid or carries a real U+FFFD, which only the strict decoder can tell apart.
    if (lenient.indexOf('\uFFFD') < 0) {
      return lenient;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private void onCloseFrame(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
    closing = true;
    int code = close.statusCode();
    // echo the status (RFC 6455 5.5.1), except codes a peer may not send, which get a protocol error
    CloseWebSocketFrame reply = code == -1 || WebSocketCloseStatus.isValidStatusCode(code)
        ? new CloseWebSocketFrame(true, 0, code == -1 ? ctx.alloc().buffer(0) : close.content().retainedSlice(0, 2))
        : new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR);
    ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
  }

  private void protocolError(ChannelHandlerContext ctx, WebSocketCloseStatus status, String detail) {
    if (closing) {
      return;
    }
    closing = true;
    releaseFragments();
    listener.onProtocolError(detail);
    ctx.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseFragments();
    listener.onClosed("transport close");
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      protocolError(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, cause.getMessage());
    } else if (cause instanceof DecompressionException) {
      // permessage-deflate stops inflating at maxHttpBufferSize: a deflate bomb is a message too big (catalogue C4);
      // data that does not inflate at all is a protocol error
      protocolError(ctx, cause.getCause() instanceof DataFormatException ? WebSocketCloseStatus.PROTOCOL_ERROR
          : WebSocketCloseStatus.MESSAGE_TOO_BIG, cause.getMessage());
    } else if (cause instanceof CorruptedWebSocketFrameException || cause instanceof CorruptedFrameException) {
      // the frame decoder already sent its close frame; make sure the channel goes
      protocolError(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, cause.getMessage());
      ctx.close();
    } else {
      log.debug("websocket channel error", cause);
      listener.onProtocolError(String.valueOf(cause.getMessage()));
      ctx.close();
    }
  }

  private void releaseFragments() {
    if (fragments != null) {
      fragments.release();
      fragments = null;
    }
  }
}
