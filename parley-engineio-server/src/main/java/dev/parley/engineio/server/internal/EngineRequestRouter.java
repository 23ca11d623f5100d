package dev.parley.engineio.server.internal;

import dev.parley.engineio.codec.OpenPacket;
import dev.parley.engineio.server.EngineErrorCode;
import dev.parley.engineio.server.EngineOptions;
import dev.parley.engineio.server.HandshakeRequest;
import dev.parley.engineio.server.TransportName;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a complete engine request and sends it where it belongs: a handshake, a poll, a POST of packets, or a
 * WebSocket (new session or upgrade). The checks and their error codes follow the reference's {@code verify()}:
 * transport (0), protocol version (5), session id (1), handshake method (2), everything else (3), forbidden (4).
 */
final class EngineRequestRouter {
  private static final Logger log = LoggerFactory.getLogger(EngineRequestRouter.class);

  private final DefaultEngineServer engine;
  private final EngineOptions options;
  private final WebSocketUpgrader upgrader;

  EngineRequestRouter(DefaultEngineServer engine) {
    this.engine = engine;
    this.options = engine.options();
    this.upgrader = new WebSocketUpgrader(engine);
  }

  void route(ChannelHandlerContext ctx, HttpRequest req, ByteBuf body, PollingExchange exchange) {
    // A closed engine refuses new sessions only: a polling session closing gracefully still needs its client's next
    // GET to deliver what was queued and its close packet (refused, the client saw a "transport error" and the
    // session held the shutdown until the end of the grace period).
    if (engine.isClosed() && first(new QueryStringDecoder(req.uri()), "sid") == null) {
      exchange.respond(HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain", new byte[0]);
      return;
    }
    if (req.method() == HttpMethod.OPTIONS) {
      FullHttpResponse preflight = HttpResponses.of(HttpResponseStatus.NO_CONTENT, null, new byte[0]);
      Cors.applyPreflight(options.cors(), exchange.origin(), preflight.headers());
      exchange.respond(preflight);
      return;
    }
    QueryStringDecoder query = new QueryStringDecoder(req.uri());
    String upgrade = req.headers().get(HttpHeaderNames.UPGRADE);
    // Any other upgrade (h2c, which the JDK's HttpClient offers on every request) is declined by ignoring it, as
    // RFC 9110 section 7.8 allows: the request is served as plain HTTP/1.1 and never switches protocols.
    boolean webSocket = upgrade != null && HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(upgrade);
    TransportName transport = TransportName.fromWireName(first(query, "transport"));
    if (transport == null || !options.transports().contains(transport)) {
      exchange.respondError(EngineErrorCode.UNKNOWN_TRANSPORT);
      return;
    }
    if (!"4".equals(first(query, "EIO"))) {
      exchange.respondError(EngineErrorCode.UNSUPPORTED_PROTOCOL_VERSION);
      return;
    }
    String sid = first(query, "sid");
    if (webSocket) {
      routeWebSocket(ctx, req, query, transport, sid, exchange);
    } else if (transport != TransportName.POLLING) {
      exchange.respondError(EngineErrorCode.BAD_REQUEST);
    } else if (sid == null) {
      handshakePolling(ctx, req, query, exchange);
    } else {
      routePolling(req, body, sid, exchange);
    }
  }

  private void routeWebSocket(ChannelHandlerContext ctx, HttpRequest req, QueryStringDecoder query,
      TransportName transport, String sid, PollingExchange exchange) {
    if (transport != TransportName.WEBSOCKET || req.method() != HttpMethod.GET) {
      exchange.respondError(EngineErrorCode.BAD_REQUEST);
      return;
    }
    if (!isOriginAllowed(req.headers().get(HttpHeaderNames.ORIGIN))) {
      exchange.respondError(EngineErrorCode.FORBIDDEN);
      return;
    }
    if (sid != null) {
      EngineSession session = engine.session(sid);
      if (session == null) {
        exchange.respondError(EngineErrorCode.UNKNOWN_SID);
      } else if (!options.allowUpgrades() || session.transport() != TransportName.POLLING) {
        // Like the reference: accept the WebSocket, then close it; the session itself is left alone.
        upgrader.refuse(ctx, req, exchange);
      } else {
        upgrader.upgrade(ctx, req, session, exchange);
      }
      return;
    }
    HandshakeRequest handshake = handshakeRequest(ctx, req, query);
    ConnectionsPerAddress.Permit permit = engine.admit(handshake);
    if (permit == null) {
      // before the 101: a capped address never gets as far as a WebSocket
      engine.refusedOverConnectionCap();
      exchange.respond(HttpResponses.tooManyConnections());
      return;
    }
    allow(ctx, handshake, exchange, permit, () -> upgrader.open(ctx, req, handshake, exchange, permit));
  }

  private boolean isOriginAllowed(String origin) {
    if (origin == null) {
      return options.allowMissingOrigin();
    }
    return options.allowedOrigins().isEmpty() || options.allowedOrigins().contains(origin);
  }

  private void handshakePolling(ChannelHandlerContext ctx, HttpRequest req, QueryStringDecoder query,
      PollingExchange exchange) {
    if (req.method() != HttpMethod.GET) {
      exchange.respondError(EngineErrorCode.BAD_HANDSHAKE_METHOD);
      return;
    }
    HandshakeRequest handshake = handshakeRequest(ctx, req, query);
    ConnectionsPerAddress.Permit permit = engine.admit(handshake);
    if (permit == null) {
      engine.refusedOverConnectionCap();
      exchange.respond(HttpResponses.tooManyConnections());
      return;
    }
    allow(ctx, handshake, exchange, permit, () -> {
      EngineSession session = engine.newSession(ctx.channel().eventLoop(), handshake, permit);
      PollingTransport polling = new PollingTransport(session);
      session.start(polling);
      polling.send(new OpenPacket(session.id(), engine.upgradesFor(TransportName.POLLING),
          options.pingInterval().toMillis(), options.pingTimeout().toMillis(), options.maxHttpBufferSize())
          .toEnginePacket());
      polling.onPoll(exchange);
      engine.announce(session);
    });
  }

  private void routePolling(HttpRequest req, ByteBuf body, String sid, PollingExchange exchange) {
    EngineSession session = engine.session(sid);
    if (session == null) {
      exchange.respondError(EngineErrorCode.UNKNOWN_SID);
      return;
    }
    if (session.transport() != TransportName.POLLING) {
      exchange.respondError(EngineErrorCode.BAD_REQUEST);
      return;
    }
    if (req.method() == HttpMethod.GET) {
      session.loop().execute(() -> {
        if (session.currentTransport() instanceof PollingTransport polling) {
          polling.onPoll(exchange);
        } else {
          exchange.respondError(EngineErrorCode.BAD_REQUEST);
        }
      });
    } else if (req.method() == HttpMethod.POST) {
      String contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
      if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/octet-stream")) {
        // v4 sends binary as base64 text; a binary body is not ours to read (see CVE-2026-59725)
        exchange.respondError(EngineErrorCode.BAD_REQUEST);
        return;
      }
      String text = strictUtf8(body);
      session.loop().execute(() -> {
        if (session.currentTransport() instanceof PollingTransport polling) {
          if (text == null) {
            polling.onInvalidData(exchange, "invalid UTF-8");
          } else {
            polling.onData(exchange, text);
          }
        } else {
          exchange.respondError(EngineErrorCode.BAD_REQUEST);
        }
      });
    } else {
      exchange.respondError(EngineErrorCode.BAD_REQUEST);
    }
  }

  /** Asks the application's allowRequest; the slot is given back unless the handshake goes on. */
  private void allow(ChannelHandlerContext ctx, HandshakeRequest handshake, PollingExchange exchange,
      ConnectionsPerAddress.Permit permit, Runnable onAllowed) {
    options.allowRequest().allow(handshake).whenComplete((allowed, error) -> ctx.executor().execute(() -> {
      if (error != null) {
        log.warn("allowRequest failed; refusing the handshake", error);
      }
      if (error != null || !Boolean.TRUE.equals(allowed)) {
        permit.release();
        exchange.respondError(EngineErrorCode.FORBIDDEN);
      } else if (!ctx.channel().isActive()) {
        permit.release();
        log.debug("client left before its handshake was allowed");
      } else {
        onAllowed.run();
      }
    }));
  }

  static HandshakeRequest handshakeRequest(ChannelHandlerContext ctx, HttpRequest req, QueryStringDecoder query) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    HttpHeaders h = req.headers();
    for (String name : h.names()) {
      headers.put(CommonStrings.canonical(name.toLowerCase(Locale.ROOT)), canonical(h.getAll(name)));
    }
    Map<String, List<String>> params = new LinkedHashMap<>();
    query.parameters().forEach((k, v) -> params.put(CommonStrings.canonical(k), canonical(v)));
    InetSocketAddress remote = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a : null;
    boolean secure = ctx.pipeline().get(SslHandler.class) != null;
    return new HandshakeRequest(req.method().name(), req.uri(), params, headers, remote, secure, Instant.now());
  }

  private static List<String> canonical(List<String> values) {
    return values.size() == 1 ? List.of(CommonStrings.canonical(values.get(0)))
        : values.stream().map(CommonStrings::canonical).toList();
  }

  /**
   * The body as UTF-8, or {@code null} if it is not valid UTF-8. The reference decodes leniently (U+FFFD), but a
   * WebSocket message that is not UTF-8 is closed with 1007 and no client sends such a body (browsers and Node encode
   * a lone surrogate as U+FFFD), so refusing it keeps both transports to one rule.
   */
  private static String strictUtf8(ByteBuf body) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(body.nioBuffer()).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String first(QueryStringDecoder query, String name) {
    List<String> values = query.parameters().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
