package dev.parley.testkit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client that sends exactly what a test says (text, binary, any frame) and records every message and
 * the close status, for protocol and hostile-input tests.
 */
public final class RawWebSocketClient implements AutoCloseable {
  /** A received message: text, bytes, or the close (status and reason; status -1 when the TCP connection ended). */
  public record Message(String text, byte[] binary, int closeStatus, String closeReason) {
    public boolean isClose() {
      return text == null && binary == null;
    }
  }

  private static final EventLoopGroup GROUP =
      new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("raw-ws-client", true), NioIoHandler.newFactory());

  private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> handshake = new CompletableFuture<>();
  private final CompletableFuture<Message> closed = new CompletableFuture<>();
  private Channel channel;
  private volatile int handshakeStatus;

  private RawWebSocketClient() {}

  /** Connects and completes the handshake, or throws with the HTTP status the server answered instead. */
  public static RawWebSocketClient connect(String url, Map<String, String> headers) {
    RawWebSocketClient client = new RawWebSocketClient();
    client.open(URI.create(url), headers);
    return client;
  }

  public static RawWebSocketClient connect(String url) {
    return connect(url, Map.of());
  }

  /**
   * Tries a handshake and returns the HTTP status the server answered: 101 when it switched protocols, else the
   * error status (400, 403, …).
   */
  public static int tryHandshake(String url, Map<String, String> headers) {
    RawWebSocketClient client = new RawWebSocketClient();
    try {
      client.open(URI.create(url), headers);
      client.close();
      return 101;
    } catch (IllegalStateException e) {
      return client.handshakeStatus;
    }
  }

  private void open(URI uri, Map<String, String> headers) {
    HttpHeaders custom = new DefaultHttpHeaders();
    headers.forEach(custom::add);
    WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13,
        null, true, custom, 16 * 1024 * 1024);
    Bootstrap bootstrap = new Bootstrap().group(GROUP).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                new Handler(handshaker));
          }
        });
    channel = bootstrap.connect(uri.getHost(), uri.getPort()).syncUninterruptibly().channel();
    try {
      handshaker.handshake(channel).syncUninterruptibly();
      handshake.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      channel.close();
      throw new IllegalStateException("handshake failed with status " + handshakeStatus, e);
    }
  }

  private final class Handler extends SimpleChannelInboundHandler<Object> {
    private final WebSocketClientHandshaker handshaker;

    Handler(WebSocketClientHandshaker handshaker) {
      this.handshaker = handshaker;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
      if (!handshaker.isHandshakeComplete() && msg instanceof FullHttpResponse response) {
        handshakeStatus = response.status().code();
        try {
          handshaker.finishHandshake(ctx.channel(), response);
          handshake.complete(null);
        } catch (WebSocketHandshakeException e) {
          handshake.completeExceptionally(e);
        }
        return;
      }
      if (msg instanceof TextWebSocketFrame text) {
        messages.add(new Message(text.text(), null, 0, null));
      } else if (msg instanceof BinaryWebSocketFrame binary) {
        messages.add(new Message(null, ByteBufUtil.getBytes(binary.content()), 0, null));
      } else if (msg instanceof CloseWebSocketFrame close) {
        Message m = new Message(null, null, close.statusCode(), close.reasonText());
        messages.add(m);
        closed.complete(m);
        ctx.close();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      Message m = new Message(null, null, -1, "connection closed");
      if (closed.complete(m)) {
        messages.add(m);
      }
      handshake.completeExceptionally(new IllegalStateException("connection closed"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      handshake.completeExceptionally(cause);
      ctx.close();
    }
  }

  public void sendText(String text) {
    channel.writeAndFlush(new TextWebSocketFrame(text)).syncUninterruptibly();
  }

  public void sendBinary(byte[] data) {
    channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data))).syncUninterruptibly();
  }

  /** Sends any frame (fragments, control frames, reserved bits). */
  public void sendFrame(WebSocketFrame frame) {
    channel.writeAndFlush(frame).syncUninterruptibly();
  }

  /** The next message, or {@code null} after the timeout. */
  public Message next(Duration timeout) {
    try {
      return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The next text message (skipping pings {@code 2}, answered with {@code 3}); fails after the timeout. */
  public String nextText(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Message m = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (m == null) {
        throw new AssertionError("no text message within " + timeout);
      }
      if (m.text() != null && m.text().equals("2")) {
        sendText("3");
        continue;
      }
      if (m.text() == null) {
        throw new AssertionError("expected text, got " + (m.isClose() ? "close " + m.closeStatus() : "binary"));
      }
      return m.text();
    }
  }

  /** Waits for the close (frame or TCP) and returns it. */
  public Message awaitClose(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("connection not closed within " + timeout, e);
    }
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
  }

  /** Text as UTF-8 bytes. */
  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
