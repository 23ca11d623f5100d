package dev.parley.benchmarks.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** A session over a WebSocket opened directly ({@code transport=websocket}, no polling handshake first). */
public final class WsSession extends Session {
  private static final int MAX_FRAME = 16 << 20;

  // set in initChannel, on registration, before any event of the connection can use it; volatile for the
  // threads outside the loop that send or close
  private volatile Channel channel;

  public WsSession(int index, SessionListener listener) {
    super(index, listener);
  }

  @Override
  public CompletableFuture<Session> start(Bootstrap bootstrap, Target target) {
    URI uri = URI.create("ws://" + target.hostHeader() + target.query(Transport.WEBSOCKET, null));
    WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
        .webSocketUri(uri)
        .version(WebSocketVersion.V13)
        .maxFramePayloadLength(MAX_FRAME)
        .handshakeTimeoutMillis(20_000)
        .dropPongFrames(true)
        .build();
    Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        channel = ch;
        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536),
            new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(MAX_FRAME), new FrameHandler());
      }
    });
    InetSocketAddress local = target.local(index());
    ChannelFuture f = local == null ? b.connect(target.remote()) : b.connect(target.remote(), local);
    channel = f.channel();
    f.addListener(done -> {
      if (!done.isSuccess()) {
        onClosed(done.cause());
      }
    });
    return connectedFuture();
  }

  @Override
  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  @Override
  protected void writeEngine(String packet) {
    channel.write(new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), packet)), channel.voidPromise());
  }

  @Override
  public void flush() {
    channel.flush();
  }

  /** Whether the socket can take more writes without queueing in user space. */
  public boolean isWritable() {
    return channel.isWritable();
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close();
    }
  }

  private final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame) {
        onEnginePacket(frame.content());
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      onClosed(null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      onClosed(cause);
      ctx.close();
    }
  }
}
