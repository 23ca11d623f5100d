package dev.parley.websocket.conformance;

import dev.parley.engineio.server.internal.EngineHttpHandler;
import dev.parley.engineio.server.internal.WebSocketFrameHandler;
import dev.parley.engineio.server.netty.EngineChannelInitializer;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;

/**
 * An HTTP route that turns a WebSocket request into a raw echo: every whole message comes back as it came.
 *
 * <p>It exists so that the Autobahn suite tests Parley's own WebSocket code, which an Engine.IO endpoint cannot
 * expose (the suite's messages are not Engine.IO packets). Everything the suite exercises is the engine's: the
 * pipeline of {@link EngineChannelInitializer} (HTTP codec and its limits, permessage-deflate), the frame decoder as
 * {@link WebSocketFrameHandler#decoderConfig} sets it up, and {@link WebSocketFrameHandler} itself (fragments, UTF-8,
 * control frames, the close handshake). Only the listener differs: it echoes where the engine would decode packets.
 * The handshake itself is Netty's, as in the engine's upgrade.
 */
final class EchoRoute extends ChannelInboundHandlerAdapter {
  private final int maxMessageBytes;
  private final int maxFragments;
  private final boolean perMessageDeflate;
  private HttpRequest upgrade;

  EchoRoute(int maxMessageBytes, int maxFragments, boolean perMessageDeflate) {
    this.maxMessageBytes = maxMessageBytes;
    this.maxFragments = maxFragments;
    this.perMessageDeflate = perMessageDeflate;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest req && isWebSocket(req)) {
      upgrade = req;
    }
    if (upgrade == null) {
      ctx.fireChannelRead(msg);
      return;
    }
    // the request's end (an empty LastHttpContent) must be read before the channel changes protocol
    boolean last = msg instanceof LastHttpContent;
    ReferenceCountUtil.release(msg);
    if (last) {
      HttpRequest req = upgrade;
      upgrade = null;
      handshake(ctx, req);
    }
  }

  private void handshake(ChannelHandlerContext ctx, HttpRequest req) {
    String host = req.headers().get(HttpHeaderNames.HOST, "localhost");
    WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory("ws://" + host + req.uri(), null,
        WebSocketFrameHandler.decoderConfig(maxMessageBytes, perMessageDeflate)).newHandshaker(req);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    ChannelPipeline pipeline = ctx.pipeline();
    pipeline.addAfter(ctx.name(), "parley-ws-frames",
        new WebSocketFrameHandler(new Echo(ctx.channel()), maxMessageBytes, maxFragments));
    handshaker.handshake(ctx.channel(), new DefaultFullHttpRequest(req.protocolVersion(), req.method(), req.uri(),
        Unpooled.EMPTY_BUFFER, req.headers(), EmptyHttpHeaders.INSTANCE)).addListener(f -> {
          if (!f.isSuccess()) {
            ctx.close();
            return;
          }
          // as the engine's upgrade does: no more HTTP timeouts or HTTP handlers in front of the frames
          if (pipeline.get(EngineChannelInitializer.HTTP_TIMEOUTS) != null) {
            pipeline.remove(EngineChannelInitializer.HTTP_TIMEOUTS);
          }
          pipeline.remove(EngineHttpHandler.class);
          pipeline.remove(this);
        });
  }

  private static boolean isWebSocket(HttpRequest req) {
    return req.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  /** Sends each message back whole, in one frame. */
  private record Echo(Channel channel) implements WebSocketFrameHandler.Listener {
    @Override
    public void onText(String text) {
      channel.writeAndFlush(new TextWebSocketFrame(text));
    }

    @Override
    public void onBinary(byte[] data) {
      channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data)));
    }

    @Override
    public void onClosed(String detail) {
      // nothing to clean up: the echo keeps no state
    }

    @Override
    public void onProtocolError(String detail) {
      // the handler has already answered with its close frame
    }
  }
}
