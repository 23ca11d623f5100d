package dev.parley.benchmarks.peers;

import dev.parley.benchmarks.suite.Args;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The machine's limit estimate: a raw Netty WebSocket server that speaks just enough Engine.IO v4 / Socket.IO v5 to
 * satisfy the benchmark contract, with no sessions, no JSON and no per-receiver encoding. A {@code bench} frame is
 * broadcast to the room as the very bytes it arrived with (one buffer, retained per receiver). WebSocket only.
 *
 * <p>Usage: {@code java ... RawNettyServer --port N [--host 127.0.0.1] [--threads 1]}
 */
public final class RawNettyServer {
  private static final byte[] JOIN = "[\"join\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BENCH = "[\"bench\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ECHO = "[\"echo\",".getBytes(StandardCharsets.US_ASCII);

  private RawNettyServer() {}

  public static void main(String[] argv) throws InterruptedException {
    Args a = Args.parse(argv);
    int port = a.getInt("port", 3000);
    String host = a.get("host", "127.0.0.1");
    int threads = a.getInt("threads", Runtime.getRuntime().availableProcessors());
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    ChannelGroup room = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    AtomicLong ids = new AtomicLong();
    WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
        .websocketPath("/socket.io/").checkStartsWith(true).maxFramePayloadLength(1 << 20).build();
    Channel server = new ServerBootstrap()
        .group(group)
        .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65_536),
                new WebSocketServerProtocolHandler(ws), new Handler(room, "raw" + ids.incrementAndGet()));
          }
        })
        .bind(host, port).sync().channel();
    System.out.println("raw netty broadcast server listening on " + host + ":" + port);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }));
    server.closeFuture().sync();
  }

  private static final class Handler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private final ChannelGroup room;
    private final String sid;
    private ScheduledFuture<?> pings;

    Handler(ChannelGroup room, String sid) {
      this.room = room;
      this.sid = sid;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
        send(ctx, "0{\"sid\":\"" + sid + "\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,"
            + "\"maxPayload\":1000000}");
        pings = ctx.executor().scheduleAtFixedRate(() -> send(ctx, "2"), 25, 25, TimeUnit.SECONDS);
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (pings != null) {
        pings.cancel(false);
      }
      super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      ByteBuf b = frame.content();
      int ri = b.readerIndex();
      int len = b.readableBytes();
      if (len >= 2 && b.getByte(ri) == '4' && b.getByte(ri + 1) == '0') {
        send(ctx, "40{\"sid\":\"" + sid + "\"}");
      } else if (len >= 3 && b.getByte(ri) == '4' && b.getByte(ri + 1) == '2') {
        int i = ri + 2;
        while (i < ri + len && Character.isDigit(b.getByte(i))) {
          i++;
        }
        String ackId = b.toString(ri + 2, i - ri - 2, StandardCharsets.US_ASCII);
        if (startsWith(b, i, BENCH)) {
          room.writeAndFlush(frame.retainedDuplicate());
        } else if (startsWith(b, i, JOIN)) {
          room.add(ctx.channel());
          send(ctx, "43" + ackId + "[]");
        } else if (startsWith(b, i, ECHO) && !ackId.isEmpty()) {
          int from = i + ECHO.length;
          ByteBuf reply = ctx.alloc().buffer(len + 4);
          reply.writeCharSequence("43" + ackId + "[", StandardCharsets.US_ASCII);
          reply.writeBytes(b, from, ri + len - from);
          ctx.writeAndFlush(new TextWebSocketFrame(reply));
        }
      }
    }

    private static boolean startsWith(ByteBuf b, int at, byte[] prefix) {
      if (at + prefix.length > b.writerIndex()) {
        return false;
      }
      for (int k = 0; k < prefix.length; k++) {
        if (b.getByte(at + k) != prefix[k]) {
          return false;
        }
      }
      return true;
    }

    private static void send(ChannelHandlerContext ctx, String text) {
      ctx.writeAndFlush(new TextWebSocketFrame(ByteBufUtil.writeUtf8(ctx.alloc(), text)));
    }
  }
}
