package dev.parley.engineio.server.internal;

import dev.parley.engineio.codec.OpenPacket;
import dev.parley.engineio.server.EngineErrorCode;
import dev.parley.engineio.server.EngineOptions;
import dev.parley.engineio.server.HandshakeRequest;
import dev.parley.engineio.server.TransportName;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslHandler;
import java.util.function.Consumer;

/**
 * Switches a validated request's channel to WebSocket: the RFC 6455 handshake (Netty's handshaker), then the frame
 * handlers in place of the HTTP ones, then either a new session or the start of an upgrade.
 */
final class WebSocketUpgrader {
  /** The name under which the HTTP read-timeout handler, if any, sits in the pipeline; removed on upgrade. */
  static final String HTTP_TIMEOUTS = "parley-http-timeouts";

  private final DefaultEngineServer engine;
  private final EngineOptions options;
  private final WebSocketDecoderConfig decoderConfig;

  WebSocketUpgrader(DefaultEngineServer engine) {
    this.engine = engine;
    this.options = engine.options();
    this.decoderConfig =
        WebSocketFrameHandler.decoderConfig(options.maxHttpBufferSize(), options.perMessageDeflate());
  }

  /** A WebSocket without sid: a new session on this channel's loop, holding {@code permit} (given back on failure). */
  void open(ChannelHandlerContext ctx, HttpRequest req, HandshakeRequest handshake, PollingExchange exchange,
      ConnectionsPerAddress.Permit permit) {
    handshake(ctx, req, exchange, permit::release, ws -> {
      EngineSession session = engine.newSession(ctx.channel().eventLoop(), handshake, permit);
      ws.attach(session);
      session.start(ws);
      ws.send(new OpenPacket(session.id(), engine.upgradesFor(TransportName.WEBSOCKET),
          options.pingInterval().toMillis(), options.pingTimeout().toMillis(), options.maxHttpBufferSize())
          .toEnginePacket());
      engine.announce(session);
    });
  }

  /** A WebSocket with the sid of a polling session: it becomes the session's upgrade candidate. */
  void upgrade(ChannelHandlerContext ctx, HttpRequest req, EngineSession session, PollingExchange exchange) {
    handshake(ctx, req, exchange, () -> { }, ws -> {
      ws.attach(session);
      session.loop().execute(() -> {
        if (!session.beginUpgrade(ws)) {
          ctx.executor().execute(() -> ws.close(WebSocketCloseStatus.PROTOCOL_ERROR));
        }
      });
    });
  }

  /** Completes the WebSocket handshake and closes the WebSocket at once (a second upgrade of a session). */
  void refuse(ChannelHandlerContext ctx, HttpRequest req, PollingExchange exchange) {
    handshake(ctx, req, exchange, () -> { }, ws -> ws.close(WebSocketCloseStatus.PROTOCOL_ERROR));
  }

  private void handshake(ChannelHandlerContext ctx, HttpRequest req, PollingExchange exchange, Runnable onFailure,
      Consumer<WebSocketTransport> onOpen) {
    // Netty's handshakers throw from handshake() on a malformed request (no Sec-WebSocket-Key, no "Upgrade" token in
    // Connection, a hixie handshake without its key bytes), after the pipeline below was already changed: the
    // exception escaped to the event loop and the request stayed unanswered, its connection open for ever. They also
    // accept pre-RFC 6455 drafts (hixie-75/76 without masking, hybi-07) that the reference's ws refuses. Check first,
    // and answer what is not an RFC 6455 (or hybi-08, which ws accepts too) handshake with the reference's 400.
    if (!isWebSocketHandshake(req)) {
      onFailure.run();
      exchange.respondError(EngineErrorCode.BAD_REQUEST);
      return;
    }
    String scheme = ctx.pipeline().get(SslHandler.class) != null ? "wss" : "ws";
    String host = req.headers().get(HttpHeaderNames.HOST, "localhost");
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory(scheme + "://" + host + req.uri(), null, decoderConfig)
            .newHandshaker(req);
    if (handshaker == null) {
      onFailure.run();
      exchange.respondError(EngineErrorCode.BAD_REQUEST);
      return;
    }
    exchange.markTakenOver();
    EngineHttpHandler http = (EngineHttpHandler) ctx.handler();
    http.upgraded();
    WebSocketTransport ws = new WebSocketTransport(ctx.channel(), options.outboundQueueMaxBytes());
    ChannelPipeline pipeline = ctx.pipeline();
    pipeline.addAfter(ctx.name(), "parley-ws-frames",
        new WebSocketFrameHandler(ws, options.maxHttpBufferSize()));
    FullHttpRequest full = new DefaultFullHttpRequest(req.protocolVersion(), req.method(), req.uri(),
        Unpooled.EMPTY_BUFFER, req.headers(), EmptyHttpHeaders.INSTANCE);
    handshaker.handshake(ctx.channel(), full).addListener(f -> {
      if (!f.isSuccess()) {
        onFailure.run();
        ctx.close();
        return;
      }
      if (pipeline.get(HTTP_TIMEOUTS) != null) {
        pipeline.remove(HTTP_TIMEOUTS);
      }
      pipeline.remove(http);
      onOpen.accept(ws);
    });
  }

  /** What Netty's version 13 and 8 handshakers require, checked before they run (they throw otherwise). */
  private static boolean isWebSocketHandshake(HttpRequest req) {
    HttpHeaders headers = req.headers();
    String version = headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
    return ("13".equals(version) || "8".equals(version))
        && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
        && headers.contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
        && headers.get(HttpHeaderNames.SEC_WEBSOCKET_KEY) != null;
  }
}
