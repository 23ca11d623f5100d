package dev.parley.benchmarks.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * A session over HTTP long-polling only (Engine.IO v4): one keep-alive connection carries the long-poll GETs, a
 * second one the POSTs, both on the same event loop. At most one GET and one POST are in flight, as the protocol
 * requires; packets written while a POST is in flight are joined with {@code \x1e} into the next one.
 */
public final class PollingSession extends Session {
  private static final int MAX_BODY = 64 << 20;
  private static final int MAX_RETRIES = 3;

  private final ArrayDeque<String> outbox = new ArrayDeque<>();
  private Bootstrap bootstrap;
  private Target target;
  private volatile Channel getChannel;
  private volatile Channel postChannel;
  private String sid;
  private boolean postInFlight;
  private boolean postConnecting;
  private String postBody;
  private int getRetries;
  private int postRetries;
  /** Set by {@link #close()}: a connection that ends from now on is the close, not a server drop to retry. */
  private volatile boolean closeRequested;

  public PollingSession(int index, SessionListener listener) {
    super(index, listener);
  }

  @Override
  public CompletableFuture<Session> start(Bootstrap bootstrap, Target target) {
    this.bootstrap = bootstrap;
    this.target = target;
    connectGet(bootstrap);
    return connectedFuture();
  }

  private void connectGet(Bootstrap b) {
    ChannelFuture f = connect(b, new GetHandler());
    getChannel = f.channel();
    f.addListener(done -> {
      if (done.isSuccess()) {
        sendGet();
      } else {
        onClosed(done.cause());
        close();
      }
    });
  }

  private ChannelFuture connect(Bootstrap b, SimpleChannelInboundHandler<FullHttpResponse> handler) {
    Bootstrap withHandler = b.clone().handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_BODY), handler);
      }
    });
    InetSocketAddress local = target.local(index());
    return local == null ? withHandler.connect(target.remote()) : withHandler.connect(target.remote(), local);
  }

  @Override
  public EventLoop eventLoop() {
    return getChannel.eventLoop();
  }

  @Override
  protected void onOpen(String openPacket) {
    sid = Packets.sid(openPacket);
    if (sid == null) {
      onClosed(new IOException("no sid in open packet: " + openPacket));
      close();
    }
  }

  /** Opens the POST connection; servers close idle keep-alive connections (Node after 5 s), so this recurs. */
  private void connectPost() {
    postConnecting = true;
    ChannelFuture f = connect(bootstrap.clone(getChannel.eventLoop()), new PostHandler());
    postChannel = f.channel();
    f.addListener(done -> {
      postConnecting = false;
      if (done.isSuccess()) {
        sendPost();
      } else {
        onClosed(done.cause());
        close();
      }
    });
  }

  private void sendGet() {
    if (isClosed() || closeRequested) {
      return;
    }
    FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
        target.query(Transport.POLLING, sid), Unpooled.EMPTY_BUFFER);
    req.headers().set(HttpHeaderNames.HOST, target.hostHeader());
    req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    getChannel.writeAndFlush(req, getChannel.voidPromise());
  }

  @Override
  protected void writeEngine(String packet) {
    outbox.add(packet);
  }

  @Override
  public void flush() {
    sendPost();
  }

  private void sendPost() {
    if (postInFlight || postConnecting || outbox.isEmpty() || sid == null || isClosed() || closeRequested) {
      return;
    }
    if (postChannel == null || !postChannel.isActive()) {
      connectPost();
      return;
    }
    StringBuilder body = new StringBuilder();
    while (!outbox.isEmpty()) {
      if (body.length() > 0) {
        body.append((char) Packets.SEPARATOR);
      }
      body.append(outbox.poll());
    }
    postBody = body.toString();
    ByteBuf content = ByteBufUtil.writeUtf8(postChannel.alloc(), body);
    FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
        target.query(Transport.POLLING, sid), content);
    req.headers().set(HttpHeaderNames.HOST, target.hostHeader());
    req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    req.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain;charset=UTF-8");
    req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
    postInFlight = true;
    postChannel.writeAndFlush(req, postChannel.voidPromise());
  }

  @Override
  public void close() {
    closeRequested = true;
    if (getChannel != null) {
      getChannel.close();
    }
    if (postChannel != null) {
      postChannel.close();
    }
  }

  private void failed(ChannelHandlerContext ctx, Throwable cause) {
    onClosed(cause);
    close();
  }

  /**
   * Like a browser, a request that was sent on a reused keep-alive connection which the server then closed without
   * answering is sent again on a fresh connection (netty-socketio resets a connection that carries a second GET).
   */
  private final class GetHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    private int served;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
      served++;
      getRetries = 0;
      if (!HttpResponseStatus.OK.equals(res.status())) {
        failed(ctx, new IOException("GET answered " + res.status() + ": "
            + res.content().toString(StandardCharsets.UTF_8)));
        return;
      }
      Packets.forEachPacket(res.content(), PollingSession.this::onEnginePacket);
      sendGet();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (isClosed()) {
        return;
      }
      if (closeRequested) {
        onClosed(null);
        return;
      }
      if (served > 0 && getRetries++ < MAX_RETRIES) {
        connectGet(bootstrap.clone(ctx.channel().eventLoop()));
      } else {
        failed(ctx, new IOException("GET connection closed"));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof IOException) {
        ctx.close();
      } else {
        failed(ctx, cause);
      }
    }
  }

  private final class PostHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    private int served;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
      served++;
      postRetries = 0;
      postInFlight = false;
      if (!HttpResponseStatus.OK.equals(res.status())) {
        failed(ctx, new IOException("POST answered " + res.status() + ": "
            + res.content().toString(StandardCharsets.UTF_8)));
        return;
      }
      sendPost();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (isClosed() || closeRequested) {
        return;
      }
      if (postInFlight && (served == 0 || postRetries++ >= MAX_RETRIES)) {
        failed(ctx, new IOException("POST connection closed during a request"));
        return;
      }
      if (postInFlight) {
        postInFlight = false;
        outbox.addFirst(postBody);
      }
      sendPost();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof IOException) {
        ctx.close();
      } else {
        failed(ctx, cause);
      }
    }
  }
}
