package dev.parley.engineio.server.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes HTTP connections that send their request too slowly (slowloris): the headers must arrive within
 * {@code headerTimeout} of the connection opening or of the previous answer, and a body within {@code bodyTimeout}
 * of its headers. Time spent waiting for the server (a held long-poll) does not count. A client that does not take its
 * answer is closed too: an answer must be written out within {@code bodyTimeout}, or its queued bytes would be held
 * for as long as the client likes (catalogue C7). Removed on WebSocket upgrade, where heartbeats take over.
 */
public final class HttpTimeoutsHandler extends ChannelDuplexHandler {
  private final long headerTimeoutNanos;
  private final long bodyTimeoutNanos;
  private ScheduledFuture<?> timer;

  public HttpTimeoutsHandler(Duration headerTimeout, Duration bodyTimeout) {
    this.headerTimeoutNanos = headerTimeout.toNanos();
    this.bodyTimeoutNanos = bodyTimeout.toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      arm(ctx, headerTimeoutNanos);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    arm(ctx, headerTimeoutNanos);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      cancel();
      if (!(msg instanceof LastHttpContent)) {
        arm(ctx, bodyTimeoutNanos);
      }
    } else if (msg instanceof LastHttpContent) {
      cancel();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof LastHttpContent) {
      ScheduledFuture<?> writeDeadline = ctx.executor().schedule(() -> {
        ctx.close();
      }, bodyTimeoutNanos, TimeUnit.NANOSECONDS);
      ctx.write(msg, promise).addListener(f -> {
        writeDeadline.cancel(false);
        if (ctx.channel().isActive() && timer == null) {
          arm(ctx, headerTimeoutNanos);
        }
      });
      return;
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  private void arm(ChannelHandlerContext ctx, long nanos) {
    cancel();
    timer = ctx.executor().schedule(() -> {
      timer = null;
      ctx.close();
    }, nanos, TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
