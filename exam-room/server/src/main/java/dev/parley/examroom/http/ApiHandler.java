package dev.parley.examroom.http;

import dev.parley.examroom.auth.Principal;
import dev.parley.examroom.auth.TokenService;
import dev.parley.examroom.service.ApiException;
import dev.parley.examroom.service.Errors;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exam room's HTTP handler, after Parley's own: the REST API (bodies gathered within each route's limit, 413
 * past it, or streamed to an upload route's {@link BodySink}) and the web UI. One request at a time per connection:
 * reading pauses until the answer is written, so a client pipelining requests cannot queue work without bound. Route
 * code returns futures; nothing here blocks.
 */
public final class ApiHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
  static final String CSP = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; "
      + "media-src 'self' blob:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
      + "frame-ancestors 'none'";

  private final Router router;
  private final StaticWeb web;
  private final TokenService tokens;
  private final List<String> corsOrigins;

  /** How long the rest of a refused body is read and dropped before the connection is closed anyway. */
  private static final Duration LINGER = Duration.ofSeconds(2);

  private HttpRequest request;
  private Router.Match match;
  private CompositeByteBuf body;
  private boolean forwarding;
  private boolean discarding;
  private ApiResponse pendingError;
  private UploadRelay upload;
  /** Whether the current request's body has been read to its end. */
  private boolean bodyDone;
  /** After an early answer (413, 415, ...): the rest of the body is read and dropped until the connection closes. */
  private boolean lingering;

  public ApiHandler(Router router, StaticWeb web, TokenService tokens, List<String> corsOrigins) {
    this.router = router;
    this.web = web;
    this.tokens = tokens;
    this.corsOrigins = corsOrigins;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (lingering) {
      boolean last = msg instanceof LastHttpContent;
      ReferenceCountUtil.release(msg);
      if (last) {
        ctx.close();
      }
      return;
    }
    if (msg instanceof HttpRequest || msg instanceof LastHttpContent) {
      bodyDone = msg instanceof LastHttpContent;
    }
    if (msg instanceof HttpRequest req) {
      onRequest(ctx, req);
      return;
    }
    if (forwarding) {
      if (msg instanceof LastHttpContent) {
        forwarding = false;
      }
      ctx.fireChannelRead(msg);
      return;
    }
    if (msg instanceof HttpContent content) {
      try {
        if (upload != null) {
          upload.onContent(content);
          return;
        }
        onContent(ctx, content);
      } finally {
        content.release();
      }
      return;
    }
    ctx.fireChannelRead(msg);
  }

  private void onRequest(ChannelHandlerContext ctx, HttpRequest req) {
    String path = new QueryStringDecoder(req.uri()).path();
    if (!Router.isApiPath(path)) {
      StaticWeb.File file = req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD ? web.find(path) : null;
      if (file == null) {
        forwarding = !(req instanceof LastHttpContent);
        ctx.fireChannelRead(req);
        return;
      }
      ReferenceCountUtil.release(req);
      discarding = !(req instanceof LastHttpContent);
      serveStatic(ctx, req, file);
      return;
    }
    request = req;
    pendingError = null;
    boolean[] wrongMethod = new boolean[1];
    match = req.method() == HttpMethod.OPTIONS ? null : router.match(req.method().name(), path, wrongMethod);
    if (req.method() == HttpMethod.OPTIONS) {
      pendingError = preflight(req);
    } else if (match == null) {
      pendingError = wrongMethod[0] ? ApiResponse.error(405, "method_not_allowed", "method not allowed")
          : ApiResponse.error(404, "not_found", "no such endpoint");
    }
    long limit = match == null ? 0 : match.route().maxBody();
    if (HttpUtil.getContentLength(req, 0L) > Math.max(limit, 0)) {
      tooLarge(ctx);
      return;
    }
    discarding = false;
    if (pendingError == null && match.route().upload() != null) {
      startUpload(ctx, req);
      return;
    }
    body = ctx.alloc().compositeBuffer();
    ctx.channel().config().setAutoRead(false);
    if (req instanceof LastHttpContent last) {
      onContent(ctx, last);
    } else {
      ctx.read();
    }
  }

  private void onContent(ChannelHandlerContext ctx, HttpContent content) {
    if (discarding || request == null) {
      if (content instanceof LastHttpContent) {
        discarding = false;
      }
      return;
    }
    long limit = match == null ? 0 : match.route().maxBody();
    if (content.content().isReadable()) {
      if ((long) body.readableBytes() + content.content().readableBytes() > limit) {
        tooLarge(ctx);
        return;
      }
      body.addComponent(true, content.content().retain());
    }
    if (!(content instanceof LastHttpContent)) {
      ctx.read();
      return;
    }
    HttpRequest req = request;
    byte[] bytes = ByteBufUtil.getBytes(body);
    body.release();
    body = null;
    request = null;
    dispatch(ctx, req, bytes);
  }

  private void tooLarge(ChannelHandlerContext ctx) {
    closeWith(ctx, ApiResponse.error(413, "too_large", "the request body is too large"));
  }

  /** Answers the current request and closes: the rest of its body is not read. */
  private void closeWith(ChannelHandlerContext ctx, ApiResponse answer) {
    boolean hadRequest = request != null;
    request = null;
    upload = null;
    discarding = true;
    if (body != null) {
      body.release();
      body = null;
    }
    if (hadRequest) {
      FullHttpResponse response = toHttp(answer);
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(f -> lingerOrClose(ctx, f.isSuccess()));
    }
  }

  /**
   * Closes after an early answer. While the client is still sending the body, closing at once would make the kernel
   * answer its next bytes with a reset, which can destroy the answer in the client's receive buffer before it is read:
   * the client would see a dropped connection instead of 413. So the output is half-closed (the client reads the
   * answer, then the end of the stream) and the rest of the body is read and dropped, for at most {@link #LINGER},
   * as nginx's lingering close does.
   */
  private void lingerOrClose(ChannelHandlerContext ctx, boolean answered) {
    if (!answered || bodyDone || !(ctx.channel() instanceof DuplexChannel duplex)) {
      ctx.close();
      return;
    }
    lingering = true;
    duplex.shutdownOutput();
    ctx.executor().schedule(() -> ctx.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
    ctx.channel().config().setAutoRead(true);
  }

  /** An upload route: its sink is opened before the body is read, then fed piece by piece ({@link UploadRelay}). */
  private void startUpload(ChannelHandlerContext ctx, HttpRequest req) {
    request = req;
    BodySink sink;
    try {
      sink = match.route().upload().open(apiRequest(req, new byte[0]));
    } catch (Exception e) {
      closeWith(ctx, errorResponse(e));
      return;
    }
    ctx.channel().config().setAutoRead(false);
    upload = new UploadRelay(ctx, sink, match.route().maxBody(), new UploadRelay.Outcome() {
      @Override
      public void finished(CompletableFuture<ApiResponse> answer) {
        upload = null;
        request = null;
        respond(ctx, req, answer);
      }

      @Override
      public void refused(ApiResponse answer) {
        closeWith(ctx, answer);
      }

      @Override
      public void tooLarge() {
        ApiHandler.this.tooLarge(ctx);
      }
    });
    if (req instanceof LastHttpContent last) {
      upload.onContent(last);
    } else {
      ctx.read();
    }
  }

  private void dispatch(ChannelHandlerContext ctx, HttpRequest req, byte[] bytes) {
    if (pendingError != null) {
      write(ctx, pendingError, HttpUtil.isKeepAlive(req), req.headers().get(HttpHeaderNames.ORIGIN));
      return;
    }
    CompletableFuture<ApiResponse> result;
    try {
      result = match.route().handler().handle(apiRequest(req, bytes));
    } catch (Exception e) {
      result = CompletableFuture.failedFuture(e);
    }
    respond(ctx, req, result);
  }

  private ApiRequest apiRequest(HttpRequest req, byte[] bytes) {
    Supplier<Principal> principal = () -> authenticate(req.headers().get(HttpHeaderNames.AUTHORIZATION));
    return new ApiRequest(req.method().name(), new QueryStringDecoder(req.uri()), req.headers(), bytes,
        match.params(), principal);
  }

  /** Writes the answer once {@code result} completes (a failure answers as its {@link ApiException}). */
  private void respond(ChannelHandlerContext ctx, HttpRequest req, CompletableFuture<ApiResponse> result) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    String origin = req.headers().get(HttpHeaderNames.ORIGIN);
    result.whenComplete((response, error) -> {
      ApiResponse answer = error != null ? errorResponse(error) : response;
      ctx.executor().execute(() -> write(ctx, answer, keepAlive, origin));
    });
  }

  /** The JSON error a failure answers with. */
  static ApiResponse errorResponse(Throwable error) {
    ApiException api = Errors.toApi(error);
    return ApiResponse.error(api.status(), api.code(), api.getMessage());
  }

  private Principal authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiException.unauthorized("sign in first");
    }
    try {
      return tokens.verify(authorization.substring(7).trim());
    } catch (TokenService.InvalidTokenException e) {
      throw new ApiException("unauthorized", 401, e.reason());
    }
  }

  private ApiResponse preflight(HttpRequest req) {
    ApiResponse response = ApiResponse.noContent();
    String origin = req.headers().get(HttpHeaderNames.ORIGIN);
    if (origin != null && corsOrigins.contains(origin)) {
      response.header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE");
      response.header("Access-Control-Allow-Headers", "authorization, content-type");
      response.header("Access-Control-Max-Age", "600");
    }
    return response;
  }

  private void write(ChannelHandlerContext ctx, ApiResponse answer, boolean keepAlive, String origin) {
    if (origin != null && corsOrigins.contains(origin)) {
      answer.header("Access-Control-Allow-Origin", origin);
      answer.header("Access-Control-Allow-Credentials", "true");
      answer.header("Vary", "Origin");
    }
    ChannelFuture done;
    if (answer.file() != null) {
      HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.status()));
      applyHeaders(head, answer);
      head.headers().set(HttpHeaderNames.CONTENT_LENGTH, answer.file().length());
      ctx.write(head);
      ctx.write(new DefaultFileRegion(answer.file().path().toFile(), answer.file().offset(), answer.file().length()));
      done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    } else {
      FullHttpResponse response = toHttp(answer);
      if (!keepAlive) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      }
      done = ctx.writeAndFlush(response);
    }
    done.addListener(f -> {
      if (!keepAlive || !f.isSuccess()) {
        ctx.close();
      } else {
        ctx.channel().config().setAutoRead(true);
      }
    });
  }

  private static FullHttpResponse toHttp(ApiResponse answer) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
    applyHeaders(response, answer);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
    return response;
  }

  private static void applyHeaders(HttpResponse response, ApiResponse answer) {
    if (answer.contentType() != null) {
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
    }
    response.headers().set("X-Content-Type-Options", "nosniff");
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    for (Map.Entry<String, String> h : answer.headers().entrySet()) {
      response.headers().set(h.getKey(), h.getValue());
    }
    for (String cookie : answer.cookies()) {
      response.headers().add(HttpHeaderNames.SET_COOKIE, cookie);
    }
  }

  private void serveStatic(ChannelHandlerContext ctx, HttpRequest req, StaticWeb.File file) {
    boolean notModified = file.etag().equals(req.headers().get(HttpHeaderNames.IF_NONE_MATCH));
    byte[] bytes = notModified || req.method() == HttpMethod.HEAD ? new byte[0] : file.bytes();
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        notModified ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK, Unpooled.wrappedBuffer(bytes));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, file.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, notModified ? 0 : file.bytes().length)
        .set(HttpHeaderNames.ETAG, file.etag())
        .set(HttpHeaderNames.CACHE_CONTROL, file.immutable() ? "public, max-age=31536000, immutable" : "no-cache")
        .set("X-Content-Type-Options", "nosniff")
        .set("Referrer-Policy", "no-referrer")
        .set("X-Frame-Options", "DENY")
        .set("Content-Security-Policy", CSP);
    if (req.method() == HttpMethod.HEAD) {
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, file.bytes().length);
    }
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    if (keepAlive) {
      ctx.writeAndFlush(response);
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (upload != null) {
      upload.abort();
      upload = null;
    }
    if (body != null) {
      body.release();
      body = null;
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("HTTP connection error", cause);
    ctx.close();
  }
}
