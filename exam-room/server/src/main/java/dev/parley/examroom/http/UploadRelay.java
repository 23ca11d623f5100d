package dev.parley.examroom.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.CompletableFuture;

/**
 * One upload in progress on a connection: hands each piece of the body to its {@link BodySink} and asks the channel
 * for the next piece only once the sink took the previous one, so a client can never get more than one piece ahead
 * of the disk. It exists to keep {@link ApiHandler} a router. Every method runs on the channel's event loop; the
 * sink's futures complete elsewhere and are brought back to it.
 */
final class UploadRelay {
  /** What the handler does when the upload ends. */
  interface Outcome {
    /** The body is complete: answer with the sink's result; the connection may be kept. */
    void finished(CompletableFuture<ApiResponse> answer);

    /** The upload is refused while its body may still be arriving: answer and close the connection. */
    void refused(ApiResponse answer);

    /** The body passed the route's limit. */
    void tooLarge();
  }

  private final ChannelHandlerContext ctx;
  private final BodySink sink;
  private final long limit;
  private final Outcome outcome;
  private long received;
  private boolean over;

  UploadRelay(ChannelHandlerContext ctx, BodySink sink, long limit, Outcome outcome) {
    this.ctx = ctx;
    this.sink = sink;
    this.limit = limit;
    this.outcome = outcome;
  }

  /** The next piece of the body (the caller releases it). */
  void onContent(HttpContent content) {
    if (over) {
      return;
    }
    int n = content.content().readableBytes();
    received += n;
    if (received > limit) {
      over = true;
      sink.abort();
      outcome.tooLarge();
      return;
    }
    boolean last = content instanceof LastHttpContent;
    CompletableFuture<Void> taken;
    try {
      taken = n == 0 ? CompletableFuture.completedFuture(null) : sink.write(ByteBufUtil.getBytes(content.content()));
    } catch (RuntimeException e) {
      taken = CompletableFuture.failedFuture(e);
    }
    taken.whenComplete((v, error) -> ctx.executor().execute(() -> afterWrite(error, last)));
  }

  private void afterWrite(Throwable error, boolean last) {
    if (over) {
      return; // aborted meanwhile (the connection closed)
    }
    if (error != null) {
      over = true;
      sink.abort();
      outcome.refused(ApiHandler.errorResponse(error));
    } else if (last) {
      over = true;
      CompletableFuture<ApiResponse> answer;
      try {
        answer = sink.finish();
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
      outcome.finished(answer);
    } else {
      ctx.read();
    }
  }

  /** The connection is gone: drop the upload unless it already ended. */
  void abort() {
    if (!over) {
      over = true;
      sink.abort();
    }
  }
}
