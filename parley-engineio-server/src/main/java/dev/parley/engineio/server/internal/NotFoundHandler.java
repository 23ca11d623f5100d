package dev.parley.engineio.server.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

/** The last handler of an HTTP pipeline: whatever request nobody answered gets a 404. */
@ChannelHandler.Sharable
public final class NotFoundHandler extends ChannelInboundHandlerAdapter {
  public static final NotFoundHandler INSTANCE = new NotFoundHandler();

  private NotFoundHandler() {}

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
