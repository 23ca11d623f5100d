package dev.parley.engineio.server.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an HTTP pipeline: whatever request nobody answered gets a 404, and whatever error nobody
 * handled closes the connection. A client that resets its connection (a browser tab closed, a client closing with
 * {@code SO_LINGER 0}) makes the read fail with an {@link IOException}: that is the client leaving, logged at DEBUG,
 * not an error to report from the end of the pipeline.
 */
@ChannelHandler.Sharable
public final class NotFoundHandler extends ChannelInboundHandlerAdapter {
  public static final NotFoundHandler INSTANCE = new NotFoundHandler();
  private static final Logger log = LoggerFactory.getLogger(NotFoundHandler.class);

  private NotFoundHandler() {}

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      log.debug("connection {} ended: {}", ctx.channel().remoteAddress(), cause.toString());
    } else {
      log.warn("unhandled error on connection {}", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest) {
        HttpResponses.sendStatusAndClose(ctx, HttpResponseStatus.NOT_FOUND);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }
}
