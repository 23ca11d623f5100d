package dev.parley.engineio.server.internal;

import dev.parley.engineio.server.EngineErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The first HTTP handler of a connection: it takes the requests under the engine's path and passes every other one
 * down the pipeline untouched.
 *
 * <p>For engine requests it gathers the body within {@code maxHttpBufferSize} (413 past it, before the whole body is
 * read), rejects request smuggling shapes and broken chunked bodies (400 and close), and answers requests one at a
 * time: while an answer is pending (a held long-poll), or while the channel is not writable (its client does not read
 * what it is sent, whichever route answered), further pipelined requests wait and the channel stops reading. At most
 * {@code maxPipelinedRequests} wait; one more closes the connection. So a client that pipelines without reading
 * cannot make the server buffer without bound (catalogue C7).
 */
public final class EngineHttpHandler extends ChannelInboundHandlerAdapter {
  private final List<Mount> mounts;
  private final int maxHeldRequests;

  private Mount mount;
  private HttpRequest request;
  private CompositeByteBuf body;
  private boolean forwarding;
  private boolean discarding;
  private boolean lingering;
  private PollingExchange inFlight;
  private final ArrayDeque<Object> held = new ArrayDeque<>();
  private int heldRequests;

  /** An engine and the path it answers. */
  private record Mount(DefaultEngineServer engine, EngineRequestRouter router, String path, String pathWithoutSlash) {
    static Mount of(DefaultEngineServer engine) {
      String path = engine.options().path();
      return new Mount(engine, new EngineRequestRouter(engine), path, path.substring(0, path.length() - 1));
    }

    boolean matches(String requestPath) {
      return requestPath.equals(path) || requestPath.equals(pathWithoutSlash);
    }
  }

  /** A handler for the engines' paths; each engine must have its own path. */
  public EngineHttpHandler(List<DefaultEngineServer> engines) {
    this.mounts = engines.stream().map(Mount::of).toList();
    this.maxHeldRequests = engines.stream().mapToInt(e -> e.options().limits().maxPipelinedRequests()).max()
        .orElse(1);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (lingering) {
      // after a 413: drop the rest of the body, then close
      boolean last = msg instanceof LastHttpContent;
      ReferenceCountUtil.release(msg);
      if (last) {
        ctx.close();
      }
      return;
    }
    if (inFlight != null || !held.isEmpty() || !ctx.channel().isWritable()) {
      if (forwarding) {
        forward(ctx, msg);
        return;
      }
      hold(ctx, msg);
      return;
    }
    read(ctx, msg);
  }

  private void hold(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest && ++heldRequests > maxHeldRequests) {
      // a client pipelining this far ahead without taking its answers is not an Engine.IO client
      ReferenceCountUtil.release(msg);
      releaseHeld();
      discarding = true;
      lingering = true;
      ctx.close();
      return;
    }
    held.add(msg);
    ctx.channel().config().setAutoRead(false);
  }

  private void read(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpContent content && !(msg instanceof HttpRequest) && content.decoderResult().isFailure()) {
      // a broken chunk (size, line ending, extension): the decoder stops there; the request must not be served with
      // what was read of its body, nor anything after it be read as a request
      content.release();
      request = null;
      discarding = true;
      if (body != null) {
        body.release();
        body = null;
      }
      HttpResponses.sendStatusAndClose(ctx, HttpResponseStatus.BAD_REQUEST);
      return;
    }
    if (msg instanceof HttpRequest req) {
      onRequest(ctx, req);
    } else if (forwarding) {
      forward(ctx, msg);
    } else if (msg instanceof HttpContent content) {
      onContent(ctx, content);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  private void forward(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof LastHttpContent) {
      forwarding = false;
    }
    ctx.fireChannelRead(msg);
  }

  private void onRequest(ChannelHandlerContext ctx, HttpRequest req) {
    if (!req.decoderResult().isSuccess() || !HttpRequestChecks.isSafe(req)) {
      ReferenceCountUtil.release(req);
      discarding = true;
      // the reference's JSON error even though no engine was chosen: a client (or a test of the catalogue's A1) reads
      // one error shape from this port, whatever part of the request broke
      HttpResponses.sendAndClose(ctx, HttpResponses.error(EngineErrorCode.BAD_REQUEST));
      return;
    }
    Mount target = mountFor(req.uri());
    if (target == null) {
      forwarding = !(req instanceof LastHttpContent);
      ctx.fireChannelRead(req);
      return;
    }
    discarding = false;
    mount = target;
    request = req;
    long declared = HttpUtil.getContentLength(req, -1L);
    if (declared > target.engine.options().maxHttpBufferSize()) {
      rejectTooLarge(ctx, req instanceof LastHttpContent);
      return;
    }
    if (HttpUtil.is100ContinueExpected(req)) {
      ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    }
    if (req.method() == HttpMethod.POST) {
      body = ctx.alloc().compositeBuffer();
    }
    if (req instanceof LastHttpContent last) {
      onContent(ctx, last);
    }
  }

  private void onContent(ChannelHandlerContext ctx, HttpContent content) {
    try {
      if (discarding || request == null) {
        return;
      }
      ByteBuf data = content.content();
      if (body != null && data.isReadable()) {
        if ((long) body.readableBytes() + data.readableBytes() > mount.engine.options().maxHttpBufferSize()) {
          rejectTooLarge(ctx, content instanceof LastHttpContent);
          return;
        }
        body.addComponent(true, data.retain());
      }
      if (content instanceof LastHttpContent) {
        HttpRequest req = request;
        ByteBuf completeBody = body == null ? Unpooled.EMPTY_BUFFER : body;
        request = null;
        body = null;
        inFlight = new PollingExchange(this, ctx, req, mount.engine);
        try {
          mount.router.route(ctx, req, completeBody, inFlight);
        } finally {
          completeBody.release();
        }
      }
    } finally {
      content.release();
    }
  }

  private void rejectTooLarge(ChannelHandlerContext ctx, boolean bodyComplete) {
    // The reference keeps the session and answers 413; the rest of the body is not wanted, so the connection closes.
    discarding = true;
    request = null;
    if (body != null) {
      body.release();
      body = null;
    }
    // A lingering close, as Node's server (which drains the unread body) gives: closing at once while the client
    // was still sending its body made the kernel reset the connection, and the JDK's HTTP client sometimes reported
    // the reset instead of the 413. Half-close after the answer and drop what still arrives until the body ends; the
    // body timeout bounds a client that never ends it.
    if (bodyComplete) {
      HttpResponses.sendStatusAndClose(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
      return;
    }
    lingering = true;
    FullHttpResponse tooLarge = HttpResponses.of(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
        "text/plain; charset=UTF-8", HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.reasonPhrase()
            .getBytes(StandardCharsets.US_ASCII));
    tooLarge.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(tooLarge).addListener(f -> {
      if (f.isSuccess() && ctx.channel() instanceof DuplexChannel duplex) {
        duplex.shutdownOutput();
      } else {
        ctx.close();
      }
    });
  }

  private Mount mountFor(String uri) {
    int q = uri.indexOf('?');
    String p = q < 0 ? uri : uri.substring(0, q);
    for (int i = 0; i < mounts.size(); i++) {
      if (mounts.get(i).matches(p)) {
        return mounts.get(i);
      }
    }
    return null;
  }

  /** An answer went out; called on this channel's loop. */
  void exchangeDone(ChannelHandlerContext ctx, PollingExchange exchange, boolean keepAlive) {
    if (inFlight != exchange) {
      return;
    }
    inFlight = null;
    if (!keepAlive) {
      ctx.close();
      return;
    }
    readHeld(ctx);
  }

  /** Serves what waited, while nothing is in flight and the client takes its answers; then reads again. */
  private void readHeld(ChannelHandlerContext ctx) {
    while (inFlight == null && !held.isEmpty() && ctx.channel().isActive() && ctx.channel().isWritable()) {
      Object msg = held.poll();
      if (msg instanceof HttpRequest) {
        heldRequests--;
      }
      read(ctx, msg);
    }
    if (held.isEmpty() && ctx.channel().isWritable()) {
      // reading goes on even under a held long-poll, so that a client dropping it is noticed at once
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && !lingering) {
      readHeld(ctx);
    }
    ctx.fireChannelWritabilityChanged();
  }

  /** The WebSocket upgrade took this channel over. */
  void upgraded() {
    inFlight = null;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (inFlight != null) {
      inFlight.aborted();
      inFlight = null;
    }
    releaseHeld();
    if (body != null) {
      body.release();
      body = null;
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseHeld();
    if (ctx.channel().isActive()) {
      // upgraded: the WebSocket reads from now on, whatever held reads back here
      ctx.channel().config().setAutoRead(true);
    }
  }

  private void releaseHeld() {
    Object msg;
    while ((msg = held.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
    heldRequests = 0;
  }
}
