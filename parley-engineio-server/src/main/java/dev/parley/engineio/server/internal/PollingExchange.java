package dev.parley.engineio.server.internal;

import dev.parley.engineio.server.EngineErrorCode;
import dev.parley.engineio.server.EngineOptions;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One engine request and its single answer, with keep-alive, CORS and gzip applied the same way for every answer.
 *
 * <p>A session answers from its own loop; the write is thread-safe and the bookkeeping that follows (reading the
 * next request) runs back on the channel's loop.
 */
final class PollingExchange implements HttpExchange {
  private final EngineHttpHandler owner;
  private final ChannelHandlerContext ctx;
  private final EngineOptions options;
  private final DefaultEngineServer engine;
  private final boolean keepAlive;
  private final String origin;
  private final boolean acceptsGzip;
  private final AtomicBoolean done = new AtomicBoolean();
  private volatile Runnable abortAction;
  private volatile boolean aborted;

  PollingExchange(EngineHttpHandler owner, ChannelHandlerContext ctx, HttpRequest request, DefaultEngineServer engine) {
    this.owner = owner;
    this.ctx = ctx;
    this.engine = engine;
    this.options = engine.options();
    this.keepAlive = HttpUtil.isKeepAlive(request);
    this.origin = request.headers().get(HttpHeaderNames.ORIGIN);
    String acceptEncoding = request.headers().get(HttpHeaderNames.ACCEPT_ENCODING);
    this.acceptsGzip = acceptEncoding != null && acceptEncoding.contains("gzip");
  }

  String origin() {
    return origin;
  }

  @Override
  public void respond(HttpResponseStatus status, String contentType, byte[] body) {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    byte[] payload = body;
    boolean gzip = options.httpCompression() && acceptsGzip && body.length >= options.httpCompressionThreshold();
    if (gzip) {
      payload = HttpResponses.gzip(body);
    }
    FullHttpResponse response = HttpResponses.of(status, contentType, payload);
    if (gzip) {
      response.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
      response.headers().add(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
    }
    send(response);
  }

  @Override
  public void respondError(EngineErrorCode code) {
    if (done.compareAndSet(false, true)) {
      engine.refused(code);
      send(HttpResponses.error(code));
    }
  }

  /** Answers with a prepared response (a preflight). */
  void respond(FullHttpResponse response) {
    if (done.compareAndSet(false, true)) {
      send(response);
    } else {
      response.release();
    }
  }

  private void send(FullHttpResponse response) {
    Cors.apply(options.cors(), origin, response.headers());
    // While the server shuts down, answers close their connection and say so: a client whose kept-alive connection
    // is closed under it, just after its last answer, may report a transport error instead of the close.
    boolean keep = keepAlive && !engine.isClosed();
    if (!keep) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ctx.writeAndFlush(response).addListener(f -> owner.exchangeDone(ctx, this, keep && f.isSuccess()));
  }

  @Override
  public void onAbort(Runnable action) {
    abortAction = action;
    if (aborted && !done.get()) {
      action.run();
    }
  }

  /** The client went away; called on the channel's loop. */
  void aborted() {
    aborted = true;
    Runnable action = abortAction;
    if (action != null && !done.get()) {
      action.run();
    }
  }

  /** The WebSocket handshake answers this request instead. */
  void markTakenOver() {
    done.set(true);
  }

  @Override
  public boolean isDone() {
    return done.get();
  }
}
