package dev.parley.examples.chat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Serves the chat page's three files from the class path. A fixed list, not a path lookup: nothing a request
 * names can reach another file. The page runs no inline script, so the Content-Security-Policy can forbid them.
 */
final class StaticFilesHandler extends ChannelInboundHandlerAdapter {
  private record File(String resource, String contentType) {}

  private static final Map<String, File> FILES = Map.of(
      "/", new File("static/index.html", "text/html; charset=utf-8"),
      "/index.html", new File("static/index.html", "text/html; charset=utf-8"),
      "/chat.js", new File("static/chat.js", "application/javascript; charset=utf-8"),
      "/chat.css", new File("static/chat.css", "text/css; charset=utf-8"));

  private boolean swallowing;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (swallowing) {
      swallowing = !(msg instanceof LastHttpContent);
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!(msg instanceof HttpRequest request) || request.method() != HttpMethod.GET
        || !FILES.containsKey(pathOf(request.uri()))) {
      ctx.fireChannelRead(msg);
      return;
    }
    swallowing = !(msg instanceof LastHttpContent);
    ReferenceCountUtil.release(msg);
    File file = FILES.get(pathOf(request.uri()));
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.wrappedBuffer(read(file.resource())));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, file.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
        .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
        .set("X-Content-Type-Options", "nosniff")
        .set("Content-Security-Policy", "default-src 'self'; connect-src 'self' ws: wss:; object-src 'none'");
    if (HttpUtil.isKeepAlive(request)) {
      ctx.writeAndFlush(response);
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static String pathOf(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  private static byte[] read(String resource) {
    try (InputStream in = StaticFilesHandler.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
